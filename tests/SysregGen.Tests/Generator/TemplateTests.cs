using System.Text.RegularExpressions;
using SysregGen.Generator;
using SysregGen.Generator.Emitting;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Generator;

/// <summary>
/// The fixed-shape generated types are C# templates embedded in the generator (src/Generator/Templates).
/// The snapshots check what they produce; these check the machinery: every template file is embedded,
/// and uses only the two documented placeholders.
/// </summary>
public sealed partial class TemplateTests
{
    private const string Prefix = "SysregGen.Generator.Templates.";

    [GeneratedRegex(@"\{\{(?<name>\w+)\}\}")]
    private static partial Regex Placeholder();

    private static string TemplatesFolder => Path.Combine(Repository.Root, "src", "Generator", "Templates");

    [Fact]
    public void EveryTemplateFileIsEmbeddedInTheGenerator()
    {
        var files = Directory.GetFiles(TemplatesFolder, "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var resources = typeof(SysregGenerator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..]).Order(StringComparer.Ordinal);
        Assert.Equal(files, resources);
        Assert.NotEmpty(files);
    }

    [Fact]
    public void TemplatesUseOnlyTheVersionPlaceholderAndWholeLineSlots()
    {
        foreach (string file in Directory.GetFiles(TemplatesFolder, "*.cs"))
        {
            foreach (string line in File.ReadAllLines(file))
            {
                foreach (Match m in Placeholder().Matches(line))
                {
                    bool slot = line.Trim() == "// " + m.Value;
                    Assert.True(m.Groups["name"].Value == "GeneratorVersion" || slot, $"{Path.GetFileName(file)}: unknown placeholder in '{line}'");
                }
            }
        }
    }

    [Fact]
    public void AMissingTemplateOrUnfilledSlotIsAnExceptionTheStepTurnsIntoSrg9999()
    {
        // The emit steps catch exceptions and report SRG9999, so the compiler never sees one.
        Assert.Throws<InvalidOperationException>(() => Templates.Write(new IndentedWriter(), "NoSuchTemplate"));
        Assert.Throws<InvalidOperationException>(() => Templates.Write(new IndentedWriter(), "TrapControls"));
    }
}
