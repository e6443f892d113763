using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Json;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Parsing;

/// <summary>
/// Reads a spec's JSON into <see cref="RegisterSpec"/>: shape, types, ranges and names. The rules that
/// look at the register as a whole (bit coverage, resets, enums) live in <see cref="Validation.SpecValidator"/>.
/// </summary>
internal sealed class SpecParser
{
    private static readonly Regex s_archName = new("^[A-Z][A-Z0-9_]*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_featureName = new("^FEAT_[A-Za-z0-9_]+$", RegexOptions.CultureInvariant);
    private static readonly Regex s_bitRange = new(@"^\s*(\d{1,3})\s*(?::\s*(\d{1,3})\s*)?$", RegexOptions.CultureInvariant);

    internal static readonly string[] TimerNames = { "Physical", "Virtual", "HypVirtual", "HypPhysical" };
    internal static readonly string[] TimerRegisterNames = { "Count", "Cval", "Tval", "Ctl" };

    private readonly LineMap _lines;
    private readonly List<DiagnosticInfo> _diagnostics = new();

    private SpecParser(string path, string text) => _lines = new LineMap(path, text);

    public static SpecResult Parse(string path, string text)
    {
        var parser = new SpecParser(path, text);
        JsonNode? root = JsonTreeReader.Parse(text, out JsonSyntaxError? syntax);
        if (root is null)
        {
            JsonSyntaxError e = syntax!.Value;
            parser.Report(DiagnosticDescriptors.InvalidJson, new TextRange(e.Position, 0), e.Message);
            return new SpecResult(null, null, parser._diagnostics.ToEquatableArray());
        }

        string? declaredName = null;
        RegisterSpec? spec = parser.ReadRegister(root, ref declaredName);
        if (spec is not null && parser._diagnostics.Count == 0)
        {
            parser._diagnostics.AddRange(Validation.SpecValidator.Validate(spec));
        }

        bool ok = parser._diagnostics.Count == 0;
        return new SpecResult(ok ? spec : null, declaredName, parser._diagnostics.ToEquatableArray());
    }

    // ---- register ------------------------------------------------------------------------------

    private RegisterSpec? ReadRegister(JsonNode root, ref string? declaredName)
    {
        var o = ObjectReader.Open(this, root, "the register",
            "$schema", "name", "typeName", "description", "width", "minEl", "access", "writeMinEl", "feature",
            "encoding", "aarch32", "aliases", "redirects", "timer", "layouts", "traps");
        if (o is null)
        {
            return null;
        }

        string? name = ArchName(o.Required("name"), "register");
        declaredName = name;
        string? typeName = o.Optional("typeName") is { } tn ? Identifier(tn, "typeName") : name is null ? null : Names.DefaultTypeName(name);
        string? description = String(o.Required("description"));
        int? width = Int(o.Required("width"), "width", 32, 64);
        if (width is int w && w != 32 && w != 64)
        {
            Report(DiagnosticDescriptors.ValueOutOfRange, o.Required("width")!.Range, "width", w.ToString(CultureInfo.InvariantCulture), "32 or 64");
            width = null;
        }

        int? minEl = Int(o.Required("minEl"), "minEl", 0, 3);
        RegisterAccess? access = Enum<RegisterAccess>(o.Required("access"), "access");
        int? writeMinEl = o.Optional("writeMinEl") is { } wm ? Int(wm, "writeMinEl", 0, 3) : null;
        string? feature = o.Optional("feature") is { } f ? Feature(f) : null;
        A64Encoding? encoding = o.Required("encoding") is { } e ? Encoding(e, "encoding") : null;
        A32Encoding? aarch32 = o.Optional("aarch32") is { } a32 ? AArch32(a32) : null;
        var aliases = ReadArray(o.Optional("aliases"), "aliases", Alias);
        var redirects = ReadArray(o.Optional("redirects"), "redirects", Redirect);
        TimerMeaning? timer = o.Optional("timer") is { } t ? Timer(t) : null;
        var layouts = ReadArray(o.Required("layouts"), "layouts", (n, i) => Layout(n, i, width ?? 64));
        var traps = ReadArray(o.Optional("traps"), "traps", TrapRule);

        if (layouts.Count == 0 && o.Get("layouts") is { Kind: JsonKind.Array } emptyLayouts)
        {
            Report(DiagnosticDescriptors.ValueOutOfRange, emptyLayouts.Range, "layouts", "empty", "at least one layout");
        }

        if (_diagnostics.Count > 0 || name is null || typeName is null || description is null || width is null ||
            minEl is null || access is null || encoding is null)
        {
            return null;
        }

        return new RegisterSpec(
            name, typeName, description, width.Value, minEl.Value, access.Value, writeMinEl, feature, encoding, aarch32,
            aliases, redirects, timer, layouts, traps, _lines.Path,
            Locate(o.Required("name")!.Range), Locate(o.Required("encoding")!.Range));
    }

    private A64Encoding? Encoding(JsonNode node, string what)
    {
        var o = ObjectReader.Open(this, node, what, "op0", "op1", "crn", "crm", "op2");
        if (o is null)
        {
            return null;
        }

        int? op0 = Int(o.Required("op0"), "op0", 0, 3);
        int? op1 = Int(o.Required("op1"), "op1", 0, 7);
        int? crn = Int(o.Required("crn"), "crn", 0, 15);
        int? crm = Int(o.Required("crm"), "crm", 0, 15);
        int? op2 = Int(o.Required("op2"), "op2", 0, 7);
        return op0 is null || op1 is null || crn is null || crm is null || op2 is null
            ? null
            : new A64Encoding(op0.Value, op1.Value, crn.Value, crm.Value, op2.Value);
    }

    private A32Encoding? AArch32(JsonNode node)
    {
        var o = ObjectReader.Open(this, node, "aarch32", "name", "coproc", "opc1", "crn", "crm", "opc2");
        if (o is null)
        {
            return null;
        }

        string? name = ArchName(o.Required("name"), "AArch32 register");
        int? coproc = Int(o.Required("coproc"), "coproc", 14, 15);
        JsonNode? crnNode = o.Optional("crn");
        JsonNode? opc2Node = o.Optional("opc2");
        bool wide = crnNode is null && opc2Node is null;
        if ((crnNode is null) != (opc2Node is null))
        {
            Report(DiagnosticDescriptors.InvalidAArch32View, node.Range,
                "An AArch32 view has both \"crn\" and \"opc2\" (MRC/MCR) or neither (MRRC/MCRR)");
            return null;
        }

        int? opc1 = Int(o.Required("opc1"), "opc1", 0, wide ? 15 : 7);
        int? crm = Int(o.Required("crm"), "crm", 0, 15);
        int? crn = crnNode is null ? null : Int(crnNode, "crn", 0, 15);
        int? opc2 = opc2Node is null ? null : Int(opc2Node, "opc2", 0, 7);
        if (name is null || coproc is null || opc1 is null || crm is null || (!wide && (crn is null || opc2 is null)))
        {
            return null;
        }

        return new A32Encoding(name, coproc.Value, opc1.Value, crn, crm.Value, opc2, Locate(node.Range));
    }

    private AliasSpec? Alias(JsonNode node, int index)
    {
        var o = ObjectReader.Open(this, node, "an alias", "name", "encoding", "minEl", "requires");
        if (o is null)
        {
            return null;
        }

        string? name = ArchName(o.Required("name"), "alias");
        A64Encoding? encoding = o.Required("encoding") is { } e ? Encoding(e, "encoding") : null;
        int? minEl = o.Optional("minEl") is { } m ? Int(m, "minEl", 0, 3) : -1;
        Condition? requires = o.Optional("requires") is { } r ? ReadCondition(r, "requires") : Condition.Always;
        return name is null || encoding is null || minEl is null || requires is null
            ? null
            : new AliasSpec(name, encoding, minEl.Value, requires, Locate(node.Range));
    }

    private RedirectSpec? Redirect(JsonNode node, int index)
    {
        var o = ObjectReader.Open(this, node, "a redirect", "el", "when", "to");
        if (o is null)
        {
            return null;
        }

        int? el = Int(o.Required("el"), "el", 0, 3);
        Condition? when = o.Optional("when") is { } w ? ReadCondition(w, "when") : Condition.Always;
        JsonNode? toNode = o.Required("to");
        string? to = ArchName(toNode, "register");
        return el is null || when is null || to is null ? null : new RedirectSpec(el.Value, when, to, Locate(toNode!.Range));
    }

    private TimerMeaning? Timer(JsonNode node)
    {
        var o = ObjectReader.Open(this, node, "timer", "timer", "register");
        if (o is null)
        {
            return null;
        }

        string? timer = OneOf(o.Required("timer"), "timer", TimerNames);
        string? register = OneOf(o.Required("register"), "register", TimerRegisterNames);
        return timer is null || register is null ? null : new TimerMeaning(timer, register, Locate(node.Range));
    }

    // ---- layouts and fields --------------------------------------------------------------------

    private LayoutSpec? Layout(JsonNode node, int index, int width)
    {
        var o = ObjectReader.Open(this, node, "a layout", "name", "when", "fields", "res0", "res1");
        if (o is null)
        {
            return null;
        }

        string? name = o.Optional("name") is { } n ? Identifier(n, "layout name") : "";
        Condition? when = o.Optional("when") is { } w ? ReadCondition(w, "when") : Condition.Always;
        var fields = ReadArray(o.Required("fields"), "fields", Field);
        ulong? res0 = Ranges(o.Optional("res0"), "res0");
        ulong? res1 = Ranges(o.Optional("res1"), "res1");
        if (name is null || when is null || res0 is null || res1 is null)
        {
            return null;
        }

        return new LayoutSpec(name, when, fields, res0.Value, res1.Value, Locate(node.Range));
    }

    private FieldSpec? Field(JsonNode node, int index)
    {
        var o = ObjectReader.Open(this, node, "a field",
            "name", "propertyName", "bits", "access", "reset", "signed", "enum", "feature", "description");
        if (o is null)
        {
            return null;
        }

        string? name = ArchName(o.Required("name"), "field");
        string? property = o.Optional("propertyName") is { } p ? Identifier(p, "propertyName") : name is null ? null : Names.DefaultPropertyName(name);
        (int Msb, int Lsb)? bits = BitRange(o.Required("bits"));
        FieldAccess? access = Enum<FieldAccess>(o.Required("access"), "access");
        ulong? reset = o.Optional("reset") is { } r ? Number(r) : 0;
        bool? signed = o.Optional("signed") is { } s ? Bool(s, "signed") : false;
        string? feature = o.Optional("feature") is { } f ? Feature(f) : null;
        string? description = o.Optional("description") is { } d ? String(d) : "";
        EquatableArray<EnumValueSpec>? values = o.Optional("enum") is { } e ? EnumValues(e) : EquatableArray<EnumValueSpec>.Empty;

        if (name is null || property is null || bits is null || access is null || reset is null || signed is null ||
            description is null || values is null)
        {
            return null;
        }

        return new FieldSpec(name, property, bits.Value.Msb, bits.Value.Lsb, access.Value, reset.Value, signed.Value,
            values.Value, feature, description, Locate(node.Range));
    }

    private EquatableArray<EnumValueSpec>? EnumValues(JsonNode node)
    {
        var o = ObjectReader.Open(this, node, "an enum");
        if (o is null)
        {
            return null;
        }

        var values = new List<EnumValueSpec>();
        bool ok = true;
        foreach (JsonProperty p in node.Properties)
        {
            if (!Names.IsValidIdentifier(p.Name))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, p.NameRange, p.Name, "enum value name");
                ok = false;
                continue;
            }

            if (Number(p.Value) is ulong v)
            {
                values.Add(new EnumValueSpec(p.Name, v));
            }
            else
            {
                ok = false;
            }
        }

        if (values.Count == 0 && ok)
        {
            Report(DiagnosticDescriptors.ValueOutOfRange, node.Range, "enum", "empty", "an object with at least one named value");
            return null;
        }

        return ok ? values.ToEquatableArray() : null;
    }

    private ulong? Ranges(JsonNode? node, string what)
    {
        if (node is null)
        {
            return 0;
        }

        if (node.Kind != JsonKind.Array)
        {
            WrongType(node, what, "an array of bit ranges");
            return null;
        }

        ulong mask = 0;
        bool ok = true;
        foreach (JsonNode item in node.Items)
        {
            if (BitRange(item) is (int msb, int lsb))
            {
                // Overlaps between ranges are found by the validator's coverage check, which knows
                // the names of both sides; here the ranges only have to be well-formed.
                mask |= Bits.Mask(msb, lsb);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? mask : null;
    }

    // ---- trap rules ----------------------------------------------------------------------------

    private TrapRuleSpec? TrapRule(JsonNode node, int index)
    {
        var o = ObjectReader.Open(this, node, "a trap rule", "el", "when", "trapIf", "to", "feature");
        if (o is null)
        {
            return null;
        }

        int? el = Int(o.Required("el"), "el", 0, 2);
        Condition? when = o.Optional("when") is { } w ? ReadCondition(w, "when") : Condition.Always;
        JsonNode? toNode = o.Required("to");
        int? to = Int(toNode, "to", 1, 3);
        string? feature = o.Optional("feature") is { } f ? Feature(f) : null;
        EquatableArray<TrapControlSpec>? controls = o.Required("trapIf") is { } t ? TrapControls(t) : null;
        if (el is int e && to is int target && target <= e)
        {
            Report(DiagnosticDescriptors.InvalidTrapTarget, toNode!.Range, e.ToString(CultureInfo.InvariantCulture), target.ToString(CultureInfo.InvariantCulture));
            return null;
        }

        return el is null || when is null || to is null || controls is null
            ? null
            : new TrapRuleSpec(el.Value, when, controls.Value, to.Value, feature, Locate(node.Range));
    }

    private EquatableArray<TrapControlSpec>? TrapControls(JsonNode node)
    {
        var o = ObjectReader.Open(this, node, "trapIf");
        if (o is null)
        {
            return null;
        }

        var controls = new List<TrapControlSpec>();
        bool ok = true;
        foreach (JsonProperty p in node.Properties)
        {
            string[] parts = p.Name.Split('.');
            if (parts.Length != 2 || !s_archName.IsMatch(parts[0]) || !s_archName.IsMatch(parts[1]))
            {
                Report(DiagnosticDescriptors.InvalidName, p.NameRange, p.Name, "trap control", "write REGISTER.FIELD, e.g. \"CNTHCTL_EL2.EL1PCEN\"");
                ok = false;
                continue;
            }

            if (Number(p.Value) is ulong v)
            {
                controls.Add(new TrapControlSpec(parts[0], parts[1], v, Locate(p.NameRange)));
            }
            else
            {
                ok = false;
            }
        }

        if (ok && controls.Count == 0)
        {
            Report(DiagnosticDescriptors.ValueOutOfRange, node.Range, "trapIf", "empty", "at least one \"REGISTER.FIELD\": value");
            return null;
        }

        return ok ? controls.ToEquatableArray() : null;
    }

    private Condition? ReadCondition(JsonNode node, string what)
    {
        var o = ObjectReader.Open(this, node, what, "e2h", "tge");
        if (o is null)
        {
            return null;
        }

        int? e2h = o.Optional("e2h") is { } e ? Int(e, "e2h", 0, 1) : -1;
        int? tge = o.Optional("tge") is { } t ? Int(t, "tge", 0, 1) : -1;
        return e2h is null || tge is null ? null : new Condition(e2h < 0 ? null : e2h, tge < 0 ? null : tge);
    }

    // ---- scalars -------------------------------------------------------------------------------

    private string? String(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node.Kind != JsonKind.String)
        {
            WrongType(node, "value", "a string");
            return null;
        }

        return node.Text;
    }

    private string? ArchName(JsonNode? node, string what)
    {
        string? s = String(node);
        if (s is null)
        {
            return null;
        }

        if (!s_archName.IsMatch(s))
        {
            Report(DiagnosticDescriptors.InvalidName, node!.Range, s, what, "use upper-case letters, digits and '_', starting with a letter");
            return null;
        }

        return s;
    }

    private string? Identifier(JsonNode node, string what)
    {
        string? s = String(node);
        if (s is null)
        {
            return null;
        }

        if (!Names.IsValidIdentifier(s))
        {
            Report(DiagnosticDescriptors.InvalidIdentifier, node.Range, s, what);
            return null;
        }

        return s;
    }

    private string? Feature(JsonNode node)
    {
        string? s = String(node);
        if (s is not null && !s_featureName.IsMatch(s))
        {
            Report(DiagnosticDescriptors.InvalidName, node.Range, s, "feature", "write the architecture's FEAT_ name, e.g. \"FEAT_ECV\"");
            return null;
        }

        return s;
    }

    private string? OneOf(JsonNode? node, string what, string[] allowed)
    {
        string? s = String(node);
        if (s is not null && System.Array.IndexOf(allowed, s) < 0)
        {
            Report(DiagnosticDescriptors.ValueOutOfRange, node!.Range, what, $"\"{s}\"", "one of " + string.Join(", ", allowed));
            return null;
        }

        return s;
    }

    private T? Enum<T>(JsonNode? node, string what)
        where T : struct, System.Enum
    {
        string? s = String(node);
        if (s is null)
        {
            return null;
        }

        string[] names = System.Enum.GetNames(typeof(T));
        if (System.Array.IndexOf(names, s) < 0)
        {
            Report(DiagnosticDescriptors.ValueOutOfRange, node!.Range, what, $"\"{s}\"", "one of " + string.Join(", ", names.OrderBy(n => n, StringComparer.Ordinal)));
            return null;
        }

        return (T)System.Enum.Parse(typeof(T), s);
    }

    private bool? Bool(JsonNode node, string what)
    {
        if (node.Kind is JsonKind.True or JsonKind.False)
        {
            return node.Kind == JsonKind.True;
        }

        WrongType(node, what, "true or false");
        return null;
    }

    private int? Int(JsonNode? node, string what, int min, int max)
    {
        if (node is null)
        {
            return null;
        }

        ulong? value = Number(node);
        if (value is null)
        {
            return null;
        }

        if (value.Value < (ulong)min || value.Value > (ulong)max)
        {
            Report(DiagnosticDescriptors.ValueOutOfRange, node.Range, what, value.Value.ToString(CultureInfo.InvariantCulture), $"{min}..{max}");
            return null;
        }

        return (int)value.Value;
    }

    /// <summary>A JSON integer, or a "0x…"/"0b…" string (64-bit values lose precision as JSON numbers in many tools).</summary>
    private ulong? Number(JsonNode node)
    {
        if (node.Kind == JsonKind.Number)
        {
            if (ulong.TryParse(node.Text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
            {
                return n;
            }

            Report(DiagnosticDescriptors.InvalidNumber, node.Range, node.Text);
            return null;
        }

        if (node.Kind == JsonKind.String && !HasRadixPrefix(node.Text))
        {
            // A quoted decimal is almost always a slip ("width": "64"); the format keeps strings for
            // hex and binary, where JSON numbers cannot be written.
            WrongType(node, "value", "a number (or a \"0x…\"/\"0b…\" string)");
            return null;
        }

        if (node.Kind == JsonKind.String)
        {
            if (TryParseNumber(node.Text, out ulong value))
            {
                return value;
            }

            Report(DiagnosticDescriptors.InvalidNumber, node.Range, node.Text);
            return null;
        }

        WrongType(node, "value", "a number");
        return null;
    }

    private static bool HasRadixPrefix(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.StartsWith("0b", StringComparison.OrdinalIgnoreCase);

    internal static bool TryParseNumber(string text, out ulong value)
    {
        value = 0;
        string s = text.Replace("_", "");
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return s.Length > 2 && s.Length <= 18 && ulong.TryParse(s.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (s.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            if (s.Length <= 2 || s.Length > 66)
            {
                return false;
            }

            foreach (char c in s.Substring(2))
            {
                if (c is not ('0' or '1'))
                {
                    return false;
                }

                value = (value << 1) | (uint)(c - '0');
            }

            return true;
        }

        return s.Length > 0 && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private (int Msb, int Lsb)? BitRange(JsonNode? node)
    {
        string? s = String(node);
        if (s is null)
        {
            return null;
        }

        Match m = s_bitRange.Match(s);
        if (!m.Success)
        {
            Report(DiagnosticDescriptors.InvalidBitRange, node!.Range, s);
            return null;
        }

        int msb = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        int lsb = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : msb;
        if (msb < lsb)
        {
            Report(DiagnosticDescriptors.InvalidBitRange, node!.Range, s);
            return null;
        }

        if (msb > 63)
        {
            Report(DiagnosticDescriptors.FieldOutsideWidth, node!.Range, $"\"{s}\"", msb.ToString(CultureInfo.InvariantCulture), "every register", "at most 64");
            return null;
        }

        return (msb, lsb);
    }

    private EquatableArray<T> ReadArray<T>(JsonNode? node, string what, Func<JsonNode, int, T?> read)
        where T : class, IEquatable<T>
    {
        if (node is null)
        {
            return EquatableArray<T>.Empty;
        }

        if (node.Kind != JsonKind.Array)
        {
            WrongType(node, what, "an array");
            return EquatableArray<T>.Empty;
        }

        var items = new List<T>();
        for (int i = 0; i < node.Items.Count; i++)
        {
            if (read(node.Items[i], i) is { } item)
            {
                items.Add(item);
            }
        }

        return items.ToEquatableArray();
    }

    // ---- reporting -----------------------------------------------------------------------------

    private void WrongType(JsonNode node, string what, string expected) =>
        Report(DiagnosticDescriptors.WrongType, node.Range, what, expected, node.KindDescription);

    internal void Report(SpecDiagnosticDescriptor descriptor, TextRange range, params string[] args) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, _lines.Locate(range), args));

    private LocationInfo Locate(TextRange range) => _lines.Locate(range);

    /// <summary>Reads one JSON object: reports unknown and repeated properties once, hands out the known ones.</summary>
    private sealed class ObjectReader
    {
        private readonly SpecParser _parser;
        private readonly JsonNode _node;
        private readonly string _what;
        private readonly Dictionary<string, JsonNode> _values = new(StringComparer.Ordinal);

        private ObjectReader(SpecParser parser, JsonNode node, string what)
        {
            _parser = parser;
            _node = node;
            _what = what;
        }

        // allowed: the property names the object may have; none means any name (a map).
        public static ObjectReader? Open(SpecParser parser, JsonNode node, string what, params string[] allowed)
        {
            if (node.Kind != JsonKind.Object)
            {
                parser.WrongType(node, what, "an object");
                return null;
            }

            var reader = new ObjectReader(parser, node, what);
            foreach (JsonProperty p in node.Properties)
            {
                if (reader._values.ContainsKey(p.Name))
                {
                    parser.Report(DiagnosticDescriptors.DuplicateProperty, p.NameRange, p.Name);
                    continue;
                }

                if (allowed.Length > 0 && System.Array.IndexOf(allowed, p.Name) < 0)
                {
                    parser.Report(DiagnosticDescriptors.UnknownProperty, p.NameRange, p.Name, what,
                        string.Join(", ", allowed.Where(a => a != "$schema")));
                    continue;
                }

                reader._values.Add(p.Name, p.Value);
            }

            return reader;
        }

        public JsonNode? Get(string name) => _values.TryGetValue(name, out JsonNode? v) ? v : null;

        public JsonNode? Optional(string name) => Get(name);

        public JsonNode? Required(string name)
        {
            if (_values.TryGetValue(name, out JsonNode? v))
            {
                return v;
            }

            if (_reportedMissing.Add(name))
            {
                // Point at the opening brace: the property is missing from this object.
                _parser.Report(DiagnosticDescriptors.MissingProperty, new TextRange(_node.Range.Start, 1), _what, name);
            }

            return null;
        }

        private readonly HashSet<string> _reportedMissing = new(StringComparer.Ordinal);
    }
}
