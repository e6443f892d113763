using System.Collections.Generic;
using System.Linq;

namespace SysregGen.Cli.Import;

/// <summary>
/// The covering check of gen-sysreg.awk: every bit of the 64 described exactly once, by a field or a
/// Res0/Res1/Unkn/Raz range. A layout that fails it would fail the spec format's own check
/// (SRG0006/SRG0007), so it is reported here, at the line that causes it, and not imported.
/// </summary>
internal static class LayoutCoverage
{
    public static bool Check(LayoutBody body, string owner, List<ImportDiagnostic> diagnostics)
    {
        var owners = new string?[64];
        bool ok = true;
        IEnumerable<(string What, BitRange Bits, SourcePosition At)> items =
            body.Fields.Select(f => ($"field {f.LinuxName}", f.Bits, f.At))
                .Concat(body.Ranges.Select(r => ($"{r.Kind} {r.Bits}", r.Bits, r.At)))
                .OrderBy(i => i.At.Line);
        foreach ((string what, BitRange bits, SourcePosition at) in items)
        {
            var overlap = new List<int>();
            string? other = null;
            for (int bit = bits.Msb; bit >= bits.Lsb; bit--)
            {
                if (owners[bit] is { } o)
                {
                    overlap.Add(bit);
                    other ??= o;
                }
                else
                {
                    owners[bit] = what;
                }
            }

            if (overlap.Count > 0)
            {
                diagnostics.Add(new ImportDiagnostic(ImportDiagnostics.BitsOverlap, at.Line, at.Column,
                    $"In {owner}, {what} overlaps {other} at bit(s) {Ranges(overlap)}; {owner} is not imported"));
                ok = false;
            }
        }

        var gaps = Enumerable.Range(0, 64).Where(b => owners[b] is null).OrderDescending().ToList();
        if (gaps.Count > 0)
        {
            diagnostics.Add(new ImportDiagnostic(ImportDiagnostics.BitsGap, body.At.Line, body.At.Column,
                $"{owner} does not describe bit(s) {Ranges(gaps)}; {owner} is not imported"));
            ok = false;
        }

        return ok;
    }

    /// <summary>Descending bit numbers as ranges: 63:8, 3, 1:0.</summary>
    private static string Ranges(List<int> bits)
    {
        var parts = new List<string>();
        for (int i = 0; i < bits.Count;)
        {
            int j = i;
            while (j + 1 < bits.Count && bits[j + 1] == bits[j] - 1)
            {
                j++;
            }

            parts.Add(new BitRange(bits[i], bits[j]).ToString());
            i = j + 1;
        }

        return string.Join(", ", parts);
    }
}
