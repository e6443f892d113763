using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SysregGen.Generator;

namespace SysregGen.Benchmarks.Generator;

/// <summary>An in-memory spec file, as the IDE hands one to the generator.</summary>
internal sealed class InMemorySpec(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public string Text { get; } = text;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(Text);
}

/// <summary>Marks every additional file as a spec, as the package's build props do with SysregSpec="true".</summary>
internal sealed class AllSpecsOptionsProvider : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Spec;

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(ImmutableDictionary<string, string>.Empty);
        public static readonly Options Spec = new(ImmutableDictionary<string, string>.Empty.Add("build_metadata.AdditionalFiles.SysregSpec", "true"));

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}

/// <summary>The generator's inputs for the benchmarks: the shipped specs, synthetic ones, a small user compilation.</summary>
internal static class GeneratorInputs
{
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>A driver with step tracking off, as the compiler and the IDE run generators.</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> specs, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new SysregGenerator().AsSourceGenerator() },
            specs,
            ParseOptions,
            new AllSpecsOptionsProvider(),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>A user project with a couple of classes; the generator reads none of it.</summary>
    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "BenchmarkUser",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            // The generated model uses SysregGen.Abstractions' vocabulary (without it the generator reports SRG0035).
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location), MetadataReference.CreateFromFile(typeof(SysregGen.SysregEncoding).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The shipped specs, copied beside the benchmark assembly at build time.</summary>
    public static IReadOnlyList<InMemorySpec> ShippedSpecs()
    {
        string root = Path.Combine(AppContext.BaseDirectory, "specs");
        return Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Where(p => !p.Replace('\\', '/').Contains("/schema/", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new InMemorySpec("specs/" + Path.GetRelativePath(root, p).Replace('\\', '/'), File.ReadAllText(p)))
            .ToList();
    }

    /// <summary>The registers of <see cref="ImportedSpecs"/>.</summary>
    public static int ImportedRegisterCount { get; private set; }

    /// <summary>
    /// What <c>sysreg import linux-sysreg</c> makes of the tests' large Linux-format fixture (433
    /// registers, 12 shared layouts, written for this project in the kernel file's format).
    /// </summary>
    public static IReadOnlyList<InMemorySpec> ImportedSpecs()
    {
        string fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "large.sysreg");
        SysregGen.Cli.Import.ImportResult result = SysregGen.Cli.Import.LinuxSysregImporter.Import(File.ReadAllText(fixture), "large.sysreg");
        if (result.Errors > 0)
        {
            throw new InvalidOperationException($"The fixture imports with {result.Errors} error(s).");
        }

        ImportedRegisterCount = result.Registers;
        return result.Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new InMemorySpec("specs/linux/" + f.Key, f.Value)).ToList();
    }

    /// <summary>
    /// <paramref name="count"/> (at most 2,048) valid specs in the IMPLEMENTATION DEFINED space
    /// (op0 = 3, CRn = 15, then CRn = 11), shaped like real ones: five fields with a RO bit, a multi-bit field, a
    /// wide field and, on every other register, an enumerated field; every fourth has an AArch32
    /// view too.
    /// </summary>
    public static IReadOnlyList<InMemorySpec> SyntheticSpecs(int count)
    {
        if (count is < 1 or > 2048)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "CRn 15 and 11, op1 x CRm x op2, give 2,048 distinct encodings.");
        }

        var specs = new List<InMemorySpec>(count);
        for (int i = 0; i < count; i++)
        {
            int crn = i < 1024 ? 15 : 11;
            int op1 = i % 1024 / 128;
            int crm = (i / 8) % 16;
            int op2 = i % 8;
            string name = string.Create(CultureInfo.InvariantCulture, $"SYN{i:D4}_EL1");
            var json = new StringBuilder();
            json.Append(CultureInfo.InvariantCulture, $$"""
                {
                  "name": "{{name}}",
                  "description": "Synthetic register {{i}} for the generator benchmarks.",
                  "width": 64,
                  "minEl": 1,
                  "access": "RW",
                  "encoding": { "op0": 3, "op1": {{op1}}, "crn": {{crn}}, "crm": {{crm}}, "op2": {{op2}} },

                """);
            if (i % 4 == 0)
            {
                json.Append(CultureInfo.InvariantCulture, $$"""
                      "aarch32": { "name": "SYN{{i:D4}}", "coproc": 15, "opc1": {{op1}}, "crn": {{crn}}, "crm": {{crm}}, "opc2": {{op2}} },

                    """);
            }

            json.Append("""
                  "layouts": [
                    {
                      "fields": [
                        { "name": "LIMIT", "bits": "47:16", "access": "RW", "description": "A wide field." },
                        { "name": "COUNT", "bits": "15:8", "access": "RW", "description": "A byte field." },

                """);
            json.Append(i % 2 == 0
                ? """
                            { "name": "MODE", "bits": "5:4", "access": "RW", "enum": { "Off": 0, "Slow": 1, "Fast": 2, "Auto": 3 }, "description": "An enumerated field." },

                  """
                : """
                            { "name": "LEVEL", "bits": "5:4", "access": "RW", "description": "A two-bit field." },

                  """);
            json.Append("""
                        { "name": "STATUS", "bits": "1", "access": "RO", "description": "A read-only bit." },
                        { "name": "EN", "bits": "0", "access": "RW", "description": "An enable bit." }
                      ],
                      "res0": ["63:48", "7:6", "3:2"]
                    }
                  ]
                }
                """);
            specs.Add(new InMemorySpec(string.Create(CultureInfo.InvariantCulture, $"specs/synthetic/{name}.json"), json.ToString()));
        }

        return specs;
    }

    /// <summary>The spec with its description reworded: the edit a user makes most.</summary>
    public static InMemorySpec EditDescription(InMemorySpec spec)
    {
        const string marker = "\"description\": \"";
        int at = spec.Text.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException(spec.Path + " has no description.");
        }

        return new InMemorySpec(spec.Path, spec.Text.Insert(at + marker.Length, "Edited: "));
    }
}
