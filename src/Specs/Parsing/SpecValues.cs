using System.Globalization;
using System.Text.RegularExpressions;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Json;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Parsing;

/// <summary>
/// The values specs give in their own syntax: architecture names, feature names, C# identifiers,
/// bit ranges and E2H/TGE conditions. Each reports what is wrong at the value and returns null.
/// </summary>
internal static class SpecValues
{
    private static readonly Regex s_archName = new("^[A-Z][A-Z0-9_]*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_layoutName = new("^[A-Z][A-Z0-9_xn]*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_featureName = new("^FEAT_[A-Za-z0-9_]+$", RegexOptions.CultureInvariant);
    private static readonly Regex s_bitRange = new(@"^\s*(\d{1,3})\s*(?::\s*(\d{1,3})\s*)?$", RegexOptions.CultureInvariant);

    /// <summary>Whether <paramref name="name"/> is written like an architecture name: CNTP_CTL_EL0, EL1PCEN.</summary>
    public static bool IsArchName(string name) => s_archName.IsMatch(name);

    public static string? ArchName(this JsonValueReader json, JsonNode? node, string what)
    {
        string? s = json.String(node);
        if (s is not null && !IsArchName(s))
        {
            json.Report(DiagnosticDescriptors.InvalidName, node!.Range, s, what, "use upper-case letters, digits and '_', starting with a letter");
            return null;
        }

        return s;
    }

    /// <summary>A shared layout's name: upper case, with Linux's lower-case placeholders allowed (<c>CPACR_ELx</c>, <c>TTBRx_EL1</c>).</summary>
    public static string? LayoutName(this JsonValueReader json, JsonNode node)
    {
        string? s = json.String(node);
        if (s is not null && !s_layoutName.IsMatch(s))
        {
            json.Report(DiagnosticDescriptors.InvalidName, node.Range, s, "layout", "use upper-case letters, digits and '_' (and Linux's 'x'/'n' placeholders), starting with a letter");
            return null;
        }

        return s;
    }

    public static string? Identifier(this JsonValueReader json, JsonNode node, string what)
    {
        string? s = json.String(node);
        if (s is not null && !Names.IsValidIdentifier(s))
        {
            json.Report(DiagnosticDescriptors.InvalidIdentifier, node.Range, s, what);
            return null;
        }

        return s;
    }

    public static string? Feature(this JsonValueReader json, JsonNode node)
    {
        string? s = json.String(node);
        if (s is not null && !s_featureName.IsMatch(s))
        {
            json.Report(DiagnosticDescriptors.InvalidName, node.Range, s, "feature", "write the architecture's FEAT_ name, e.g. \"FEAT_ECV\"");
            return null;
        }

        return s;
    }

    /// <summary>"msb:lsb" or one bit number, msb first, within 63..0.</summary>
    public static (int Msb, int Lsb)? BitRange(this JsonValueReader json, JsonNode? node)
    {
        string? s = json.String(node);
        if (s is null)
        {
            return null;
        }

        Match m = s_bitRange.Match(s);
        int msb = m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        int lsb = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : msb;
        if (!m.Success || msb < lsb)
        {
            json.Report(DiagnosticDescriptors.InvalidBitRange, node!.Range, s, node.Path);
            return null;
        }

        if (msb > 63)
        {
            json.Report(DiagnosticDescriptors.FieldOutsideWidth, node!.Range, $"\"{s}\"", msb.ToString(CultureInfo.InvariantCulture), "every register", "at most 64");
            return null;
        }

        return (msb, lsb);
    }

    /// <summary>A "when"/"requires" object: { "e2h": 0|1, "tge": 0|1 }, either optional; <see cref="Model.Condition.Always"/> when absent.</summary>
    public static Condition? Condition(this JsonValueReader json, JsonNode? node, string what)
    {
        if (node is null)
        {
            return Model.Condition.Always;
        }

        JsonObjectReader? o = json.Object(node, what, "e2h", "tge");
        if (o is null)
        {
            return null;
        }

        int? e2h = o.Optional("e2h") is { } e ? json.Int(e, 0, 1) : -1;
        int? tge = o.Optional("tge") is { } t ? json.Int(t, 0, 1) : -1;
        return e2h is null || tge is null ? null : new Condition(e2h < 0 ? null : e2h, tge < 0 ? null : tge);
    }
}
