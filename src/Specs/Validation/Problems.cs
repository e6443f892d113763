using System.Collections.Generic;
using System.Globalization;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Validation;

/// <summary>The diagnostics a check collects, and the number formats its messages share.</summary>
internal sealed class Problems
{
    private readonly List<DiagnosticInfo> _items = new();

    /// <summary>How many have been reported; a check compares it before and after to see whether a spec passed.</summary>
    public int Count => _items.Count;

    public void Report(SpecDiagnosticDescriptor descriptor, LocationInfo at, params string[] args) =>
        _items.Add(DiagnosticInfo.Create(descriptor, at, args));

    /// <summary>Reports a problem at <paramref name="at"/> that also involves <paramref name="related"/> (another spec's claim, say).</summary>
    public void ReportRelated(SpecDiagnosticDescriptor descriptor, LocationInfo at, LocationInfo related, params string[] args) =>
        _items.Add(DiagnosticInfo.CreateRelated(descriptor, at, related, args));

    /// <summary>Takes over what another check collected.</summary>
    public void AddAll(Problems other) => _items.AddRange(other._items);

    public EquatableArray<DiagnosticInfo> ToEquatableArray() => _items.ToEquatableArray();

    public static string Hex(ulong value) => "0x" + value.ToString("X", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"12", "11:8" or "63:20, 11:8" for a descending list of bits.</summary>
    public static string Bits(List<int> descending)
    {
        var parts = new List<string>();
        int i = 0;
        while (i < descending.Count)
        {
            int msb = descending[i];
            int lsb = msb;
            while (i + 1 < descending.Count && descending[i + 1] == lsb - 1)
            {
                lsb = descending[++i];
            }

            parts.Add(msb == lsb ? Number(msb) : $"{msb}:{lsb}");
            i++;
        }

        return string.Join(", ", parts);
    }
}
