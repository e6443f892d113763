using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Json;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Parsing;

/// <summary>Reads how a register is reached: its encodings, AArch32 view, aliases, redirects and timer meaning.</summary>
internal static class EncodingReader
{
    internal static readonly string[] s_timers = { "Physical", "Virtual", "HypVirtual", "HypPhysical" };
    internal static readonly string[] s_timerRegisters = { "Count", "Cval", "Tval", "Ctl" };

    public static A64Encoding? A64(JsonValueReader json, JsonNode node, string what)
    {
        JsonObjectReader? o = json.Object(node, what, "op0", "op1", "crn", "crm", "op2");
        if (o is null)
        {
            return null;
        }

        int? op0 = json.Int(o.Required("op0"), 0, 3);
        int? op1 = json.Int(o.Required("op1"), 0, 7);
        int? crn = json.Int(o.Required("crn"), 0, 15);
        int? crm = json.Int(o.Required("crm"), 0, 15);
        int? op2 = json.Int(o.Required("op2"), 0, 7);
        return op0 is null || op1 is null || crn is null || crm is null || op2 is null
            ? null
            : new A64Encoding(op0.Value, op1.Value, crn.Value, crm.Value, op2.Value);
    }

    public static A32Encoding? AArch32(JsonValueReader json, JsonNode node)
    {
        JsonObjectReader? o = json.Object(node, "aarch32", "name", "coproc", "opc1", "crn", "crm", "opc2");
        if (o is null)
        {
            return null;
        }

        string? name = json.ArchName(o.Required("name"), "AArch32 register");
        int? coproc = json.Int(o.Required("coproc"), 14, 15);
        JsonNode? crnNode = o.Optional("crn");
        JsonNode? opc2Node = o.Optional("opc2");
        bool wide = crnNode is null && opc2Node is null;
        if ((crnNode is null) != (opc2Node is null))
        {
            json.Report(DiagnosticDescriptors.InvalidAArch32View, node.Range,
                "An AArch32 view has both \"crn\" and \"opc2\" (MRC/MCR) or neither (MRRC/MCRR)");
            return null;
        }

        int? opc1 = json.Int(o.Required("opc1"), 0, wide ? 15 : 7);
        int? crm = json.Int(o.Required("crm"), 0, 15);
        int? crn = crnNode is null ? null : json.Int(crnNode, 0, 15);
        int? opc2 = opc2Node is null ? null : json.Int(opc2Node, 0, 7);
        if (name is null || coproc is null || opc1 is null || crm is null || (!wide && (crn is null || opc2 is null)))
        {
            return null;
        }

        return new A32Encoding(name, coproc.Value, opc1.Value, crn, crm.Value, opc2, json.Locate(node.Range));
    }

    public static AliasSpec? Alias(JsonValueReader json, JsonNode node)
    {
        JsonObjectReader? o = json.Object(node, "an alias", "name", "encoding", "minEl", "requires");
        if (o is null)
        {
            return null;
        }

        string? name = json.ArchName(o.Required("name"), "alias");
        A64Encoding? encoding = o.Required("encoding") is { } e ? A64(json, e, "encoding") : null;
        int? minEl = o.Optional("minEl") is { } m ? json.Int(m, 0, 3) : -1;
        Condition? requires = json.Condition(o.Optional("requires"), "requires");
        return name is null || encoding is null || minEl is null || requires is null
            ? null
            : new AliasSpec(name, encoding, minEl.Value, requires, json.Locate(node.Range));
    }

    public static RedirectSpec? Redirect(JsonValueReader json, JsonNode node)
    {
        JsonObjectReader? o = json.Object(node, "a redirect", "el", "when", "to");
        if (o is null)
        {
            return null;
        }

        int? el = json.Int(o.Required("el"), 0, 3);
        Condition? when = json.Condition(o.Optional("when"), "when");
        JsonNode? toNode = o.Required("to");
        string? to = json.ArchName(toNode, "register");
        return el is null || when is null || to is null ? null : new RedirectSpec(el.Value, when, to, json.Locate(toNode!.Range));
    }

    public static TimerMeaning? Timer(JsonValueReader json, JsonNode node)
    {
        JsonObjectReader? o = json.Object(node, "timer", "timer", "register");
        if (o is null)
        {
            return null;
        }

        string? timer = json.OneOf(o.Required("timer"), s_timers);
        string? register = json.OneOf(o.Required("register"), s_timerRegisters);
        return timer is null || register is null ? null : new TimerMeaning(timer, register, json.Locate(node.Range));
    }
}
