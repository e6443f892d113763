using System;
using System.Collections.Generic;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Json;

/// <summary>Turns character offsets of one file into <see cref="LocationInfo"/>s.</summary>
internal sealed class LineMap
{
    private readonly int[] _lineStarts;

    public LineMap(string path, string text)
    {
        Path = path;
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = starts.ToArray();
    }

    public string Path { get; }

    public LocationInfo Locate(TextRange range)
    {
        (int sl, int sc) = LineAndColumn(range.Start);
        (int el, int ec) = LineAndColumn(range.End);
        return new LocationInfo(Path, range.Start, range.Length, sl, sc, el, ec);
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
