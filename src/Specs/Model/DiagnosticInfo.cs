using SysregGen.Specs.Diagnostics;

namespace SysregGen.Specs.Model;

/// <summary>
/// A diagnostic as data: the rule it breaks, where it points and its message arguments. It stays
/// equatable (descriptors compare by reference), so parse results that carry it can be cached; the
/// generator turns it into a Roslyn <c>Diagnostic</c> only in its output step.
/// </summary>
/// <param name="Descriptor">The rule broken.</param>
/// <param name="Location">Where in the spec.</param>
/// <param name="Arguments">The arguments of the descriptor's message format.</param>
/// <param name="RelatedLocations">Other places the problem involves, such as the spec that already
/// has a duplicated name (a compiler's "additional locations"); usually none.</param>
public sealed record DiagnosticInfo(SpecDiagnosticDescriptor Descriptor, LocationInfo Location, EquatableArray<string> Arguments, EquatableArray<LocationInfo> RelatedLocations = default)
{
    /// <summary>The id of the rule broken, SRGnnnn.</summary>
    public string Id => Descriptor.Id;

    /// <summary>A diagnostic of <paramref name="descriptor"/> at <paramref name="location"/>.</summary>
    /// <param name="descriptor">The rule broken.</param>
    /// <param name="location">Where in the spec.</param>
    /// <param name="arguments">The message arguments.</param>
    /// <returns>The diagnostic.</returns>
    public static DiagnosticInfo Create(SpecDiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        new(descriptor, location, new EquatableArray<string>(arguments));

    /// <summary>A diagnostic of <paramref name="descriptor"/> at <paramref name="location"/> that also involves <paramref name="related"/>.</summary>
    /// <param name="descriptor">The rule broken.</param>
    /// <param name="location">Where in the spec.</param>
    /// <param name="related">The other place, typically in another spec.</param>
    /// <param name="arguments">The message arguments.</param>
    /// <returns>The diagnostic.</returns>
    public static DiagnosticInfo CreateRelated(SpecDiagnosticDescriptor descriptor, LocationInfo location, LocationInfo related, params string[] arguments) =>
        new(descriptor, location, new EquatableArray<string>(arguments), new EquatableArray<LocationInfo>(new[] { related }));

    /// <summary>The message as the descriptor formats it.</summary>
    /// <returns>The message.</returns>
    public string FormatMessage() => Descriptor.FormatMessage(Arguments);

    /// <summary>The diagnostic as a compiler prints one: <c>file(line,col): error SRGnnnn: message</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() =>
        $"{Location.ToDisplayString()}: {(Descriptor.Severity == SpecDiagnosticSeverity.Error ? "error" : "warning")} {Id}: {FormatMessage()}";
}
