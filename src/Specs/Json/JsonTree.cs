using System.Collections.Generic;
using System.Globalization;

namespace SysregGen.Specs.Json;

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// A parsed JSON value that remembers where it came from: its characters in the source text, for
/// the line and column every spec diagnostic points at, and its JSON path and property name, which
/// every message about a value names (<see cref="JsonTreeReader"/> builds the tree).
/// </summary>
internal sealed class JsonNode
{
    private readonly JsonNode? _parent;
    private readonly int _index;
    private string? _path;

    /// <param name="kind">What kind of value it is.</param>
    /// <param name="range">Its characters.</param>
    /// <param name="name">See <see cref="Name"/>.</param>
    /// <param name="parent">The object or array it is in; null for the root.</param>
    /// <param name="index">Its index in <paramref name="parent"/> when that is an array; otherwise -1.</param>
    public JsonNode(JsonKind kind, TextRange range, string name, JsonNode? parent, int index)
    {
        Kind = kind;
        Range = range;
        Name = name;
        _parent = parent;
        _index = index;
    }

    public JsonKind Kind { get; }

    /// <summary>The property whose value this is ("width"); an array's items carry the array's name; the root is "spec".</summary>
    public string Name { get; }

    /// <summary>Where the value is, as a JSON path: <c>$.layouts[0].fields[2].bits</c>.</summary>
    /// <remarks>Only messages name it, so it is built when one asks, not for every value read.</remarks>
    public string Path => _path ??= _parent is null ? "$"
        : _index >= 0 ? _parent.Path + "[" + _index.ToString(CultureInfo.InvariantCulture) + "]"
        : _parent.Path + PathSegment(Name);

    /// <summary>The characters of the value in the source text.</summary>
    public TextRange Range { get; set; }

    /// <summary>The unescaped string for <see cref="JsonKind.String"/>, the literal text for <see cref="JsonKind.Number"/>.</summary>
    public string Text { get; set; } = "";

    public List<JsonProperty> Properties { get; } = new();

    public List<JsonNode> Items { get; } = new();

    /// <summary>".name", or "['odd name']" for a name that is not an identifier (a trap control "CNTHCTL_EL2.EL1PCEN").</summary>
    private static string PathSegment(string name)
    {
        bool simple = name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$');
        for (int i = 1; simple && i < name.Length; i++)
        {
            simple = char.IsLetterOrDigit(name[i]) || name[i] is '_' or '$';
        }

        return simple ? "." + name : "['" + name.Replace("\\", "\\\\").Replace("'", "\\'") + "']";
    }

    public string KindDescription => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.True or JsonKind.False => "a boolean",
        _ => "null",
    };
}

internal sealed class JsonProperty
{
    public JsonProperty(string name, TextRange nameRange, JsonNode value)
    {
        Name = name;
        NameRange = nameRange;
        Value = value;
    }

    public string Name { get; }

    public TextRange NameRange { get; }

    public JsonNode Value { get; }
}

/// <summary>A span of characters in a source text.</summary>
internal readonly record struct TextRange(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>Why a text could not be read as JSON, with the character position of the problem.</summary>
internal readonly record struct JsonSyntaxError(string Message, int Position);
