using System.Text.RegularExpressions;
using SysregGen.Cli;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Docs;

/// <summary>The README's import section: five lines whose commands parse and whose MSBuild item the generator reads.</summary>
public sealed partial class ReadmeTests
{
    private const string ImportSection = "## Import registers from Linux's description";

    [GeneratedRegex(@"`dotnet run --project src/Cli -- (?<args>[^`]+)`")]
    private static partial Regex CliCommand();

    private static string[] ImportSectionLines()
    {
        string text = Readme;
        int start = text.IndexOf(ImportSection, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no section '{ImportSection}'");
        string body = text[(start + ImportSection.Length)..];
        body = body[..body.IndexOf("\n## ", StringComparison.Ordinal)];
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [Fact]
    public void TheImportSectionIsFiveLinesOfCommandsThatParse()
    {
        string[] lines = ImportSectionLines();
        Assert.Equal(5, lines.Length);
        Assert.Contains("curl -O https://raw.githubusercontent.com/torvalds/linux/master/arch/arm64/tools/sysreg", lines[0], StringComparison.Ordinal);

        string[] commands = lines.SelectMany(l => CliCommand().Matches(l)).Select(m => m.Groups["args"].Value).ToArray();
        Assert.Equal(["import", "lint", "table"], commands.Select(c => c.Split(' ')[0]));
        foreach (string command in commands)
        {
            System.CommandLine.ParseResult parse = Program.BuildCommand(TextWriter.Null).Parse(command.Split(' '));
            Assert.True(parse.Errors.Count == 0, $"{command}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }

        // The AdditionalFiles metadata the section tells a project to set is the one the generator's build props read.
        Assert.Contains("SysregSpec=\"true\"", lines[4], StringComparison.Ordinal);
        string props = File.ReadAllText(Path.Combine(Repository.Root, "src", "Generator", "build", "SysregGen.Generator.props"));
        Assert.Contains("SysregSpec=\"true\"", props, StringComparison.Ordinal);
    }
}
