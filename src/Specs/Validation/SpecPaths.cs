using System;

namespace SysregGen.Specs.Validation;

/// <summary>
/// How messages name a spec file: relative to the specs folder when the file is in it
/// (<c>timer/CNTP_CTL_EL0.json</c>, as a user finds it in their project), else as given. A build
/// sees absolute paths, which would make messages long and machine-specific; the diagnostic's
/// location keeps the full path for IDEs.
/// </summary>
public sealed class SpecPaths
{
    private readonly string _root;

    /// <summary>Names files relative to <paramref name="specsFolder"/>; as given when it is null or empty.</summary>
    /// <param name="specsFolder">The specs folder (the generator's SysregGenSpecsDir), or null.</param>
    public SpecPaths(string? specsFolder)
    {
        string root = Normalize(specsFolder ?? "");
        _root = root.Length == 0 || root.EndsWith("/", StringComparison.Ordinal) ? root : root + "/";
    }

    /// <summary>File paths as given.</summary>
    public static SpecPaths AsGiven { get; } = new(null);

    /// <summary>The file as a message names it.</summary>
    /// <param name="path">The spec file's path.</param>
    /// <returns>The path relative to the specs folder when it is in it, else <paramref name="path"/> with '/' separators.</returns>
    public string Show(string path)
    {
        string normalized = Normalize(path);
        return _root.Length > 0 && normalized.Length > _root.Length && normalized.StartsWith(_root, StringComparison.OrdinalIgnoreCase)
            ? normalized.Substring(_root.Length)
            : normalized;
    }

    private static string Normalize(string path) => path.Trim().Replace('\\', '/');
}
