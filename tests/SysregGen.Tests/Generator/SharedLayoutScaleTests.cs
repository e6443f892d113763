using System.Globalization;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Generator;

/// <summary>
/// Registers at scale, as the Linux sysreg importer produces them: hundreds of registers that share
/// a few layouts and trap-rule groups, some of them mappings. The set must generate, compile and
/// report nothing.
/// </summary>
public sealed class SharedLayoutScaleTests
{
    private const int Registers = 300;
    private const int Layouts = 10;

    [Fact]
    public void ThreeHundredRegistersWithSharedLayoutsGenerate()
    {
        var specs = new List<InMemorySpec>();
        for (int l = 0; l < Layouts; l++)
        {
            // Field widths vary with l, so that every layout's type differs.
            int top = 8 + l;
            specs.Add(new InMemorySpec($"specs/scale/layouts/SCALE_L{l}.json", $$"""
                { "layout": "SCALE_L{{l}}_ELx", "description": "Shared layout {{l}}.", "width": 64,
                  "fields": [
                    { "name": "MODE", "bits": "{{top}}:4", "access": "RW", "enum": { "Off": 0, "On": 1 } },
                    { "name": "STATUS", "bits": "3", "access": "RO" },
                    { "name": "EN", "bits": "0", "access": "RW" } ],
                  "res0": ["63:{{top + 1}}"], "unkn": ["2"], "raz": ["1"] }
                """));
        }

        specs.Add(new InMemorySpec("specs/scale/SCALE_CTRL_EL2.json", """
            { "name": "SCALE_CTRL_EL2", "description": "Gates the scale registers.", "width": 64, "minEl": 2, "access": "RW",
              "encoding": { "op0": 3, "op1": 4, "crn": 11, "crm": 0, "op2": 0 },
              "layouts": [ { "fields": [ { "name": "GATE", "bits": "0", "access": "RW" } ], "res0": ["63:1"] } ] }
            """));
        specs.Add(new InMemorySpec("specs/scale/groups/SCALE_EL1.json", """
            { "trapGroup": "SCALE_EL1", "description": "EL1 accesses trap when the gate is closed.",
              "traps": [ { "el": 1, "trapIf": { "SCALE_CTRL_EL2.GATE": 0 }, "to": 2 } ] }
            """));
        specs.Add(new InMemorySpec("specs/scale/groups/SCALE_ALL.json", """
            { "trapGroup": "SCALE_ALL", "description": "EL0 and EL1 accesses trap when the gate is closed.",
              "traps": [ { "el": 0, "trapIf": { "SCALE_CTRL_EL2.GATE": 0 }, "to": 2 }, { "use": "SCALE_EL1" } ] }
            """));

        for (int i = 0; i < Registers; i++)
        {
            string encoding = $$"""{ "op0": 3, "op1": {{i / 128}}, "crn": 15, "crm": {{i / 8 % 16}}, "op2": {{i % 8}} }""";
            string body = i % 7 == 6
                ? $"\"mapping\": \"SCALE_R{(i - 1).ToString(CultureInfo.InvariantCulture)}_EL1\""
                : $"\"layouts\": [ {{ \"use\": \"SCALE_L{i % Layouts}_ELx\" }} ]";
            string traps = i % 3 == 0 ? ", \"traps\": [ { \"use\": \"SCALE_ALL\" } ]" : "";
            specs.Add(new InMemorySpec($"specs/scale/SCALE_R{i}_EL1.json", $$"""
                { "name": "SCALE_R{{i}}_EL1", "description": "Scale register {{i}}.", "width": 64, "minEl": 0, "access": "RW",
                  "encoding": {{encoding}}, {{body}}{{traps}} }
                """));
        }

        GeneratorOutput output = GeneratorHarness.Run(specs);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationProblems);
        Assert.Equal(Registers + 1 + Layouts, output.Sources.Keys.Count(k => !k.StartsWith("SysregGen.", StringComparison.Ordinal)));
        Assert.Contains("ScaleL3Fields.g.cs", output.Sources.Keys);
        Assert.Contains("public global::SysregGen.Registers.ScaleL3Fields AsScaleL3Fields", output.Sources["ScaleR3.g.cs"], StringComparison.Ordinal);
    }
}
