using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Snapshots;

/// <summary>
/// The generated code is the API consumers build on: every generated file is approved text beside
/// this test, so any change to the generated API shows up in review.
/// </summary>
/// <remarks>
/// The shipped specs' snapshots are taken from a fixed copy of them (ShippedSpecs/ beside this
/// file), not from specs/ itself, so that a user who adds a register to specs/ breaks no snapshot.
/// <see cref="TheSnapshotCopyOfTheShippedSpecsIsCurrent"/> keeps the copy equal to the shipped
/// specs, and with SYSREGGEN_ACCEPT=1 both tests refresh it from specs/ first.
/// </remarks>
public sealed class GeneratedCodeTests
{
    /// <summary>The one command that refreshes the copy and the snapshots; the failure messages quote it.</summary>
    private const string RefreshCommand = "SYSREGGEN_ACCEPT=1 dotnet test SysregGen.sln -c Release --filter FullyQualifiedName~SysregGen.Tests.Snapshots";

    [Fact]
    public void ShippedSpecs()
    {
        RefreshTheCopyWhenAccepting();
        GeneratorOutput output = GeneratorHarness.Run(GeneratorHarness.SnapshotSpecs());

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationProblems);
        foreach ((string hint, string source) in output.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Approvals.Verify(source, Path.GetFileNameWithoutExtension(hint));
        }
    }

    [Fact]
    public void TheSnapshotCopyOfTheShippedSpecsIsCurrent()
    {
        RefreshTheCopyWhenAccepting();

        // Every copied spec is in specs/ with the same text. specs/ may have more: a register a user
        // adds is theirs, and changes no snapshot.
        var live = GeneratorHarness.SpecsIn(Repository.Specs).ToDictionary(s => s.Path, s => Normalize(s.Text), StringComparer.Ordinal);
        string[] stale = GeneratorHarness.SnapshotSpecs()
            .Where(copy => !live.TryGetValue(copy.Path, out string? text) || text != Normalize(copy.Text))
            .Select(copy => copy.Path + (live.ContainsKey(copy.Path) ? " (changed)" : " (removed)"))
            .ToArray();
        Assert.True(stale.Length == 0,
            $"The generated-code snapshots are taken from a copy of the shipped specs ({Repository.SnapshotSpecs}), " +
            $"and these specs differ from their copy: {string.Join(", ", stale)}. Adding a spec to specs/ needs nothing here; " +
            $"changing or removing a shipped one changes the generated code, so refresh the copy and the snapshots with\n  {RefreshCommand}\n" +
            "and review the diff of the *.verified.cs files before committing it.");
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

    [Fact]
    public void FocusedSharedSpecs()
    {
        GeneratorOutput output = GeneratorHarness.Run(
            new InMemorySpec("focus/TEST_SHARED.json", FocusedShared_Layout),
            new InMemorySpec("focus/TEST_GROUP.json", FocusedShared_Group),
            new InMemorySpec("focus/TEST_USE_EL1.json", FocusedShared_User),
            new InMemorySpec("focus/TEST_VIEW_EL1.json", FocusedShared_Mapping),
            new InMemorySpec("focus/TEST_FEAT_EL2.json", FocusedShared_Features));

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationProblems);
        string[] expected = ["SysregGen.TrapDecisions.g.cs", "TestFeat.g.cs", "TestSharedFields.g.cs", "TestUse.g.cs", "TestView.g.cs"];
        Assert.Superset(expected.ToHashSet(), output.Sources.Keys.ToHashSet());
        foreach (string hint in expected)
        {
            Approvals.Verify(output.Sources[hint], "Shared." + Path.GetFileNameWithoutExtension(hint));
        }
    }

    /// <summary>With SYSREGGEN_ACCEPT=1, replaces the snapshot copy with the specs in specs/ (both tests of this class call it, so either order works).</summary>
    private static void RefreshTheCopyWhenAccepting()
    {
        if (Environment.GetEnvironmentVariable("SYSREGGEN_ACCEPT") != "1")
        {
            return;
        }

        if (Directory.Exists(Repository.SnapshotSpecs))
        {
            Directory.Delete(Repository.SnapshotSpecs, recursive: true);
        }

        foreach (InMemorySpec spec in GeneratorHarness.SpecsIn(Repository.Specs))
        {
            string target = Path.Combine(Repository.SnapshotSpecs, spec.Path["specs/".Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, spec.Text);
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

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

    /// <summary>A shared layout with UNKNOWN and read-as-zero bits and a signed enum; its type name is the default one.</summary>
    internal const string FocusedShared_Layout = """
        {
          "layout": "TEST_SHARED",
          "description": "A layout two registers share.",
          "width": 64,
          "fields": [
            { "name": "LEVEL", "bits": "7:4", "access": "RW", "signed": true, "enum": { "Lowest": "0b1000", "Off": 0, "Highest": 7 } },
            { "name": "ON", "bits": "0", "access": "RW", "reset": 1 }
          ],
          "res0": ["63:16"],
          "unkn": ["15:12"],
          "raz": ["11:8", "3:1"]
        }
        """;

    /// <summary>A trap-rule group: two rules under E2H == 0, where every layout of TEST_FEAT_EL2 has LOCK.</summary>
    internal const string FocusedShared_Group = """
        {
          "trapGroup": "TEST_GROUP",
          "description": "When an access to TEST_USE_EL1 traps.",
          "traps": [
            { "el": 0, "when": { "e2h": 0 }, "trapIf": { "TEST_FEAT_EL2.LOCK": 1 }, "to": 2 },
            { "el": 1, "when": { "e2h": 0 }, "trapIf": { "TEST_FEAT_EL2.LOCK": 1 }, "to": 2 }
          ]
        }
        """;

    /// <summary>A register whose layout is the shared one and whose rules come from the group, then one of its own.</summary>
    internal const string FocusedShared_User = """
        {
          "name": "TEST_USE_EL1",
          "description": "Uses TEST_SHARED and TEST_GROUP.",
          "width": 64,
          "minEl": 0,
          "access": "RW",
          "encoding": { "op0": 3, "op1": 0, "crn": 15, "crm": 4, "op2": 0 },
          "layouts": [ { "use": "TEST_SHARED" } ],
          "traps": [
            { "use": "TEST_GROUP" },
            { "el": 1, "when": { "e2h": 1 }, "trapIf": { "TEST_FEAT_EL2.ON": 0 }, "to": 2 }
          ]
        }
        """;

    /// <summary>A mapping: its own encoding, TEST_USE_EL1's layouts.</summary>
    internal const string FocusedShared_Mapping = """
        {
          "name": "TEST_VIEW_EL1",
          "description": "Another view of TEST_USE_EL1's layout.",
          "width": 64,
          "minEl": 1,
          "access": "RO",
          "encoding": { "op0": 3, "op1": 0, "crn": 15, "crm": 4, "op2": 1 },
          "mapping": "TEST_USE_EL1"
        }
        """;

    /// <summary>Feature layouts: per E2H, a default and one under FEAT_TEST; one of them is the shared layout.</summary>
    internal const string FocusedShared_Features = """
        {
          "name": "TEST_FEAT_EL2",
          "description": "A control register whose bits depend on E2H and on FEAT_TEST.",
          "width": 64,
          "minEl": 2,
          "access": "RW",
          "encoding": { "op0": 3, "op1": 4, "crn": 15, "crm": 4, "op2": 0 },
          "layouts": [
            { "name": "Plain", "when": { "e2h": 0 },
              "fields": [ { "name": "LOCK", "bits": "1", "access": "RW" }, { "name": "ON", "bits": "0", "access": "RW", "reset": 1 } ],
              "res0": ["63:2"] },
            { "name": "PlainTest", "when": { "e2h": 0 }, "feature": "FEAT_TEST",
              "fields": [ { "name": "LOCK", "bits": "1", "access": "RW" }, { "name": "ON", "bits": "0", "access": "RW", "reset": 1 } ],
              "res0": ["63:4"], "raz": ["3:2"] },
            { "name": "Host", "when": { "e2h": 1 }, "use": "TEST_SHARED" },
            { "name": "HostTest", "when": { "e2h": 1 }, "feature": "FEAT_TEST",
              "fields": [ { "name": "LOCK", "bits": "1", "access": "RW" }, { "name": "ON", "bits": "0", "access": "RW", "reset": 1 } ],
              "res0": ["63:2"] }
          ]
        }
        """;
}
