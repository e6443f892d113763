using SysregGen.Specs.Model;
using SysregGen.Specs.Parsing;
using SysregGen.Specs.Validation;

namespace SysregGen.Specs;

/// <summary>
/// Checks one spec file: what the source generator does to each spec, and <c>sysreg lint</c> too.
/// It composes the two halves, which know nothing of each other: <see cref="SpecReader"/> (JSON to
/// model) and <see cref="SpecValidator"/> (rules on the model).
/// </summary>
public static class SpecChecker
{
    /// <summary>Reads a spec and, when it reads cleanly, runs the rules one spec must satisfy on its own.</summary>
    /// <param name="path">The file's path, for locations.</param>
    /// <param name="text">The file's text.</param>
    /// <returns>The register when the spec is valid (null otherwise), the name it declares, and what is wrong.</returns>
    public static SpecResult Check(string path, string text)
    {
        SpecResult read = SpecReader.Read(path, text);
        if (read.Layout is { } layout)
        {
            EquatableArray<DiagnosticInfo> layoutProblems = SpecValidator.Validate(layout);
            return layoutProblems.Count == 0 ? read : read with { Layout = null, Diagnostics = layoutProblems };
        }

        if (read.Spec is null)
        {
            return read;
        }

        EquatableArray<DiagnosticInfo> problems = SpecValidator.Validate(read.Spec);
        return problems.Count == 0 ? read : read with { Spec = null, Diagnostics = problems };
    }
}
