using SysregGen.Specs.Model;
using SysregGen.Specs.Parsing;

namespace SysregGen.Specs;

/// <summary>Checks one spec file: what the source generator does to each spec, and <c>sysreg lint</c> too.</summary>
public static class SpecChecker
{
    /// <summary>Reads a spec and, when it reads cleanly, runs the rules one spec must satisfy on its own.</summary>
    /// <param name="path">The file's path, for locations.</param>
    /// <param name="text">The file's text.</param>
    /// <returns>The register when the spec is valid, and its diagnostics.</returns>
    public static SpecResult Check(string path, string text) => SpecParser.Parse(path, text);
}
