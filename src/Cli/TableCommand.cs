using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using SysregGen.Specs;
using SysregGen.Specs.Model;

namespace SysregGen.Cli;

/// <summary>
/// <c>sysreg table</c>: a spec set as the generator sees it, through the SysregGen.Specs library
/// (so lint and table agree): registers with their encodings, layouts and trap rules, and every
/// accessor with the handler call it dispatches to. Markdown for people, JSON for tools.
/// </summary>
/// <remarks>
/// With <c>--specs</c> it describes any spec folder (searched recursively, as lint searches).
/// Without paths it describes the built-in specs: the <c>specs</c> folder of the current directory
/// (the repository root, or a project that has its own specs, as the generator's build props read
/// them), else the one beside the tool. Specs with errors are left out, as a build leaves them out;
/// their diagnostics go to the error writer and the exit code is 1.
/// </remarks>
internal static class TableCommand
{
    public const int Described = 0;
    public const int SpecErrors = 1;
    public const int Usage = 2;

    public static int Run(string format, TextWriter output)
    {
        if (BuiltInSpecs() is not { } specs)
        {
            Console.Error.WriteLine("sysreg table: no specs folder in the current directory or beside the tool");
            return Usage;
        }

        return Run(format, [specs], output, Console.Error);
    }

    public static int Run(string format, IReadOnlyList<string> paths, TextWriter output, TextWriter error)
    {
        // Diagnostics go to the error writer: the output is the table.
        if (LintCommand.Load("table", paths, error, error) is not { } specs)
        {
            return Usage;
        }

        if (specs.Files.Count == 0)
        {
            // As lint: an empty table from a mistyped folder must not look like a described one.
            error.WriteLine($"sysreg table: no spec files (*.json) in {string.Join(", ", paths)}");
            return Usage;
        }

        TableDocument document = Build(specs.Tables.Table);
        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(document, TableJsonContext.Default.TableDocument));
        }
        else
        {
            WriteMarkdown(document, output);
        }

        return specs.Diagnostics.Count == 0 ? Described : SpecErrors;
    }

    /// <summary>./specs if there is one, else the specs folder beside the tool, else null.</summary>
    internal static string? BuiltInSpecs() =>
        new[] { "specs", Path.Combine(AppContext.BaseDirectory, "specs") }.FirstOrDefault(Directory.Exists);

    internal static TableDocument Build(TableModel table)
    {
        var registers = table.Registers.Select(r => new RegisterRow(
            r.Name,
            $"{r.Encoding.Op0}, {r.Encoding.Op1}, c{r.Encoding.CRn}, c{r.Encoding.CRm}, {r.Encoding.Op2}",
            "0x" + r.Encoding.Key.ToString("X4", CultureInfo.InvariantCulture),
            r.Width,
            Hex(r.ResetValue),
            r.Timer is { } t ? $"{t}.{r.TimerRegister}" : null,
            Feature(r.Feature),
            r.Layouts.Select(l => new LayoutRow(
                l.Name.Length == 0 ? null : l.Name,
                Condition(l.When),
                l.Fields.Select(f => new FieldRow(f.Name, f.Msb == f.Lsb ? $"{f.Msb}" : $"{f.Msb}:{f.Lsb}", f.Access.ToString(), f.Msb, f.Lsb)).ToList(),
                Hex(l.Res0))).ToList(),
            r.TrapRules.Select(x => new TrapRuleRow(x.El, Condition(x.When),
                x.Controls.Select(c => $"{c.RegisterName}.{c.FieldName} == {c.Value >> c.Lsb}").ToList(), x.To, Feature(x.Feature))).ToList(),
            r.Encoding.Op0, r.Encoding.Op1, r.Encoding.CRn, r.Encoding.CRm, r.Encoding.Op2)).ToList();

        var byName = table.Registers.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var accessors = new List<AccessorRow>();
        foreach (AccessorEntry a in table.Accessors)
        {
            RegisterEntry r = byName[a.RegisterName];
            string access = (a.ReadMinEl <= 3 ? $"R from EL{a.ReadMinEl}" : "no read") + ", " + (a.WriteMinEl <= 3 ? $"W from EL{a.WriteMinEl}" : "no write") +
                            (a.Requires.E2h == 1 ? ", E2H=1" : "");
            string handler = r.Timer is { } t ? $"AccessTimer({t}, {r.TimerRegister})" : $"AccessRegister({r.TypeName})";
            accessors.Add(new AccessorRow(a.ArchName, a.Kind.ToString(), a.Instruction, r.Name, a.IsAlias, access, handler));
        }

        return new TableDocument(typeof(SpecSet).Assembly.GetName().Version?.ToString(3) ?? "", registers, accessors);
    }

    /// <summary>The feature as the generated SysregFeatures member names it (Ecv for FEAT_ECV).</summary>
    private static string? Feature(string? feature) => feature is null ? null : Names.FeatureMemberName(feature);

    private static string? Condition(Condition c) =>
        c.IsAlways ? null : string.Join(", ", new[] { c.E2h is int e ? $"E2H={e}" : null, c.Tge is int g ? $"TGE={g}" : null }.OfType<string>());

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

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

/// <remarks>
/// <c>encoding</c> and <c>key</c> are the forms printed first; <c>op0</c>..<c>op2</c> were added after
/// them so tools need not parse the text (added, never renamed: the JSON shape only grows).
/// </remarks>
internal sealed record RegisterRow(string Name, string Encoding, string Key, int Width, string Reset, string? Timer, string? Feature, List<LayoutRow> Layouts, List<TrapRuleRow> TrapRules,
    int Op0, int Op1, int Crn, int Crm, int Op2);

internal sealed record LayoutRow(string? Name, string? When, List<FieldRow> Fields, string Res0);

/// <remarks><c>msb</c> and <c>lsb</c> give <c>bits</c> as numbers.</remarks>
internal sealed record FieldRow(string Name, string Bits, string Access, int Msb, int Lsb);

internal sealed record TrapRuleRow(int El, string? When, List<string> Controls, int To, string? Feature);

internal sealed record AccessorRow(string Name, string Kind, string Encoding, string Register, bool IsAlias, string Access, string Handler);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TableDocument))]
internal sealed partial class TableJsonContext : JsonSerializerContext
{
}
