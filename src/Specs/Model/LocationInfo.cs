namespace SysregGen.Specs.Model;

/// <summary>
/// Where in a spec file something is: plain data (path, character span, zero-based line/column
/// span), so that models stay equatable and keep no compiler <c>Location</c> or syntax tree alive.
/// </summary>
/// <param name="Path">The spec file's path, as given to the reader.</param>
/// <param name="Start">The offset of the first character.</param>
/// <param name="Length">The number of characters.</param>
/// <param name="StartLine">The zero-based line of the first character.</param>
/// <param name="StartColumn">The zero-based column of the first character.</param>
/// <param name="EndLine">The zero-based line just past the span.</param>
/// <param name="EndColumn">The zero-based column just past the span.</param>
public sealed record LocationInfo(
    string Path,
    int Start,
    int Length,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn)
{
    /// <summary>No particular place in <paramref name="path"/> (or nowhere, for an empty path).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The location.</returns>
    public static LocationInfo None(string path) => new(path, 0, 0, 0, 0, 0, 0);

    /// <summary>The position as people read it: <c>path(line,column)</c>, one-based.</summary>
    /// <returns>The text.</returns>
    public string ToDisplayString() => $"{Path}({StartLine + 1},{StartColumn + 1})";
}
