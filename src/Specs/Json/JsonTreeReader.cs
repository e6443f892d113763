using System;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Json;

/// <summary>
/// Parses strict JSON (RFC 8259: no comments, no trailing commas, at most 64 levels deep) into a
/// <see cref="JsonNode"/> tree that keeps every value's character range and JSON path.
/// </summary>
/// <remarks>
/// Written by hand rather than on System.Text.Json for three reasons. Every syntax error gets a
/// message in SysregGen's own words, about what the spec author typed ("a comma after the last
/// property"), where System.Text.Json's messages address the programmer who configured its reader
/// ("Change the reader options"). Positions are character offsets straight away, with no UTF-8 byte
/// map. And the generator package carries no System.Text.Json for compilers on .NET Framework.
/// A test checks that it accepts exactly what System.Text.Json's strict reader accepts. This file
/// reads the structure (objects, arrays, paths); JsonTreeReader.Scalars.cs reads strings, numbers,
/// literals and whitespace.
/// </remarks>
internal sealed partial class JsonTreeReader
{
    /// <summary>System.Text.Json's default, so that every JSON tool reads a spec the same way.</summary>
    private const int MaxDepth = 64;

    private readonly string _text;
    private int _pos;

    private JsonTreeReader(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/>; returns null and sets <paramref name="error"/> when it is not JSON.</summary>
    public static JsonNode? Parse(string text, out JsonSyntaxError? error)
    {
        var reader = new JsonTreeReader(text);
        try
        {
            error = null;
            return reader.ReadDocument();
        }
        catch (SyntaxException e)
        {
            error = new JsonSyntaxError(e.Message, e.Position);
            return null;
        }
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Current => _text[_pos];

    private JsonNode ReadDocument()
    {
        if (_text.Length > 0 && _text[0] == '\uFEFF')
        {
            _pos = 1; // a byte order mark is not part of the JSON
        }

        SkipWhitespace();
        if (AtEnd)
        {
            throw new SyntaxException("the file is empty; a spec is one JSON object", _pos);
        }

        JsonNode root = ReadValue("spec", null, -1, 0);
        SkipWhitespace();
        if (!AtEnd)
        {
            throw new SyntaxException("unexpected text after the end of the spec's JSON value; a spec is one JSON object", _pos);
        }

        return root;
    }

    private JsonNode ReadValue(string name, JsonNode? parent, int index, int depth)
    {
        SkipWhitespace();
        if (AtEnd)
        {
            throw new SyntaxException($"the file ends where the value of '{name}' should be", _pos);
        }

        int start = _pos;
        char c = Current;
        switch (c)
        {
            case '{':
                return ReadObject(name, parent, index, depth + 1);
            case '[':
                return ReadArray(name, parent, index, depth + 1);
            case '"':
                string s = ReadString();
                return new JsonNode(JsonKind.String, new TextRange(start, _pos - start), name, parent, index) { Text = s };
            case '-':
            case >= '0' and <= '9':
                ReadNumber();
                return new JsonNode(JsonKind.Number, new TextRange(start, _pos - start), name, parent, index) { Text = _text.Substring(start, _pos - start) };
            case '\'':
                throw new SyntaxException("JSON strings are in double quotes (\"…\"), not single quotes", start);
        }

        string word = ReadWord();
        return word switch
        {
            "true" => new JsonNode(JsonKind.True, new TextRange(start, 4), name, parent, index),
            "false" => new JsonNode(JsonKind.False, new TextRange(start, 5), name, parent, index),
            "null" => new JsonNode(JsonKind.Null, new TextRange(start, 4), name, parent, index),
            "" => throw new SyntaxException($"expected the value of '{name}' but found {Describe(c)}", start),
            _ => throw new SyntaxException($"'{word}' is not a JSON value; write a number, a \"string\", true, false, null, an object or an array", start),
        };
    }

    private JsonNode ReadObject(string name, JsonNode? parent, int index, int depth)
    {
        int start = _pos;
        CheckDepth(depth);
        var node = new JsonNode(JsonKind.Object, default, name, parent, index);
        ReadMembers(start, '}', "object", () =>
        {
            if (Current != '"')
            {
                throw new SyntaxException(Current == '\'' || IsWordChar(Current)
                    ? "property names are in double quotes (\"name\")"
                    : $"expected a property name in double quotes, or '}}', but found {Describe(Current)}", _pos);
            }

            int nameStart = _pos;
            string propertyName = ReadString();
            var nameRange = new TextRange(nameStart, _pos - nameStart);
            SkipWhitespace();
            if (AtEnd || Current != ':')
            {
                throw new SyntaxException($"expected ':' after the property name \"{propertyName}\"", _pos);
            }

            _pos++;
            JsonNode value = ReadValue(propertyName, node, -1, depth);
            node.Properties.Add(new JsonProperty(propertyName, nameRange, value));
            return value;
        });

        node.Range = new TextRange(start, _pos - start);
        return node;
    }

    private JsonNode ReadArray(string name, JsonNode? parent, int index, int depth)
    {
        int start = _pos;
        CheckDepth(depth);
        var node = new JsonNode(JsonKind.Array, default, name, parent, index);
        ReadMembers(start, ']', "array", () =>
        {
            JsonNode item = ReadValue(name, node, node.Items.Count, depth);
            node.Items.Add(item);
            return item;
        });

        node.Range = new TextRange(start, _pos - start);
        return node;
    }

    /// <summary>
    /// The members of an object or array, from just past its opening bracket to just past
    /// <paramref name="close"/>, separated by commas, with none after the last.
    /// </summary>
    /// <param name="start">Where the container starts, for the message when it is never closed.</param>
    /// <param name="close">'}' or ']'.</param>
    /// <param name="container">"object" or "array", for messages.</param>
    /// <param name="readMember">Reads one member and returns its value, which the message names when no comma follows.</param>
    private void ReadMembers(int start, char close, string container, Func<JsonNode> readMember)
    {
        _pos++; // the opening bracket
        int trailingComma = -1;
        while (true)
        {
            SkipWhitespace();
            if (AtEnd)
            {
                throw Unclosed(container, close, start);
            }

            if (Current == close)
            {
                if (trailingComma >= 0)
                {
                    throw new SyntaxException($"a comma after the last {(close == '}' ? "property" : "item")}; JSON allows none before '{close}'", trailingComma);
                }

                _pos++;
                return;
            }

            JsonNode member = readMember();
            trailingComma = -1;
            SkipWhitespace();
            if (!AtEnd && Current == ',')
            {
                trailingComma = _pos++;
            }
            else if (!AtEnd && Current != close)
            {
                string what = close == '}' ? $"the value of '{member.Name}'" : $"an item of '{member.Name}'";
                throw new SyntaxException($"expected ',' or '{close}' after {what} (is a comma missing?)", _pos);
            }
        }
    }

    private void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new SyntaxException($"objects and arrays are nested more than {MaxDepth} levels deep", _pos);
        }
    }

    private SyntaxException Unclosed(string what, char close, int start)
    {
        // The one place a message gives a second position, so it converts it itself, one-based.
        LocationInfo at = new LineMap("", _text).Locate(new TextRange(start, 0));
        return new SyntaxException($"the file ends inside the {what} that starts at line {at.StartLine + 1}, column {at.StartColumn + 1}; close it with '{close}'", _pos);
    }

    private static string Describe(char c) => c < ' ' || char.IsWhiteSpace(c) ? $"the character U+{(int)c:X4}" : $"'{c}'";

    /// <summary>Unwinds the recursive descent to <see cref="Parse"/> at the first error; never leaves this class.</summary>
    private sealed class SyntaxException : Exception
    {
        public SyntaxException(string message, int position)
            : base(message) => Position = position;

        public int Position { get; }
    }
}
