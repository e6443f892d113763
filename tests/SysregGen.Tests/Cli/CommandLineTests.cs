using SysregGen.Cli;

namespace SysregGen.Tests.Cli;

/// <summary>
/// One exit-code convention for every command (0 ok, 1 findings, 2 bad input or usage), messages in
/// the tool's own words, names in any case, folders and empty inputs handled.
/// </summary>
public sealed class CommandLineTests
{
    private static (int Code, string Output, string Error) Sysreg(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("demo --vcpus x", "--vcpus must be a number, not 'x'.")]
    [InlineData("demo --vcpus 99", "--vcpus must be 1..64, not 99.")]
    [InlineData("demo --frequency 12", "--frequency must be 1000..10000000000, not 12.")]
    [InlineData("demo --host hybrid", "--host must be nvhe, vhe or vhe-ecv, not 'hybrid'.")]
    [InlineData("table --format yaml", "--format must be one of markdown, json, not 'yaml'.")]
    [InlineData("replay --host up x.jsonl", "--host must be nvhe, vhe or vhe-ecv, not 'up'.")]
    [InlineData("frobnicate", "'frobnicate'")]
    public void UsageErrorsExit2WithTheProblemAndNoHelpDump(string args, string message)
    {
        (int code, string output, string error) = Sysreg(args.Split(' '));

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains("--help", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Options:", error + output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("table", "--format", "JSON")]
    [InlineData("demo", "--host", "VHE-ECV")]
    [InlineData("demo", "--physical-offset", "0x1000")]
    public void NamesAreAcceptedInAnyCaseAndCountsInHex(string command, string option, string value)
    {
        string[] args = command == "demo" ? [command, option, value, "--duration-ms", "1", "--summary-only"] : [command, option, value];
        Assert.Equal(0, Sysreg(args).Code);
    }

    [Fact]
    public void LintOfAFolderWithoutSpecsWarnsAndExits2()
    {
        string empty = Directory.CreateTempSubdirectory("sysreg-empty").FullName;
        try
        {
            (int code, string output, string error) = Sysreg("lint", empty);
            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.Equal($"sysreg lint: warning: no spec files (*.json) in {empty}", error.Trim());
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void HelpShowsTheLimitsAndTheExitCodes()
    {
        var output = new StringWriter();
        Program.BuildCommand(output).Parse(["demo", "--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = output });
        string help = output.ToString();
        Assert.Contains("(1..64)", help, StringComparison.Ordinal);
        Assert.Contains("<nvhe|vhe|vhe-ecv>", help, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 success; 1 mismatches or spec errors; 2 bad input or usage.", help, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplayExpandsFoldersAndWarnsAboutEmptyInputs()
    {
        string dir = Directory.CreateTempSubdirectory("sysreg-cli").FullName;
        try
        {
            string traces = Path.Combine(AppContext.BaseDirectory, "Conformance", "Traces");
            (int code, string output, _) = Sysreg("replay", traces);
            Assert.Equal(0, code);
            Assert.Matches(@"replay: \d{3} cases", output);

            string empty = Path.Combine(dir, "empty.jsonl");
            File.WriteAllText(empty, "\n\n");
            (code, _, string error) = Sysreg("replay", empty);
            Assert.Equal(2, code);
            Assert.Contains($"{empty}: warning: no cases", error, StringComparison.Ordinal);
            Assert.Contains("nothing to replay", error, StringComparison.Ordinal);

            string emptyFolder = Directory.CreateDirectory(Path.Combine(dir, "none")).FullName;
            (code, _, error) = Sysreg("replay", emptyFolder);
            Assert.Equal(2, code);
            Assert.Contains("has no *.jsonl trace files", error, StringComparison.Ordinal);

            // An empty file beside a good one is only a warning.
            (code, _, error) = Sysreg("replay", empty, Path.Combine(traces, "qemu-counters.jsonl"));
            Assert.Equal(0, code);
            Assert.Contains("warning: no cases", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AMalformedLineHasOneLocation()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("sysreg-cli").FullName, "malformed.jsonl");
        File.WriteAllText(file, "{\"kind\":\"config\",\"case\":\"c\"}\n{\"kind\":\"read\",\"reg\":\"CNTP_CTL_EL0\",\"value\":\"0x0\",\"cnt\":\"0x1\"\n");
        (int code, _, string error) = Sysreg("replay", file);
        Assert.Equal(2, code);
        Assert.Equal($"{file}:2: error: not valid JSON (column 62)", error.Trim());
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }
}
