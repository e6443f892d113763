using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Snapshots;

/// <summary>
/// The generated code is the API consumers build on: every generated file is approved text beside
/// this test, so any change to the generated API shows up in review.
/// </summary>
public sealed class GeneratedCodeTests
{
    [Fact]
    public void ShippedSpecs()
    {
        GeneratorOutput output = GeneratorHarness.Run(GeneratorHarness.ShippedSpecs());

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationProblems);
        foreach ((string hint, string source) in output.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Approvals.Verify(source, Path.GetFileNameWithoutExtension(hint));
        }
    }

    [Fact]
    public void FocusedSpecs()
    {
        GeneratorOutput output = GeneratorHarness.Run(
            new InMemorySpec("focus/TEST_CFG_EL1.json", FocusedSpecs_Config),
            new InMemorySpec("focus/TEST_MODE_EL2.json", FocusedSpecs_Mode));

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationProblems);
        foreach ((string hint, string source) in output.Sources.Where(s => s.Key.StartsWith("Test", StringComparison.Ordinal) || s.Key.Contains("TrapDecisions", StringComparison.Ordinal)))
        {
            Approvals.Verify(source, Path.GetFileNameWithoutExtension(hint));
        }
    }

    /// <summary>A 32-bit register with every kind of field: signed, enumerated, WO, RO, RES1, feature-gated.</summary>
    internal const string FocusedSpecs_Config = """
        {
          "name": "TEST_CFG_EL1",
          "description": "A register that exercises every field kind.",
          "width": 32,
          "minEl": 1,
          "access": "RW",
          "encoding": { "op0": 3, "op1": 0, "crn": 15, "crm": 1, "op2": 0 },
          "aarch32": { "name": "TEST_CFG", "coproc": 15, "opc1": 0, "crn": 15, "crm": 1, "opc2": 0 },
          "layouts": [
            {
              "fields": [
                { "name": "OFFSET", "bits": "31:24", "access": "RW", "signed": true, "reset": "0xFF", "description": "A signed offset." },
                { "name": "MODE", "bits": "21:20", "access": "RW", "enum": { "Off": 0, "Slow": 1, "Fast": 3 }, "reset": 1 },
                { "name": "KICK", "bits": "19", "access": "WO", "description": "Write 1 to kick." },
                { "name": "EXT", "bits": "18", "access": "RW", "feature": "FEAT_TEST" },
                { "name": "COUNT", "bits": "15:4", "access": "RO" },
                { "name": "ON", "bits": "0", "access": "RW", "reset": 1 }
              ],
              "res0": ["23:22", "3:2"],
              "res1": ["17:16", "1"]
            }
          ],
          "traps": [
            { "el": 1, "when": { "e2h": 0 }, "trapIf": { "TEST_MODE_EL2.LOCK": 1 }, "to": 2 },
            { "el": 1, "when": { "e2h": 1 }, "trapIf": { "TEST_MODE_EL2.LOCKED": 1, "TEST_MODE_EL2.STRICT": 1 }, "to": 2 }
          ]
        }
        """;

    /// <summary>Two layouts selected by E2H, used as the trap control of TEST_CFG_EL1.</summary>
    internal const string FocusedSpecs_Mode = """
        {
          "name": "TEST_MODE_EL2",
          "typeName": "TestMode",
          "description": "A control register whose bits mean different things with E2H.",
          "width": 64,
          "minEl": 2,
          "access": "RW",
          "encoding": { "op0": 3, "op1": 4, "crn": 15, "crm": 1, "op2": 0 },
          "layouts": [
            { "name": "Plain", "when": { "e2h": 0 },
              "fields": [ { "name": "LOCK", "bits": "0", "access": "RW" } ],
              "res0": ["63:1"] },
            { "name": "Host", "when": { "e2h": 1 },
              "fields": [ { "name": "STRICT", "bits": "9", "access": "RW" }, { "name": "LOCKED", "bits": "8", "access": "RW" } ],
              "res0": ["63:10", "7:0"] }
          ]
        }
        """;
}
