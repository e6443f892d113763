using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SysregGen.Tests.Infrastructure;
using SysregGen.Tests.Packaging;

namespace SysregGen.Tests.Docs;

/// <summary>
/// The README's "Adding a register in five minutes", followed exactly as written in a copy of the
/// repository: its spec, at its path; its lint command; its build command; the names it says the
/// build generates; then the tests of the specs, the generator and the model, which a newcomer who
/// has just added a register must not see fail.
/// </summary>
public sealed partial class WalkThroughTests
{
    private const string Section = "## Adding a register in five minutes";

    /// <summary>
    /// The tests run in the copy: everything that reads the specs or the generated model. Not the
    /// packaging test (slow, and about the packages), nor this one.
    /// </summary>
    private const string TestsToRun =
        "(FullyQualifiedName~SysregGen.Tests.Generator.|FullyQualifiedName~SysregGen.Tests.Snapshots.|FullyQualifiedName~SysregGen.Tests.Specs." +
        "|FullyQualifiedName~SysregGen.Tests.Schema.|FullyQualifiedName~SysregGen.Tests.Docs.|FullyQualifiedName~SysregGen.Tests.Model." +
        "|FullyQualifiedName~SysregGen.Tests.Cli.)&FullyQualifiedName!~WalkThroughTests";

    [GeneratedRegex(@"```json\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"Create `(?<path>specs/[^`]+\.json)`")]
    private static partial Regex SpecPath();

    [GeneratedRegex(@"`(?<command>dotnet (?:run|build)\b[^`]*)`")]
    private static partial Regex Command();

    [GeneratedRegex(@"[A-Z]\w*(?:<\w+>)?(?:\.[A-Z]\w*)*")]
    private static partial Regex DottedName();

    [ChildBuildFact]
    public void TheWalkThroughWorksAsWrittenInACopyOfTheRepository()
    {
        string section = ReadmeSection();
        string path = SpecPath().Match(section).Groups["path"].Value;
        string spec = Regex.Replace(JsonBlock().Match(section).Groups["code"].Value, @"^   ", "", RegexOptions.Multiline);
        string[] commands = Command().Matches(section).Select(m => m.Groups["command"].Value).ToArray();
        Assert.True(path.Length > 0 && spec.Length > 0, "the walk-through names no spec file or gives no JSON");
        Assert.Equal(["dotnet run --project src/Cli -- lint specs", "dotnet build"], commands); // what the steps below check for

        string copy = Directory.CreateTempSubdirectory("sysreggen-walkthrough").FullName;
        try
        {
            ChildBuild.CopyTree(Repository.Root, copy);
            Assert.False(File.Exists(Path.Combine(copy, path)), $"{path} is already in the repository: the walk-through would add it twice");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, path))!);
            File.WriteAllText(Path.Combine(copy, path), spec);

            string lint = ChildBuild.Run(copy, commands[0]["dotnet ".Length..]);
            Assert.Contains(", 0 error(s)", lint, StringComparison.Ordinal);

            ChildBuild.Run(copy, commands[1]["dotnet ".Length..]);
            AssertTheNamesItListsExist(section, copy);

            ChildBuild.Run(copy, $"test tests/SysregGen.Tests --no-build --filter \"{TestsToRun}\"");
        }
        finally
        {
            TryDelete(copy);
        }
    }

    /// <summary>
    /// Every name step 3 lists (`Contextidr` with `Procid`…, `Sysreg.Contextidr`,
    /// `ISysregAccessHandler&lt;Sysreg&gt;.AccessRegister(Sysreg.Contextidr, …)`) is a type of the
    /// built model or the vocabulary, or a member of one; a bare member belongs to the type named
    /// before it.
    /// </summary>
    private static void AssertTheNamesItListsExist(string section, string copy)
    {
        int start = section.IndexOf("3. ", StringComparison.Ordinal);
        int end = section.IndexOf("No C# was edited", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the walk-through's step 3 has changed shape");
        string list = section[start..end];

        string bin = Path.Combine(copy, "src", "Runtime", "bin", "Debug", "net10.0");
        CSharpCompilation model = CSharpCompilation.Create("Names", references:
        [
            MetadataReference.CreateFromFile(typeof(object).Assembly.Location),
            MetadataReference.CreateFromFile(Path.Combine(bin, "SysregGen.Runtime.dll")),
            MetadataReference.CreateFromFile(Path.Combine(bin, "SysregGen.Abstractions.dll")),
        ]);

        INamedTypeSymbol? current = null;
        var checkedNames = new List<string>();
        foreach (Match code in Regex.Matches(list, "`([^`]+)`"))
        {
            foreach (Match name in DottedName().Matches(code.Groups[1].Value))
            {
                string[] parts = name.Value.Split('.');
                INamedTypeSymbol? type = Type(model, parts[0]);
                if (type is null)
                {
                    Assert.True(parts.Length == 1 && current is not null, $"README names '{name.Value}', which is no type of the generated model or SysregGen");
                    Assert.True(current.GetMembers(parts[0]).Any(), $"README names '{parts[0]}', which {current.Name} does not have");
                }
                else
                {
                    current = parts.Length == 1 ? type : current;
                    Assert.True(parts.Skip(1).All(member => type.GetMembers(member).Any()), $"README names '{name.Value}', which {type.Name} does not have");
                }

                checkedNames.Add(name.Value);
            }
        }

        Assert.True(checkedNames.Count >= 6, $"only {string.Join(", ", checkedNames)} were found to check");
    }

    /// <summary>A type of the generated model (SysregGen.Registers) or of the vocabulary (SysregGen); "ISysregAccessHandler&lt;Sysreg&gt;" names the generic type.</summary>
    private static INamedTypeSymbol? Type(Compilation model, string name)
    {
        int generic = name.IndexOf('<', StringComparison.Ordinal);
        string metadataName = generic < 0 ? name : name[..generic] + "`" + (name.Count(c => c == ',') + 1);
        return model.GetTypeByMetadataName("SysregGen.Registers." + metadataName) ?? model.GetTypeByMetadataName("SysregGen." + metadataName);
    }

    private static string ReadmeSection()
    {
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        int start = readme.IndexOf(Section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no section '{Section}'");
        int end = readme.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)];
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A compiler server may still hold a file for a moment; the temp folder is the OS's to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
