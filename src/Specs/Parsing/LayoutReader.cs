using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Json;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Parsing;

/// <summary>Reads a register's layouts: their fields, enumerations and reserved bits.</summary>
internal static class LayoutReader
{
    private static readonly string[] s_bitsProperties = { "fields", "res0", "res1", "unkn", "raz" };

    /// <summary>A register's layout entry: inline bits, or <c>{ "use": "SHARED" }</c>, with an optional name, condition and feature.</summary>
    public static LayoutSpec? Layout(JsonValueReader json, JsonNode node)
    {
        JsonObjectReader? o = json.Object(node, "a layout", "name", "when", "feature", "use", "fields", "res0", "res1", "unkn", "raz");
        if (o is null)
        {
            return null;
        }

        string? name = o.Optional("name") is { } n ? json.Identifier(n, "layout name") : "";
        Condition? when = json.Condition(o.Optional("when"), "when");
        string? feature = o.Optional("feature") is { } f ? json.Feature(f) : null;
        if (o.Optional("use") is { } useNode)
        {
            // The shared layout gives the bits: describing them here too would leave two truths.
            string? use = json.LayoutName(useNode);
            foreach (string inline in s_bitsProperties)
            {
                if (o.Optional(inline) is { } both)
                {
                    json.Report(DiagnosticDescriptors.InlineAndUse, both.Range, inline, json.String(useNode) ?? "");
                    return null;
                }
            }

            return name is null || when is null || use is null
                ? null
                : new LayoutSpec(name, when, EquatableArray<FieldSpec>.Empty, 0, 0, json.Locate(node.Range),
                    Feature: feature, Shared: use, SharedLocation: json.Locate(useNode.Range));
        }

        LayoutSpec? bits = Content(json, node, o);
        return name is null || when is null || bits is null ? null : bits with { Name = name, When = when, Feature = feature };
    }

    /// <summary>The fields and reserved bits of a layout, inline or in a layout file; unnamed, unconditional.</summary>
    public static LayoutSpec? Content(JsonValueReader json, JsonNode node, JsonObjectReader o)
    {
        EquatableArray<FieldSpec> fields = json.Items(o.Required("fields"), f => Field(json, f));
        ulong? res0 = Ranges(json, o.Optional("res0"));
        ulong? res1 = Ranges(json, o.Optional("res1"));
        ulong? unkn = Ranges(json, o.Optional("unkn"));
        ulong? raz = Ranges(json, o.Optional("raz"));
        if (res0 is null || res1 is null || unkn is null || raz is null)
        {
            return null;
        }

        return new LayoutSpec("", Condition.Always, fields, res0.Value, res1.Value, json.Locate(node.Range), unkn.Value, raz.Value);
    }

    private static FieldSpec? Field(JsonValueReader json, JsonNode node)
    {
        JsonObjectReader? o = json.Object(node, "a field",
            "name", "propertyName", "bits", "access", "reset", "signed", "enum", "feature", "description");
        if (o is null)
        {
            return null;
        }

        string? name = json.ArchName(o.Required("name"), "field");
        string? property = o.Optional("propertyName") is { } p ? json.Identifier(p, "propertyName") : name is null ? null : Names.DefaultPropertyName(name);
        (int Msb, int Lsb)? bits = json.BitRange(o.Required("bits"));
        FieldAccess? access = json.Enum<FieldAccess>(o.Required("access"));
        ulong? reset = o.Optional("reset") is { } r ? json.Number(r) : 0;
        bool? signed = o.Optional("signed") is { } s ? json.Bool(s) : false;
        string? feature = o.Optional("feature") is { } f ? json.Feature(f) : null;
        string? description = o.Optional("description") is { } d ? json.String(d) : "";
        EquatableArray<EnumValueSpec>? values = o.Optional("enum") is { } e ? EnumValues(json, e) : EquatableArray<EnumValueSpec>.Empty;

        if (name is null || property is null || bits is null || access is null || reset is null || signed is null ||
            description is null || values is null)
        {
            return null;
        }

        return new FieldSpec(name, property, bits.Value.Msb, bits.Value.Lsb, access.Value, reset.Value, signed.Value,
            values.Value, feature, description, json.Locate(node.Range));
    }

    private static EquatableArray<EnumValueSpec>? EnumValues(JsonValueReader json, JsonNode node) =>
        json.Map(node, "an object with at least one named value", p =>
        {
            if (!Names.IsValidIdentifier(p.Name))
            {
                json.Report(DiagnosticDescriptors.InvalidIdentifier, p.NameRange, p.Name, "enum value name");
                return null;
            }

            return json.Number(p.Value) is ulong v ? new EnumValueSpec(p.Name, v) : null;
        });

    /// <summary>An array of bit ranges, as one mask.</summary>
    private static ulong? Ranges(JsonValueReader json, JsonNode? node)
    {
        if (node is null)
        {
            return 0;
        }

        if (node.Kind != JsonKind.Array)
        {
            json.WrongType(node, "an array of bit ranges, such as [\"63:3\"]");
            return null;
        }

        ulong mask = 0;
        bool ok = true;
        foreach (JsonNode item in node.Items)
        {
            if (json.BitRange(item) is (int msb, int lsb))
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
}
