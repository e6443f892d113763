using System;
using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Validation;

/// <summary>
/// The first pass of the cross-spec checks: every register name, alias, AArch32 view, generated type
/// and enum member, every encoding and every timer meaning belongs to one spec. Specs are offered in
/// path order; the first keeps what it claims, and a later spec that claims any of it is refused.
/// </summary>
internal sealed class NameRegistry
{
    private readonly Problems _problems;
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);      // arch or member name -> owner register
    private readonly Dictionary<string, string> _typeNames = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (string Name, string Owner)> _a64Keys = new();
    private readonly Dictionary<(bool Wide, int Key), (string Name, string Owner)> _a32Keys = new();
    private readonly Dictionary<(string, string), string> _meanings = new();

    public NameRegistry(Problems problems) => _problems = problems;

    /// <summary>Registers everything <paramref name="spec"/> claims, unless another spec has it.</summary>
    /// <returns>Whether the spec was accepted; if not, each clash has been reported.</returns>
    public bool TryAdd(RegisterSpec spec)
    {
        if (_names.TryGetValue(spec.Name, out string? owner))
        {
            _problems.Report(DiagnosticDescriptors.DuplicateRegisterName, spec.NameLocation, spec.Name, $"'{owner}'");
            return false;
        }

        if (_typeNames.TryGetValue(spec.TypeName, out string? typeOwner))
        {
            _problems.Report(DiagnosticDescriptors.DuplicateTypeName, spec.NameLocation, spec.Name, spec.TypeName, typeOwner);
            return false;
        }

        int before = _problems.Count;
        HashSet<string> names = ClaimNames(spec);
        Dictionary<int, string> a64 = ClaimA64Encodings(spec);
        CheckAArch32Encoding(spec);
        CheckTimerMeaning(spec);
        if (_problems.Count != before)
        {
            return false;
        }

        _typeNames.Add(spec.TypeName, spec.Name);
        foreach (string key in names)
        {
            _names.Add(key, spec.Name);
        }

        foreach (KeyValuePair<int, string> e in a64)
        {
            _a64Keys.Add(e.Key, (e.Value, spec.Name));
        }

        if (spec.AArch32 is { } view)
        {
            _a32Keys.Add((view.IsWide, view.Key), (view.Name, spec.Name));
        }

        if (spec.Timer is { Register: not "Count" } meaning)
        {
            _meanings.Add((meaning.Timer, meaning.Register), spec.Name);
        }

        return true;
    }

    /// <summary>Every name the spec introduces (the register, its aliases and AArch32 view, and their enum members).</summary>
    private HashSet<string> ClaimNames(RegisterSpec spec)
    {
        var introduced = new List<(string Name, LocationInfo At, bool IsAArch32)> { (spec.Name, spec.NameLocation, false) };
        introduced.AddRange(spec.Aliases.Select(a => (a.Name, a.Location, false)));
        if (spec.AArch32 is { } a32)
        {
            introduced.Add((a32.Name, a32.Location, true));
        }

        var mine = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string name, LocationInfo at, bool isAArch32) in introduced)
        {
            // Both the architecture name and the enum member made from it must be unique:
            // "CNT_X" and "CNTX" differ, but would not as members if PascalCase merged them.
            foreach (string key in new[] { name, "member:" + Names.AccessorMemberName(name, isAArch32) })
            {
                _names.TryGetValue(key, out string? other);
                if (other is not null || !mine.Add(key))
                {
                    _problems.Report(DiagnosticDescriptors.DuplicateRegisterName, at, name, $"'{other ?? spec.Name}'");
                    break;
                }
            }
        }

        return mine;
    }

    /// <summary>The AArch64 encodings of the register and its aliases, keyed by encoding.</summary>
    private Dictionary<int, string> ClaimA64Encodings(RegisterSpec spec)
    {
        var encodings = new List<(int Key, string Name, string Text, LocationInfo At)>
        {
            (spec.Encoding.Key, spec.Name, spec.Encoding.ToString(), spec.EncodingLocation),
        };
        encodings.AddRange(spec.Aliases.Select(a => (a.Encoding.Key, a.Name, a.Encoding.ToString(), a.Location)));
        var mine = new Dictionary<int, string>();
        foreach ((int key, string name, string text, LocationInfo at) in encodings)
        {
            if (_a64Keys.TryGetValue(key, out var existing) || mine.ContainsKey(key))
            {
                string otherName = existing.Name ?? mine[key];
                _problems.Report(DiagnosticDescriptors.DuplicateEncoding, at, "AArch64", text, name, otherName, existing.Owner ?? spec.Name);
            }
            else
            {
                mine.Add(key, name);
            }
        }

        return mine;
    }

    private void CheckAArch32Encoding(RegisterSpec spec)
    {
        if (spec.AArch32 is { } view && _a32Keys.TryGetValue((view.IsWide, view.Key), out var owner))
        {
            _problems.Report(DiagnosticDescriptors.DuplicateEncoding, view.Location, "AArch32", view.ToString(), view.Name, owner.Name, owner.Owner);
        }
    }

    private void CheckTimerMeaning(RegisterSpec spec)
    {
        // A timer's CTL, CVAL and TVAL each have one storage, so one spec; its counter has several
        // architectural views (CNTPCT_EL0 and the self-synchronised CNTPCTSS_EL0), which KVM
        // also maps to the same (timer, CNT) pair.
        if (spec.Timer is { Register: not "Count" } meaning && _meanings.TryGetValue((meaning.Timer, meaning.Register), out string? owner))
        {
            _problems.Report(DiagnosticDescriptors.DuplicateTimerMeaning, meaning.Location, owner, spec.Name, meaning.Timer, meaning.Register);
        }
    }
}
