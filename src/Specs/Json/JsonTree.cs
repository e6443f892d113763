using System.Collections.Generic;

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
/// A parsed JSON value that remembers where it came from. <c>JsonDocument</c> forgets source
/// positions, and every spec diagnostic has to point at the offending line and column, so the parser
/// builds this small tree from <c>Utf8JsonReader</c> token offsets instead (<see cref="JsonTreeReader"/>).
/// </summary>
internal sealed class JsonNode
{
    public JsonNode(JsonKind kind, TextRange range)
    {
        Kind = kind;
        Range = range;
    }

    public JsonKind Kind { get; }

    /// <summary>The characters of the value in the source text.</summary>
    public TextRange Range { get; set; }

    /// <summary>The unescaped string for <see cref="JsonKind.String"/>, the literal text for <see cref="JsonKind.Number"/>.</summary>
    public string Text { get; set; } = "";

    public List<JsonProperty> Properties { get; } = new();

    public List<JsonNode> Items { get; } = new();

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
