using System;
using System.Collections.Generic;

namespace SysregGen.Cli.Import;

/// <summary>A word of a line of Linux's sysreg file, with its 1-based column for diagnostics.</summary>
internal readonly record struct SysregToken(string Text, int Column);

/// <summary>A line that says something: its 1-based number and its words.</summary>
internal sealed record SysregLine(int Number, IReadOnlyList<SysregToken> Tokens)
{
    public string Directive => Tokens[0].Text;

    public SysregToken this[int index] => Tokens[index];

    public int Count => Tokens.Count;
}

/// <summary>
/// Splits arch/arm64/tools/sysreg into lines of words, as awk's default field splitting does: any run
/// of spaces and tabs separates words (so a value written with spaces instead of a tab reads the
/// same, as it does for gen-sysreg.awk). Blank lines and whole-line <c>#</c> comments are dropped.
/// </summary>
internal static class SysregReader
{
    public static IReadOnlyList<SysregLine> Read(string text)
    {
        var lines = new List<SysregLine>();
        string[] raw = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < raw.Length; i++)
        {
            string line = raw[i];
            var tokens = new List<SysregToken>();
            int pos = 0;
            while (pos < line.Length)
            {
                while (pos < line.Length && IsBlank(line[pos]))
                {
                    pos++;
                }

                int start = pos;
                while (pos < line.Length && !IsBlank(line[pos]))
                {
                    pos++;
                }

                if (pos > start)
                {
                    tokens.Add(new SysregToken(line[start..pos], start + 1));
                }
            }

            if (tokens.Count > 0 && !tokens[0].Text.StartsWith('#'))
            {
                lines.Add(new SysregLine(i + 1, tokens));
            }
        }

        return lines;
    }

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\r' or '\f' or '\v';
}
