using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Json;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Parsing;

/// <summary>Reads a register's layouts: their fields, enumerations and reserved bits.</summary>
internal static class LayoutReader
{
    public static LayoutSpec? Layout(JsonValueReader json, JsonNode node)
    {
        JsonObjectReader? o = json.Object(node, "a layout", "name", "when", "fields", "res0", "res1");
        if (o is null)
        {
            return null;
        }

        string? name = o.Optional("name") is { } n ? json.Identifier(n, "layout name") : "";
        Condition? when = json.Condition(o.Optional("when"), "when");
        EquatableArray<FieldSpec> fields = json.Items(o.Required("fields"), f => Field(json, f));
        ulong? res0 = Ranges(json, o.Optional("res0"));
        ulong? res1 = Ranges(json, o.Optional("res1"));
        if (name is null || when is null || res0 is null || res1 is null)
        {
            return null;
        }

        return new LayoutSpec(name, when, fields, res0.Value, res1.Value, json.Locate(node.Range));
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
