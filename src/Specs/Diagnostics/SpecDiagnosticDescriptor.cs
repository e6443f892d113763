using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SysregGen.Specs.Diagnostics;

/// <summary>How serious a spec diagnostic is.</summary>
public enum SpecDiagnosticSeverity
{
    /// <summary>The spec still generates, but probably not as meant.</summary>
    Warning,

    /// <summary>The spec generates nothing.</summary>
    Error,
}

/// <summary>
/// One rule a spec can break, as plain data. Every instance is one of
/// <see cref="DiagnosticDescriptors"/>; instances compare by reference.
/// </summary>
public sealed class SpecDiagnosticDescriptor
{
    /// <summary>The category of the diagnostics about a spec.</summary>
    public const string SpecCategory = "SysregGen.Spec";

    /// <summary>The category of the diagnostics about the project the generator runs in (its references, its build).</summary>
    public const string BuildCategory = "SysregGen.Build";

    private const string HelpPage = "https://github.com/sysreggen/sysreggen/blob/main/docs/diagnostics.md";

    internal SpecDiagnosticDescriptor(string id, string title, string messageFormat, SpecDiagnosticSeverity severity, string category = SpecCategory)
    {
        Id = id;
        Title = title;
        MessageFormat = messageFormat;
        Severity = severity;
        Category = category;
    }

    /// <summary>The stable id, SRGnnnn.</summary>
    public string Id { get; }

    /// <summary>A short title.</summary>
    public string Title { get; }

    /// <summary>The message, a composite format string whose arguments each diagnostic supplies.</summary>
    public string MessageFormat { get; }

    /// <summary>How serious it is.</summary>
    public SpecDiagnosticSeverity Severity { get; }

    /// <summary>The category, <see cref="SpecCategory"/> or <see cref="BuildCategory"/>.</summary>
    public string Category { get; }

    /// <summary>The rule's entry in docs/diagnostics.md.</summary>
    public string HelpLinkUri => HelpPage + "#" + Id.ToLowerInvariant();

    /// <summary>The message with <paramref name="arguments"/> filled in.</summary>
    /// <param name="arguments">The message arguments, in order.</param>
    /// <returns>The message.</returns>
    public string FormatMessage(IEnumerable<string> arguments) =>
        string.Format(CultureInfo.InvariantCulture, MessageFormat, arguments.ToArray<object>());

    /// <inheritdoc/>
    public override string ToString() => Id;
}
