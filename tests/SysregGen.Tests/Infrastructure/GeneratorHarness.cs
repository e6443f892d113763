using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SysregGen.Generator;

namespace SysregGen.Tests.Infrastructure;

/// <summary>An in-memory spec file.</summary>
internal sealed class InMemorySpec(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public string Text { get; } = text;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(Text);
}

/// <summary>
/// What the package's build props tell the generator: every additional file is a spec
/// (SysregSpec="true") unless <paramref name="isSpec"/> says otherwise, those <paramref name="isReference"/>
/// picks are reference specs (SysregSpecReference="true") instead, and <paramref name="properties"/>
/// are MSBuild properties (SysregGenSpecsDir, …) besides SysregGenNamespace.
/// </summary>
internal sealed class SpecOptionsProvider(
    string? @namespace = null,
    Func<string, bool>? isSpec = null,
    Func<string, bool>? isReference = null,
    IReadOnlyDictionary<string, string>? properties = null) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(
        (properties ?? new Dictionary<string, string>())
            .Concat(@namespace is null ? [] : [new KeyValuePair<string, string>("SysregGenNamespace", @namespace)])
            .ToImmutableDictionary(p => "build_property." + p.Key, p => p.Value));

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        isReference?.Invoke(textFile.Path) == true ? Options.Reference
        : (isSpec ?? (_ => true))(textFile.Path) ? Options.Spec
        : Options.Empty;

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(ImmutableDictionary<string, string>.Empty);
        public static readonly Options Spec = new(ImmutableDictionary<string, string>.Empty.Add("build_metadata.AdditionalFiles.SysregSpec", "true"));
        public static readonly Options Reference = new(ImmutableDictionary<string, string>.Empty.Add("build_metadata.AdditionalFiles.SysregSpecReference", "true"));

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}

/// <summary>The outcome of one generator run.</summary>
internal sealed record GeneratorOutput(
    GeneratorDriver Driver,
    GeneratorRunResult Result,
    Compilation OutputCompilation,
    ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IReadOnlyDictionary<string, string> Sources =>
        Result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>Errors and warnings of compiling the generated code together with the input.</summary>
    public IEnumerable<Diagnostic> CompilationProblems =>
        OutputCompilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning);
}

/// <summary>Runs the generator in memory on specs and C# sources, with step tracking on.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(SysregEncoding).Assembly.Location)) // the vocabulary generated code uses
            .ToImmutableArray());

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "SpecsUnderTest",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> specs, AnalyzerConfigOptionsProvider? options = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new SysregGenerator().AsSourceGenerator() },
            specs,
            ParseOptions,
            options ?? new SpecOptionsProvider(),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorOutput Run(IEnumerable<AdditionalText> specs, Compilation? compilation = null, AnalyzerConfigOptionsProvider? options = null) =>
        Run(CreateDriver(specs, options), compilation ?? Compilation("namespace User { public class C { } }"));

    public static GeneratorOutput Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            throw new InvalidOperationException("The generator threw, which it must never do.", result.Exception);
        }

        return new GeneratorOutput(driver, result, output, diagnostics);
    }

    public static GeneratorOutput Run(params InMemorySpec[] specs) => Run((IEnumerable<AdditionalText>)specs);

    /// <summary>
    /// The specs in specs/ (copied beside the test assembly at build time): the shipped ones and any a
    /// user has added. Tests that take them must hold for any valid set, so that adding a register
    /// breaks none of them.
    /// </summary>
    public static IReadOnlyList<InMemorySpec> ShippedSpecs() => SpecsIn(Path.Combine(AppContext.BaseDirectory, "specs"));

    /// <summary>
    /// The snapshot tests' fixed copy of the shipped specs (Snapshots/ShippedSpecs), which a spec
    /// added to specs/ leaves alone; GeneratedCodeTests checks that it matches specs/.
    /// </summary>
    public static IReadOnlyList<InMemorySpec> SnapshotSpecs() => SpecsIn(Repository.SnapshotSpecs);

    /// <summary>The spec files under <paramref name="root"/> (not its JSON Schema), named "specs/…" as the shipped ones are.</summary>
    public static IReadOnlyList<InMemorySpec> SpecsIn(string root) =>
        Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Where(p => !p.Replace('\\', '/').Contains("/schema/", StringComparison.Ordinal))
            .Select(p => new InMemorySpec("specs/" + Path.GetRelativePath(root, p).Replace('\\', '/'), File.ReadAllText(p)))
            .OrderBy(s => s.Path, StringComparer.Ordinal)
            .ToList();
}

/// <summary>Places in the repository the tests were built from.</summary>
internal static class Repository
{
    /// <summary>The repository's root folder, recorded at build time.</summary>
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>The specs folder.</summary>
    public static string Specs => Path.Combine(Root, "specs");

    /// <summary>The snapshot tests' fixed copy of the shipped specs.</summary>
    public static string SnapshotSpecs => Path.Combine(Root, "tests", "SysregGen.Tests", "Snapshots", "ShippedSpecs");
}
