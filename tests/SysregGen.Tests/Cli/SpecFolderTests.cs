using System.Text.Json;
using SysregGen.Cli;
using SysregGen.Cli.Import;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Cli;

/// <summary><c>sysreg lint</c> and <c>sysreg table --specs</c> on spec folders other than the built-in one, imported ones included.</summary>
public sealed class SpecFolderTests : IDisposable
{

    private readonly string _dir = Directory.CreateTempSubdirectory("sysreg-specs").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Registers that use only today's format: no shared layouts, views, signed enums or feature layouts.</summary>
    private const string PlainSysreg =
        "Sysreg\tCONTEXTIDR_EL1\t3\t0\t13\t0\t1\nRes0\t63:32\nField\t31:0\tPROCID\nEndSysreg\n\n" +
        "Sysreg\tCONTEXTIDR_EL2\t3\t4\t13\t0\t1\nRes0\t63:32\nField\t31:0\tPROCID\nEndSysreg\n\n" +
        "Sysreg\tMIDR_EL1\t3\t0\t0\t0\t0\nRes0\t63:32\nField\t31:24\tImplementer\nField\t23:20\tVariant\nField\t19:16\tArchitecture\n" +
        "Field\t15:4\tPartNum\nUnsignedEnum\t3:0\tRevision\n\t0b0000\tR0\n\t0b0001\tR1\nEndEnum\nEndSysreg\n";

    private string ImportText(string text)
    {
        string file = Path.Combine(_dir, "sysreg");
        File.WriteAllText(file, text);
        string specs = Path.Combine(_dir, "specs");
        Assert.Equal(ExitCodes.Ok, Program.Run(["import", "linux-sysreg", file, "-o", specs], TextWriter.Null, TextWriter.Null));
        return specs;
    }

    private static string LargeFixture => Path.Combine(Repository.Root, "tests", "SysregGen.Tests", "Import", "Fixtures", "large.sysreg");

    [Fact]
    public void LintSearchesAFolderRecursively()
    {
        string specs = ImportText(PlainSysreg);
        string nested = Path.Combine(specs, "deeper", "still");
        Directory.CreateDirectory(nested);
        File.Move(Path.Combine(specs, "MIDR_EL1.json"), Path.Combine(nested, "MIDR_EL1.json"));

        var output = new StringWriter();
        Assert.Equal(LintCommand.Clean, Program.Run(["lint", specs], output, TextWriter.Null));
        Assert.Equal("lint: 3 spec(s), 3 valid, 0 error(s)", output.ToString().Trim());
    }

    [Fact]
    public void TableDescribesAnyFolderWithEncodingsAndBitNumbers()
    {
        string specs = ImportText(PlainSysreg);
        var output = new StringWriter();
        Assert.Equal(TableCommand.Described, Program.Run(["table", "--specs", specs, "--format", "json"], output, TextWriter.Null));
        using JsonDocument doc = JsonDocument.Parse(output.ToString());
        JsonElement[] registers = doc.RootElement.GetProperty("registers").EnumerateArray().ToArray();
        Assert.Equal(["CONTEXTIDR_EL1", "CONTEXTIDR_EL2", "MIDR_EL1"], registers.Select(r => r.GetProperty("name").GetString()).Order());

        JsonElement midr = registers.Single(r => r.GetProperty("name").GetString() == "MIDR_EL1");
        Assert.Equal("3, 0, c0, c0, 0", midr.GetProperty("encoding").GetString()); // today's forms stay
        Assert.Equal("0xC000", midr.GetProperty("key").GetString());
        Assert.Equal([3, 0, 0, 0, 0], new[] { "op0", "op1", "crn", "crm", "op2" }.Select(p => midr.GetProperty(p).GetInt32()));
        JsonElement partNum = midr.GetProperty("layouts")[0].GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "PARTNUM");
        Assert.Equal("15:4", partNum.GetProperty("bits").GetString());
        Assert.Equal(15, partNum.GetProperty("msb").GetInt32());
        Assert.Equal(4, partNum.GetProperty("lsb").GetInt32());

        var markdown = new StringWriter();
        Assert.Equal(TableCommand.Described, Program.Run(["table", "--specs", specs], markdown, TextWriter.Null));
        Assert.Contains("| CONTEXTIDR_EL2 | 3, 4, c13, c0, 1 |", markdown.ToString(), StringComparison.Ordinal);

        Assert.Equal(TableCommand.Usage, Program.Run(["table", "--specs", Path.Combine(_dir, "missing")], TextWriter.Null, TextWriter.Null));
        string empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        var error = new StringWriter();
        Assert.Equal(TableCommand.Usage, TableCommand.Run("json", [empty], TextWriter.Null, error));
        Assert.Contains("no spec files", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TableWithoutSpecsStillDescribesTheBuiltInSpecs()
    {
        var output = new StringWriter();
        Assert.Equal(TableCommand.Described, TableCommand.Run("json", [Path.Combine(AppContext.BaseDirectory, "specs")], output, TextWriter.Null));
        using JsonDocument doc = JsonDocument.Parse(output.ToString());
        JsonElement ctl = doc.RootElement.GetProperty("registers").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "CNTP_CTL_EL0");
        Assert.Equal(14, ctl.GetProperty("crn").GetInt32());
        Assert.Equal("0xDF11", ctl.GetProperty("key").GetString());
    }

    [Fact]
    public void LintAcceptsTheImportedLargeFixture()
    {
        string specs = Path.Combine(_dir, "large");
        Assert.Equal(ExitCodes.Ok, Program.Run(["import", "linux-sysreg", LargeFixture, "-o", specs], TextWriter.Null, TextWriter.Null));
        var output = new StringWriter();
        Assert.Equal(LintCommand.Clean, Program.Run(["lint", specs], output, TextWriter.Null));
    }

    [Fact]
    public void TableListsEveryImportedRegisterWithItsFields()
    {
        string specs = Path.Combine(_dir, "large");
        Assert.Equal(ExitCodes.Ok, Program.Run(["import", "linux-sysreg", LargeFixture, "-o", specs], TextWriter.Null, TextWriter.Null));
        var output = new StringWriter();
        Assert.Equal(TableCommand.Described, Program.Run(["table", "--specs", specs, "--format", "json"], output, TextWriter.Null));
        using JsonDocument doc = JsonDocument.Parse(output.ToString());
        ImportResult imported = LinuxSysregImporter.Import(File.ReadAllText(LargeFixture), "large.sysreg");
        JsonElement[] registers = doc.RootElement.GetProperty("registers").EnumerateArray().ToArray();
        Assert.Equal(imported.Registers, registers.Length);
        JsonElement ttbr = registers.Single(r => r.GetProperty("name").GetString() == "TTBR0_EL2");
        Assert.Contains(ttbr.GetProperty("layouts")[0].GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "ASID" && f.GetProperty("msb").GetInt32() == 63);
    }
}
