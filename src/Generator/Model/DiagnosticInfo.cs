namespace SysregGen.Generator.Model;

/// <summary>
/// A diagnostic as data: the descriptor id, its message arguments and where it points. Turned into
/// a Roslyn <c>Diagnostic</c> only in the output step, so parse results stay equatable.
/// </summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(string id, LocationInfo location, params string[] arguments) =>
        new(id, location, new EquatableArray<string>(arguments));

    /// <summary>The message as the descriptor formats it; used by tests and the CLI linter.</summary>
    public string FormatMessage() =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Diagnostics.DiagnosticDescriptors.MessageFormatOf(Id), System.Linq.Enumerable.ToArray<object>(Arguments.AsImmutableArray()));
}
