using System;

namespace SysregGen.Generator.Model;

/// <summary>
/// Where in a spec file something is: plain data (path, character span, zero-based line/column
/// span), so that models stay equatable and keep no Roslyn <c>Location</c> or syntax tree alive.
/// </summary>
internal sealed record LocationInfo(
    string Path,
    int Start,
    int Length,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn)
{
    public static LocationInfo None(string path) => new(path, 0, 0, 0, 0, 0, 0);

    /// <summary>The position as people read it: one-based line and column.</summary>
    public string ToDisplayString() => $"{Path}({StartLine + 1},{StartColumn + 1})";
}

/// <summary>Turns character offsets of one file into <see cref="LocationInfo"/>s.</summary>
internal sealed class LineMap
{
    private readonly string _path;
    private readonly int[] _lineStarts;

    public LineMap(string path, string text)
    {
        _path = path;
        var starts = new System.Collections.Generic.List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = starts.ToArray();
    }

    public string Path => _path;

    public LocationInfo Locate(int start, int length)
    {
        (int sl, int sc) = LineAndColumn(start);
        (int el, int ec) = LineAndColumn(start + length);
        return new LocationInfo(_path, start, length, sl, sc, el, ec);
    }

    private (int Line, int Column) LineAndColumn(int offset)
    {
        int line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return (line, offset - _lineStarts[line]);
    }
}
