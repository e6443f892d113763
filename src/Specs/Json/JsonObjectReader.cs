using System;
using System.Collections.Generic;
using System.Linq;
using SysregGen.Specs.Diagnostics;

namespace SysregGen.Specs.Json;

/// <summary>Reads one JSON object: reports unknown and repeated properties once, hands out the known ones.</summary>
internal sealed class JsonObjectReader
{
    private readonly JsonValueReader _json;
    private readonly JsonNode _node;
    private readonly string _what;
    private readonly Dictionary<string, JsonNode> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedMissing = new(StringComparer.Ordinal);

    private JsonObjectReader(JsonValueReader json, JsonNode node, string what)
    {
        _json = json;
        _node = node;
        _what = what;
    }

    // allowed: the property names the object may have; none means any name (a map).
    // "$schema" is allowed where listed but never suggested: it is for editors.
    public static JsonObjectReader? Open(JsonValueReader json, JsonNode node, string what, string[] allowed)
    {
        if (node.Kind != JsonKind.Object)
        {
            json.WrongType(node, "an object");
            return null;
        }

        var reader = new JsonObjectReader(json, node, what);
        foreach (JsonProperty p in node.Properties)
        {
            if (reader._values.ContainsKey(p.Name))
            {
                json.Report(DiagnosticDescriptors.DuplicateProperty, p.NameRange, p.Name, p.Value.Path);
                continue;
            }

            if (allowed.Length > 0 && Array.IndexOf(allowed, p.Name) < 0)
            {
                json.Report(DiagnosticDescriptors.UnknownProperty, p.NameRange, p.Name, p.Value.Path, what,
                    string.Join(", ", allowed.Where(a => a != "$schema")));
                continue;
            }

            reader._values.Add(p.Name, p.Value);
        }

        return reader;
    }

    public JsonNode? Optional(string name) => _values.TryGetValue(name, out JsonNode? v) ? v : null;

    /// <summary>The property's value; reports it missing (once) when the object lacks it.</summary>
    public JsonNode? Required(string name)
    {
        if (_values.TryGetValue(name, out JsonNode? v))
        {
            return v;
        }

        if (_reportedMissing.Add(name))
        {
            // Point at the opening brace: the property is missing from this object.
            _json.Report(DiagnosticDescriptors.MissingProperty, new TextRange(_node.Range.Start, 1), _what, _node.Path, name);
        }

        return null;
    }
}
