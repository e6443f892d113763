using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SysregGen.Runtime.Timers;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Docs;

/// <summary>The README's code is real: its consumer sample compiles, and its walk-through spec generates what it says.</summary>
public sealed partial class ReadmeTests
{
    private static string Readme => File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

    [GeneratedRegex(@"```(?<lang>\w+)\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    private static string Block(string section, string language)
    {
        string text = Readme;
        int start = text.IndexOf(section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no section '{section}'");
        Match block = CodeBlock().Matches(text[start..]).First(m => m.Groups["lang"].Value == language);
        return Regex.Replace(block.Groups["code"].Value, @"^   ", "", RegexOptions.Multiline);
    }

    [Fact]
    public void TheConsumerSampleCompilesAgainstTheRuntime()
    {
        string code = Block("## Using the runtime from an emulator", "csharp");
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(VmTimers).Assembly.Location));
        CSharpCompilation compilation = CSharpCompilation.Create("ReadmeSample",
            [CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        Diagnostic[] problems = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems.Select(p => p.ToString())));
    }

    [Fact]
    public void TheWalkThroughSpecGeneratesWhatTheReadmeSays()
    {
        string spec = Block("## Adding a register in five minutes", "json");
        GeneratorOutput output = GeneratorHarness.Run(GeneratorHarness.SnapshotSpecs().Append(new InMemorySpec("specs/context/CONTEXTIDR_EL1.json", spec)));

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.CompilationProblems);
        string structSource = output.Sources["Contextidr.g.cs"];
        foreach (string member in new[] { "public uint Procid", "WithProcid(uint value)", "ApplyWrite(ulong written)" })
        {
            Assert.Contains(member, structSource, StringComparison.Ordinal);
        }

        Assert.Contains("Contextidr = ", output.Sources["SysregGen.Enums.g.cs"], StringComparison.Ordinal);
        Assert.Contains("ContextidrEl1 = ", output.Sources["SysregGen.Enums.g.cs"], StringComparison.Ordinal);
        Assert.Matches(@"UL, // \[\d+\] CONTEXTIDR_EL1 \(MRS/MSR 3, 0, c13, c0, 1\)", output.Sources["SysregGen.SysregEncodings.g.cs"]);
        Assert.Contains("UL, // ContextidrEl1", output.Sources["SysregGen.SysregTable.g.cs"], StringComparison.Ordinal);
        Assert.Contains("handler.AccessRegister((Sysreg)row.Register, ref access)", output.Sources["SysregGen.SysregDispatcher.g.cs"], StringComparison.Ordinal);
    }
}
