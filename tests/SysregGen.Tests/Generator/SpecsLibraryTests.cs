using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SysregGen.Specs;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;
using SysregGen.Specs.Validation;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Generator;

/// <summary>
/// SysregGen.Specs is the spec format as a library: the generator runs it in the compiler and
/// <c>sysreg lint</c> runs it on its own. These check what makes that safe: it needs no Roslyn,
/// its model is plain equatable data, its folders depend on each other one way only, and on its own
/// it reports exactly what the generator reports.
/// </summary>
public sealed partial class SpecsLibraryTests
{
    private static readonly Assembly s_specs = typeof(SpecChecker).Assembly;

    /// <summary>What each folder (namespace) of src/Specs may use: Json &lt;- Parsing -&gt; Model &lt;- Validation.</summary>
    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        ["Diagnostics"] = [],
        ["Model"] = ["Diagnostics"],
        ["Json"] = ["Model", "Diagnostics"],
        ["Parsing"] = ["Json", "Model", "Diagnostics"],
        ["Validation"] = ["Model", "Diagnostics"],
    };

    [GeneratedRegex(@"\bSysregGen\.Specs\.(?<layer>\w+)")]
    private static partial Regex SpecsNamespace();

    private static string SpecsFolder => Path.Combine(Repository.Root, "src", "Specs");

    [Fact]
    public void ItReferencesNoRoslyn()
    {
        Assert.DoesNotContain(s_specs.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    [Fact]
    public void ItsFoldersDependOnEachOtherOneWayOnly()
    {
        foreach ((string layer, string[] allowed) in s_allowed)
        {
            foreach (string file in Directory.GetFiles(Path.Combine(SpecsFolder, layer), "*.cs"))
            {
                string text = File.ReadAllText(file);
                Assert.Contains($"namespace SysregGen.Specs.{layer};", text, StringComparison.Ordinal);
                foreach (Match m in SpecsNamespace().Matches(text))
                {
                    string used = m.Groups["layer"].Value;
                    Assert.True(used == layer || allowed.Contains(used), $"{layer}/{Path.GetFileName(file)} uses SysregGen.Specs.{used}");
                }
            }
        }
    }

    [Fact]
    public void ItsModelIsEquatableData()
    {
        Type[] model = s_specs.GetExportedTypes().Where(t => t.Namespace == "SysregGen.Specs.Model" && !t.IsEnum && !(t.IsAbstract && t.IsSealed)).ToArray();
        Assert.Contains(typeof(RegisterSpec), model);
        foreach (Type type in model.Where(t => !t.IsNested))
        {
            Type self = type.IsGenericTypeDefinition ? type.MakeGenericType(type.GetGenericArguments().Select(_ => typeof(string)).ToArray()) : type;
            Assert.True(typeof(IEquatable<>).MakeGenericType(self).IsAssignableFrom(self), $"{type.Name} is not equatable");
            foreach (FieldInfo field in self.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                Assert.True(IsPlainData(field.FieldType, self), $"{type.Name}.{field.Name} is a {field.FieldType.Name}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(MalformedSpecTests.Cases), MemberType = typeof(MalformedSpecTests))]
    public void OnItsOwnItReportsWhatTheGeneratorReports(string name, string markedSpec, string expectedId, string? other)
    {
        var files = new List<InMemorySpec> { new("b/case.json", markedSpec.Replace("⟦", "", StringComparison.Ordinal)), new("c/bystander.json", MalformedSpecTests.Bystander) };
        if (other is not null)
        {
            files.Add(new InMemorySpec("a/other.json", other));
        }

        SpecResult[] results = files.Select(f => SpecChecker.Check(f.Path, f.Text)).ToArray();
        TableBuildResult tables = TableBuilder.Build(results, TableModel.DefaultNamespace);
        var library = results.SelectMany(r => r.Diagnostics).Concat(tables.Diagnostics)
            .Select(d => $"{d.Id} {d.Location.ToDisplayString()}: {d.FormatMessage()}").Order(StringComparer.Ordinal);

        var generator = GeneratorHarness.Run(files).GeneratorDiagnostics
            .Select(d => $"{d.Id} {d.Location.GetLineSpan().Path}({d.Location.GetLineSpan().StartLinePosition.Line + 1},{d.Location.GetLineSpan().StartLinePosition.Character + 1}): {d.GetMessage()}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(generator, library);
        Assert.Contains(library, d => d.StartsWith(expectedId, StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void TheGeneratorReportsEachDescriptorAsTheLibraryDescribesIt()
    {
        foreach (SpecDiagnosticDescriptor d in DiagnosticDescriptors.All)
        {
            var info = DiagnosticInfo.Create(d, LocationInfo.None("x.json"), "a", "b", "c", "d", "e", "f");
            Diagnostic diagnostic = SysregGen.Generator.Diagnostics.RoslynDiagnostics.ToDiagnostic(info);
            Assert.Equal((d.Id, d.Title, d.Category, d.HelpLinkUri, DiagnosticSeverity.Error), (diagnostic.Id, diagnostic.Descriptor.Title.ToString(), diagnostic.Descriptor.Category, diagnostic.Descriptor.HelpLinkUri, diagnostic.Severity));
            Assert.Equal(info.FormatMessage(), diagnostic.GetMessage());
        }
    }

    private static bool IsPlainData(Type type, Type owner)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(SpecDiagnosticDescriptor) ||
               (t.Namespace == "SysregGen.Specs.Model" && t.Assembly == s_specs) ||
               (t.IsArray && owner.IsGenericType && owner.GetGenericTypeDefinition() == typeof(EquatableArray<>));
    }
}
