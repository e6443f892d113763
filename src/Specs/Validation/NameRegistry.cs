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
/// The error goes on the refused spec, names the file that keeps the claim, and points at that
/// claim as its related location, so that the clash shows in both files.
/// </summary>
internal sealed class NameRegistry
{
    private readonly Problems _problems;
    private readonly SpecPaths _paths;
    private readonly Dictionary<string, Claim> _names = new(StringComparer.Ordinal);      // arch or member name -> owner
    private readonly Dictionary<string, Claim> _typeNames = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Claim> _a64Keys = new();
    private readonly Dictionary<(bool Wide, int Key), Claim> _a32Keys = new();
    private readonly Dictionary<(string, string), Claim> _meanings = new();

    public NameRegistry(Problems problems, SpecPaths paths)
    {
        _problems = problems;
        _paths = paths;
    }

    /// <summary>Registers everything <paramref name="spec"/> claims, unless another spec has it.</summary>
    /// <returns>Whether the spec was accepted; if not, each clash has been reported.</returns>
    public bool TryAdd(RegisterSpec spec)
    {
        if (_names.TryGetValue(spec.Name, out Claim? owner))
        {
            Report(DiagnosticDescriptors.DuplicateRegisterName, spec.NameLocation, owner, spec.Name, owner.Register, owner.File);
            return false;
        }

        if (_typeNames.TryGetValue(spec.TypeName, out Claim? typeOwner))
        {
            Report(DiagnosticDescriptors.DuplicateTypeName, spec.NameLocation, typeOwner, spec.Name, spec.TypeName, typeOwner.Register, typeOwner.File);
            return false;
        }

        int before = _problems.Count;
        Dictionary<string, Claim> names = ClaimNames(spec);
        Dictionary<int, Claim> a64 = ClaimA64Encodings(spec);
        Claim? a32 = ClaimAArch32Encoding(spec);
        Claim? meaning = ClaimTimerMeaning(spec);
        if (_problems.Count != before)
        {
            return false;
        }

        _typeNames.Add(spec.TypeName, new Claim(spec.Name, spec.Name, _paths.Show(spec.Path), spec.NameLocation));
        AddAll(_names, names);
        AddAll(_a64Keys, a64);
        if (a32 is not null)
        {
            _a32Keys.Add((spec.AArch32!.IsWide, spec.AArch32.Key), a32);
        }

        if (meaning is not null)
        {
            _meanings.Add((spec.Timer!.Timer, spec.Timer.Register), meaning);
        }

        return true;
    }

    /// <summary>Claims a shared layout's generated type, unless a register or an earlier layout has it.</summary>
    /// <returns>Whether the layout was accepted; if not, the clash has been reported.</returns>
    public bool TryAdd(SharedLayoutSpec layout)
    {
        if (_typeNames.TryGetValue(layout.TypeName, out Claim? typeOwner))
        {
            Report(DiagnosticDescriptors.DuplicateTypeName, layout.NameLocation, typeOwner, layout.Name, layout.TypeName, typeOwner.Register, typeOwner.File);
            return false;
        }

        _typeNames.Add(layout.TypeName, new Claim(layout.Name, layout.Name, _paths.Show(layout.Path), layout.NameLocation));
        return true;
    }

    /// <summary>Every name the spec introduces (the register, its aliases and AArch32 view, and their enum members).</summary>
    private Dictionary<string, Claim> ClaimNames(RegisterSpec spec)
    {
        var introduced = new List<(string Name, LocationInfo At, bool IsAArch32)> { (spec.Name, spec.NameLocation, false) };
        introduced.AddRange(spec.Aliases.Select(a => (a.Name, a.Location, false)));
        if (spec.AArch32 is { } view)
        {
            introduced.Add((view.Name, view.Location, true));
        }

        var mine = new Dictionary<string, Claim>(StringComparer.Ordinal);
        foreach ((string name, LocationInfo at, bool isAArch32) in introduced)
        {
            // Both the architecture name and the enum member made from it must be unique:
            // "CNT_X" and "CNTX" differ, but would not as members if PascalCase merged them.
            foreach (string key in new[] { name, "member:" + Names.AccessorMemberName(name, isAArch32) })
            {
                if (_names.TryGetValue(key, out Claim? other) || mine.TryGetValue(key, out other))
                {
                    Report(DiagnosticDescriptors.DuplicateRegisterName, at, other, name, other.Register, other.File);
                    break;
                }

                mine.Add(key, new Claim(name, spec.Name, _paths.Show(spec.Path), at));
            }
        }

        return mine;
    }

    /// <summary>The AArch64 encodings of the register and its aliases, keyed by encoding.</summary>
    private Dictionary<int, Claim> ClaimA64Encodings(RegisterSpec spec)
    {
        var encodings = new List<(int Key, string Name, string Text, LocationInfo At)>
        {
            (spec.Encoding.Key, spec.Name, spec.Encoding.ToString(), spec.EncodingLocation),
        };
        encodings.AddRange(spec.Aliases.Select(a => (a.Encoding.Key, a.Name, a.Encoding.ToString(), a.Location)));
        var mine = new Dictionary<int, Claim>();
        foreach ((int key, string name, string text, LocationInfo at) in encodings)
        {
            if (_a64Keys.TryGetValue(key, out Claim? other) || mine.TryGetValue(key, out other))
            {
                Report(DiagnosticDescriptors.DuplicateEncoding, at, other, "AArch64", text, name, other.Name, other.Register, other.File);
            }
            else
            {
                mine.Add(key, new Claim(name, spec.Name, _paths.Show(spec.Path), at));
            }
        }

        return mine;
    }

    private Claim? ClaimAArch32Encoding(RegisterSpec spec)
    {
        if (spec.AArch32 is not { } view)
        {
            return null;
        }

        if (_a32Keys.TryGetValue((view.IsWide, view.Key), out Claim? other))
        {
            Report(DiagnosticDescriptors.DuplicateEncoding, view.Location, other, "AArch32", view.ToString(), view.Name, other.Name, other.Register, other.File);
            return null;
        }

        return new Claim(view.Name, spec.Name, _paths.Show(spec.Path), view.Location);
    }

    private Claim? ClaimTimerMeaning(RegisterSpec spec)
    {
        // A timer's CTL, CVAL and TVAL each have one storage, so one spec; its counter has several
        // architectural views (CNTPCT_EL0 and the self-synchronised CNTPCTSS_EL0), which KVM
        // also maps to the same (timer, CNT) pair.
        if (spec.Timer is not { Register: not "Count" } meaning)
        {
            return null;
        }

        if (_meanings.TryGetValue((meaning.Timer, meaning.Register), out Claim? other))
        {
            Report(DiagnosticDescriptors.DuplicateTimerMeaning, meaning.Location, other, spec.Name, meaning.Timer, meaning.Register, other.Register, other.File);
            return null;
        }

        return new Claim(spec.Name, spec.Name, _paths.Show(spec.Path), meaning.Location);
    }

    private void Report(SpecDiagnosticDescriptor descriptor, LocationInfo at, Claim other, params string[] args) =>
        _problems.ReportRelated(descriptor, at, other.At, args);

    private static void AddAll<TKey>(Dictionary<TKey, Claim> into, Dictionary<TKey, Claim> claims)
        where TKey : notnull
    {
        foreach (KeyValuePair<TKey, Claim> claim in claims)
        {
            into.Add(claim.Key, claim.Value);
        }
    }

    /// <summary>What a spec claimed: the name it claimed it under, its register, its file as messages show it, and where in the file.</summary>
    private sealed record Claim(string Name, string Register, string File, LocationInfo At);
}
