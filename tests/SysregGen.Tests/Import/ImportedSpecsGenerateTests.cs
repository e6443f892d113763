using SysregGen.Cli.Import;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Import;

/// <summary>
/// The names the importer chooses compile: imported registers go through the real generator with no
/// diagnostic and no compiler error, renamed enum values, clashing type names and properties
/// included, and so does the whole large fixture (shared layouts, mappings, signed enums, feature
/// layouts).
/// </summary>
public sealed class ImportedSpecsGenerateTests
{
    private const string Sysreg =
        "Sysreg\tTGRAN_EL1\t3\t0\t12\t15\t0\nRes0\t63:8\n" +
        "Enum\t7:4\tTGRAN4\n\t0b0000\tIMP\n\t0b0001\t52_BIT\n\t0b1111\tNI\nEndEnum\n" +
        "Enum\t3:0\tPARANGE\n\t0b0000\t32\n\t0b0101\t48\nEndEnum\nEndSysreg\n\n" +
        "Sysreg\tRNDR\t3\t3\t2\t4\t0\nField\t63:0\tRNDR\nEndSysreg\n\n" +
        "Sysreg\tSTATE_EL1\t3\t0\t12\t15\t1\nRes0\t63:4\nField\t3\tRAW\nField\t2\tWidth\nField\t1\tnTR\nField\t0\tNTR\nEndSysreg\n\n" +
        "Sysreg\tCTX_EL1\t3\t0\t12\t15\t2\nField\t63:0\tVALUE\nEndSysreg\n\n" +
        "Sysreg\tCTX_EL2\t3\t4\t12\t15\t2\nField\t63:0\tVALUE\nEndSysreg\n";

    [Fact]
    public void ImportedPlainSpecsGenerateAndCompile()
    {
        ImportResult result = LinuxSysregImporter.Import(Sysreg, "sysreg");
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        Assert.Equal(5, result.Registers);

        GeneratorOutput output = GeneratorHarness.Run(result.Files.Select(f => new InMemorySpec("specs/linux/" + f.Key, f.Value)).ToArray());
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationProblems);
        Assert.Contains("CtxEl1.g.cs", output.Sources.Keys);
        Assert.Contains("CtxEl2.g.cs", output.Sources.Keys);
        Assert.Contains("_52_BIT", output.Sources["Tgran.g.cs"], StringComparison.Ordinal);
        Assert.Contains("RndrField", output.Sources["Rndr.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void TheWholeLargeFixtureGeneratesAndCompiles()
    {
        string file = Path.Combine(Repository.Root, "tests", "SysregGen.Tests", "Import", "Fixtures", "large.sysreg");
        ImportResult result = LinuxSysregImporter.Import(File.ReadAllText(file), "large.sysreg");
        InMemorySpec[] specs = result.Files.Select(f => new InMemorySpec("specs/linux/" + f.Key, f.Value)).ToArray();
        Assert.True(result.Registers >= 300, $"{result.Registers} registers");

        GeneratorOutput output = GeneratorHarness.Run(specs);
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationProblems);

        // Every register has its struct (a mapping shares its target's layout type, but keeps a struct of its own).
        string enums = output.Sources["SysregGen.Enums.g.cs"];
        int registers = enums[..enums.IndexOf("public enum SysregAccessor", StringComparison.Ordinal)].Split(" = ").Length - 1;
        Assert.Equal(result.Registers, registers);
        Assert.True(output.Sources.Count >= result.Registers, $"{output.Sources.Count} files");
    }
}
