using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using SysregGen.Registers;

namespace SysregGen.Cli;

/// <summary>
/// <c>sysreg table</c>: the built-in register model, from the generated catalog and dispatch table:
/// registers with their encodings, layouts and trap rules, and every accessor with the handler call
/// it dispatches to. Markdown for people, JSON for tools.
/// </summary>
internal static class TableCommand
{
    public static int Run(string format, TextWriter output)
    {
        TableDocument document = Build();
        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(document, TableJsonContext.Default.TableDocument));
        }
        else
        {
            WriteMarkdown(document, output);
        }

        return 0;
    }

    internal static TableDocument Build()
    {
        var registers = SysregCatalog.All.Select(r => new RegisterRow(
            r.Name,
            $"{r.Op0}, {r.Op1}, c{r.CRn}, c{r.CRm}, {r.Op2}",
            Hex(((r.Op0 << 14) | (r.Op1 << 11) | (r.CRn << 7) | (r.CRm << 3) | r.Op2), 4),
            r.Width,
            "0x" + r.ResetValue.ToString("x", CultureInfo.InvariantCulture),
            r.Timer is { } t ? $"{t}.{r.TimerRegister}" : null,
            r.RequiredFeatures == SysregFeatures.None ? null : r.RequiredFeatures.ToString(),
            r.Layouts.Select(l => new LayoutRow(
                l.Name.Length == 0 ? null : l.Name,
                Condition(l.WhenE2H, l.WhenTge),
                l.Fields.Select(f => new FieldRow(f.Name, f.Msb == f.Lsb ? $"{f.Msb}" : $"{f.Msb}:{f.Lsb}", f.Access.ToString())).ToList(),
                "0x" + l.Res0Mask.ToString("x", CultureInfo.InvariantCulture))).ToList(),
            r.TrapRules.Select(x => new TrapRuleRow(x.El, Condition(x.WhenE2H, x.WhenTge), x.Controls.ToList(), x.ToEl,
                x.RequiredFeatures == SysregFeatures.None ? null : x.RequiredFeatures.ToString())).ToList())).ToList();

        var accessors = new List<AccessorRow>();
        foreach (SysregAccessorInfo a in SysregTable.Accessors)
        {
            SysregInfo r = SysregCatalog.Get(a.Register);
            string encoding = a.Kind switch
            {
                AccessorKind.AArch64 => $"MRS/MSR {a.Encoding.Op0}, {a.Encoding.Op1}, c{a.Encoding.CRn}, c{a.Encoding.CRm}, {a.Encoding.Op2}",
                AccessorKind.AArch32 => $"MRC/MCR p{a.Encoding.Coproc}, {a.Encoding.Op1}, c{a.Encoding.CRn}, c{a.Encoding.CRm}, {a.Encoding.Op2}",
                _ => $"MRRC/MCRR p{a.Encoding.Coproc}, {a.Encoding.Op1}, c{a.Encoding.CRm}",
            };
            string access = (a.CanRead ? $"R from EL{a.ReadMinEl}" : "no read") + ", " + (a.CanWrite ? $"W from EL{a.WriteMinEl}" : "no write") +
                            (a.RequiresE2H == 1 ? ", E2H=1" : "");
            string handler = r.Timer is { } t ? $"AccessTimer({t}, {r.TimerRegister})" : $"AccessRegister({r.TypeName})";
            accessors.Add(new AccessorRow(a.Name, a.Kind.ToString(), encoding, r.Name, a.IsAlias, access, handler));
        }

        return new TableDocument(typeof(SysregCatalog).Assembly.GetName().Version?.ToString(3) ?? "", registers, accessors);
    }

    private static string? Condition(int e2h, int tge) =>
        e2h < 0 && tge < 0 ? null : string.Join(", ", new[] { e2h < 0 ? null : $"E2H={e2h}", tge < 0 ? null : $"TGE={tge}" }.OfType<string>());

    private static string Hex(int value, int digits) => "0x" + value.ToString("X" + digits, CultureInfo.InvariantCulture);

    private static void WriteMarkdown(TableDocument d, TextWriter o)
    {
        o.WriteLine("# Registers");
        o.WriteLine();
        o.WriteLine("| register | op0, op1, CRn, CRm, op2 | key | width | reset | timer handler | feature |");
        o.WriteLine("|---|---|---|---|---|---|---|");
        foreach (RegisterRow r in d.Registers)
        {
            o.WriteLine($"| {r.Name} | {r.Encoding} | {r.Key} | {r.Width} | {r.Reset} | {r.Timer ?? ""} | {r.Feature ?? ""} |");
        }

        o.WriteLine();
        o.WriteLine("# Fields and trap rules");
        foreach (RegisterRow r in d.Registers)
        {
            o.WriteLine();
            o.WriteLine($"## {r.Name}");
            foreach (LayoutRow l in r.Layouts)
            {
                o.WriteLine();
                o.WriteLine(l.Name is null ? "Fields (RES0 " + l.Res0 + "):" : $"Layout {l.Name} ({l.When}), RES0 {l.Res0}:");
                o.WriteLine(string.Join(", ", l.Fields.Select(f => $"{f.Name}[{f.Bits}] {f.Access}")));
            }

            if (r.TrapRules.Count > 0)
            {
                o.WriteLine();
                o.WriteLine("| EL | when | traps if | to | feature |");
                o.WriteLine("|---|---|---|---|---|");
                foreach (TrapRuleRow t in r.TrapRules)
                {
                    o.WriteLine($"| {t.El} | {t.When ?? "always"} | {string.Join(" && ", t.Controls)} | EL{t.To} | {t.Feature ?? ""} |");
                }
            }
        }

        o.WriteLine();
        o.WriteLine("# Dispatch table");
        o.WriteLine();
        o.WriteLine("| accessor | encoding | register | alias | access | handler |");
        o.WriteLine("|---|---|---|---|---|---|");
        foreach (AccessorRow a in d.Accessors)
        {
            o.WriteLine($"| {a.Name} | {a.Encoding} | {a.Register} | {(a.IsAlias ? "yes" : "")} | {a.Access} | {a.Handler} |");
        }
    }
}

internal sealed record TableDocument(string Version, List<RegisterRow> Registers, List<AccessorRow> Accessors);

internal sealed record RegisterRow(string Name, string Encoding, string Key, int Width, string Reset, string? Timer, string? Feature, List<LayoutRow> Layouts, List<TrapRuleRow> TrapRules);

internal sealed record LayoutRow(string? Name, string? When, List<FieldRow> Fields, string Res0);

internal sealed record FieldRow(string Name, string Bits, string Access);

internal sealed record TrapRuleRow(int El, string? When, List<string> Controls, int To, string? Feature);

internal sealed record AccessorRow(string Name, string Kind, string Encoding, string Register, bool IsAlias, string Access, string Handler);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TableDocument))]
internal sealed partial class TableJsonContext : JsonSerializerContext
{
}
