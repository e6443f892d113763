using System.Text.Json.Nodes;
using Json.Schema;
using SysregGen.Tests.Generator;

namespace SysregGen.Tests.Schema;

/// <summary>
/// specs/schema/sysreg.schema.json (draft 2020-12) gives editors completion and validation: every
/// shipped spec must validate, and the schema must reject the malformed specs of the generator's
/// corpus wherever a schema can state the rule. Rules that need arithmetic or other files (bit
/// coverage, overlaps, values that fit a field, duplicate keys, references between specs) are the
/// generator's alone.
/// </summary>
public sealed class SpecSchemaTests
{
    private static readonly Lazy<JsonSchema> s_schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "specs", "schema", "sysreg.schema.json"))));

    /// <summary>Diagnostics whose rule the schema states (shape, types, ranges, names, required and unknown properties).</summary>
    private static readonly HashSet<string> s_schemaRules = new(StringComparer.Ordinal)
    {
        "SRG0002", "SRG0003", "SRG0004", "SRG0005", "SRG0009", "SRG0019", "SRG0027", "SRG0030", "SRG0031",
        "SRG0040", "SRG0042",
    };

    /// <summary>Cases of those diagnostics that still need the generator: a schema cannot compare two numbers or know C# keywords.</summary>
    private static readonly HashSet<string> s_beyondSchema = new(StringComparer.Ordinal)
    {
        "msb below lsb",                      // "0:63" is well-formed; msb >= lsb is arithmetic
        "layout conditions overlap",          // overlap of { "e2h": 0 } and { "tge": 0 } is logic
        "MRRC view of a 32-bit register",     // needs the register's width beside the view
        "negative number",                    // signed fields may give negative values; whether one fits is the generator's check
        "reversed res0 range",                // like "msb below lsb"
        "writeMinEl below minEl",             // compares two properties
    };

    [Fact]
    public void EveryShippedSpecValidatesAndNamesTheSchema()
    {
        string root = Path.Combine(AppContext.BaseDirectory, "specs");
        string[] specs = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Where(p => !p.Replace('\\', '/').Contains("/schema/", StringComparison.Ordinal)).ToArray();
        // Every register the runtime's model has, one spec each; the rest are shared layouts and trap-rule groups.
        Assert.Equal(SysregGen.Registers.SysregCatalog.All.Count, specs.Count(p => JsonNode.Parse(File.ReadAllText(p))!["name"] is not null));
        foreach (string spec in specs)
        {
            JsonNode? json = JsonNode.Parse(File.ReadAllText(spec));
            EvaluationResults result = s_schema.Value.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, $"{Path.GetFileName(spec)}: {Errors(result)}");
            Assert.Equal("../schema/sysreg.schema.json", json!["$schema"]?.GetValue<string>());
        }
    }

    public static TheoryData<string, string, string> SchemaExpressibleCases
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (object[] c in MalformedSpecTests.Cases)
            {
                string name = (string)c[0], spec = ((string)c[1]).Replace("⟦", "", StringComparison.Ordinal), id = (string)c[2];
                if (s_schemaRules.Contains(id) && !s_beyondSchema.Contains(name))
                {
                    data.Add(name, spec, id);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SchemaExpressibleCases))]
    public void TheSchemaRejectsTheMalformedSpec(string name, string spec, string id)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(spec);
        }
        catch (System.Text.Json.JsonException)
        {
            return; // not JSON at all: nothing for a schema to accept
        }

        EvaluationResults result = s_schema.Value.Evaluate(json);
        Assert.False(result.IsValid, $"the schema accepts '{name}' ({id})");
    }

    [Fact]
    public void TheCorpusStillHasCasesForEveryRuleTheSchemaStates()
    {
        Assert.True(SchemaExpressibleCases.Count() >= 17);
    }

    private static string Errors(EvaluationResults result) =>
        string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
}
