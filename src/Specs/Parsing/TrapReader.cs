using System.Globalization;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Json;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Parsing;

/// <summary>Reads a register's trap rules and their REGISTER.FIELD controls.</summary>
internal static class TrapReader
{
    public static TrapRuleSpec? Rule(JsonValueReader json, JsonNode node)
    {
        // { "use": "GROUP" } stands for the group's rules, spliced in here by the cross-spec resolution.
        if (node.Kind == JsonKind.Object && node.Properties.Exists(p => p.Name == "use"))
        {
            JsonObjectReader? u = json.Object(node, "a trap-rule group use", "use");
            string? group = u?.Required("use") is { } g ? json.ArchName(g, "trap-rule group") : null;
            return group is null ? null : new TrapRuleSpec(0, Condition.Always, EquatableArray<TrapControlSpec>.Empty, 0, null, json.Locate(u!.Required("use")!.Range), group);
        }

        JsonObjectReader? o = json.Object(node, "a trap rule", "el", "when", "trapIf", "to", "feature");
        if (o is null)
        {
            return null;
        }

        int? el = json.Int(o.Required("el"), 0, 2);
        Condition? when = json.Condition(o.Optional("when"), "when");
        JsonNode? toNode = o.Required("to");
        int? to = json.Int(toNode, 1, 3);
        string? feature = o.Optional("feature") is { } f ? json.Feature(f) : null;
        EquatableArray<TrapControlSpec>? controls = o.Required("trapIf") is { } t ? Controls(json, t) : null;
        if (el is int e && to is int target && target <= e)
        {
            json.Report(DiagnosticDescriptors.InvalidTrapTarget, toNode!.Range, e.ToString(CultureInfo.InvariantCulture), target.ToString(CultureInfo.InvariantCulture));
            return null;
        }

        return el is null || when is null || to is null || controls is null
            ? null
            : new TrapRuleSpec(el.Value, when, controls.Value, to.Value, feature, json.Locate(node.Range));
    }

    /// <summary>The "trapIf" object: "REGISTER.FIELD": value pairs, all of which must hold.</summary>
    private static EquatableArray<TrapControlSpec>? Controls(JsonValueReader json, JsonNode node) =>
        json.Map(node, "at least one \"REGISTER.FIELD\": value", p =>
        {
            string[] parts = p.Name.Split('.');
            if (parts.Length != 2 || !SpecValues.IsArchName(parts[0]) || !SpecValues.IsArchName(parts[1]))
            {
                json.Report(DiagnosticDescriptors.InvalidName, p.NameRange, p.Name, "trap control", "write REGISTER.FIELD, e.g. \"CNTHCTL_EL2.EL1PCEN\"");
                return null;
            }

            return json.Number(p.Value) is ulong v ? new TrapControlSpec(parts[0], parts[1], v, json.Locate(p.NameRange)) : null;
        });
}
