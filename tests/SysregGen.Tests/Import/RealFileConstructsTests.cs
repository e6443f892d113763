using SysregGen.Cli.Import;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Import;

/// <summary>
/// Constructs the kernel's own arch/arm64/tools/sysreg uses that neither fixture had, found when the
/// importer was run on the real file (docs/import.md, "Tested against the kernel's file"). The
/// lines are our own, written in the kernel's format; nothing is copied from the GPL-2.0 file.
/// Each must import with no finding at all and generate code with no diagnostic, so that a later
/// change to the reader cannot turn one of them into an error on the real file unnoticed.
/// </summary>
public sealed class RealFileConstructsTests
{
    private const string Sysreg =
        // A comment indented like a value line, inside an Enum; a value separated by two spaces;
        // value names that C# cannot declare as written (a hex-looking one, plain numbers).
        "Sysreg\tWIDGET_EL1\t3\t0\t11\t15\t0\n" +
        "UnsignedEnum\t63\tTOP\n\t0b0\tNI\n\t0b1\tIMP\nEndEnum\n" +
        "Res0\t62:12\n" +
        "Enum\t11:8\tGRAIN\n\t0b0000\t0x0\n\t# our own note between two values\n\t0b0001\t0x20\n\t0b0010  16_BIT\nEndEnum\n" +
        "SignedEnum\t7:4\tLEVEL\n\t0b0000\tIMP\n\t0b1111\tNI\nEndEnum\n" +
        "Enum\t3:0\tSIZE\n\t0b0000\t8\n\t0b0010\t12\nEndEnum\n" +
        "EndSysreg\n\n" +
        // A shared layout with Unkn and Raz, whose field names are themselves register names (as in
        // the fine-grained trap registers), used by the EL1, EL2 and EL12 encodings of one register:
        // three register types and one layout type, none of which may collide (SRG0022).
        "SysregFields\tGADGET_ELx\nField\t63\tnWIDGET_EL1\nField\t62\tWIDGET_EL0\nRes0\t61:12\nUnkn\t11:8\nRaz\t7:4\nField\t3:0\tLEN\nEndSysregFields\n\n" +
        "Sysreg\tGADGET_EL1\t3\t0\t11\t15\t1\nFields\tGADGET_ELx\nEndSysreg\n\n" +
        "Sysreg GADGET_EL2\t3\t4\t11\t15\t1\nFields GADGET_ELx\nEndSysreg\n\n" +
        "Sysreg\tGADGET_EL12\t3\t5\t11\t15\t1\nFields\tGADGET_ELx\nEndSysreg\n";

    [Fact]
    public void TheRealFilesConstructsImportWithoutAnyFinding()
    {
        ImportResult result = LinuxSysregImporter.Import(Sysreg, "sysreg");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(4, result.Registers);
        Assert.Equal(1, result.Layouts);
        string widget = result.Files["WIDGET_EL1.json"];
        Assert.Contains("\"enum\": { \"_0x0\": \"0b0000\", \"_0x20\": \"0b0001\", \"_16_BIT\": \"0b0010\" }", widget, StringComparison.Ordinal);
        Assert.Contains("\"enum\": { \"_8\": \"0b0000\", \"_12\": \"0b0010\" }", widget, StringComparison.Ordinal);
        Assert.Contains("\"signed\": true", widget, StringComparison.Ordinal);
        string layout = result.Files["layouts/GADGET_ELx.json"];
        Assert.Contains("\"unkn\": [\"11:8\"]", layout, StringComparison.Ordinal);
        Assert.Contains("\"raz\": [\"7:4\"]", layout, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRealFilesConstructsGenerateWithoutCollisions()
    {
        ImportResult result = LinuxSysregImporter.Import(Sysreg, "sysreg");

        GeneratorOutput output = GeneratorHarness.Run(result.Files.Select(f => new InMemorySpec("specs/linux/" + f.Key, f.Value)).ToArray());
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationProblems);
        Assert.Contains("GadgetEl1.g.cs", output.Sources.Keys);
        Assert.Contains("GadgetEl2.g.cs", output.Sources.Keys);
        Assert.Contains("GadgetEl12.g.cs", output.Sources.Keys);
    }

    [Fact]
    public void TheRealFilesConstructsReimportByteIdentically()
    {
        ImportResult first = LinuxSysregImporter.Import(Sysreg, "sysreg");
        ImportResult second = LinuxSysregImporter.Import(Sysreg, "sysreg");

        Assert.Equal(first.Files.Keys.Order(StringComparer.Ordinal), second.Files.Keys.Order(StringComparer.Ordinal));
        Assert.All(first.Files, f => Assert.Equal(f.Value, second.Files[f.Key]));
    }
}
