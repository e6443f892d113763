using System;
using System.Text;
using System.Text.Json;

namespace SysregGen.Specs.Json;

/// <summary>Parses text into a <see cref="JsonNode"/> tree that keeps every value's character range.</summary>
internal static class JsonTreeReader
{
    private static readonly JsonReaderOptions s_options = new()
    {
        // Specs are plain JSON so that every editor and JSON Schema tool reads them the same way.
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    /// <summary>Parses <paramref name="text"/>; returns null and sets <paramref name="error"/> when it is not JSON.</summary>
    public static JsonNode? Parse(string text, out JsonSyntaxError? error)
    {
        error = null;
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        int[] charIndexOfByte = BuildByteToCharMap(text, utf8.Length);
        var reader = new Utf8JsonReader(utf8, s_options);
        try
        {
            if (!reader.Read())
            {
                error = new JsonSyntaxError("the file is empty; a spec is one JSON object", 0);
                return null;
            }

            JsonNode root = ReadValue(ref reader, charIndexOfByte);
            if (reader.Read())
            {
                error = new JsonSyntaxError("unexpected content after the end of the JSON value", charIndexOfByte[(int)reader.TokenStartIndex]);
                return null;
            }

            return root;
        }
        catch (JsonException ex)
        {
            error = new JsonSyntaxError(CleanMessage(ex.Message), PositionOf(ex, text));
            return null;
        }
    }

    private static JsonNode ReadValue(ref Utf8JsonReader reader, int[] charIndexOfByte)
    {
        int start = charIndexOfByte[(int)reader.TokenStartIndex];
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new JsonNode(JsonKind.Object, default);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    int nameStart = charIndexOfByte[(int)reader.TokenStartIndex];
                    string name = reader.GetString() ?? "";
                    int nameEnd = charIndexOfByte[(int)(reader.TokenStartIndex + reader.ValueSpan.Length + 2)];
                    reader.Read();
                    JsonNode value = ReadValue(ref reader, charIndexOfByte);
                    node.Properties.Add(new JsonProperty(name, new TextRange(nameStart, nameEnd - nameStart), value));
                }

                node.Range = new TextRange(start, EndOfToken(ref reader, charIndexOfByte) - start);
                return node;
            }

            case JsonTokenType.StartArray:
            {
                var node = new JsonNode(JsonKind.Array, default);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    node.Items.Add(ReadValue(ref reader, charIndexOfByte));
                }

                node.Range = new TextRange(start, EndOfToken(ref reader, charIndexOfByte) - start);
                return node;
            }

            case JsonTokenType.String:
                return new JsonNode(JsonKind.String, new TextRange(start, EndOfToken(ref reader, charIndexOfByte) - start))
                {
                    Text = reader.GetString() ?? "",
                };

            case JsonTokenType.Number:
                return new JsonNode(JsonKind.Number, new TextRange(start, EndOfToken(ref reader, charIndexOfByte) - start))
                {
                    Text = Encoding.UTF8.GetString(reader.ValueSpan.ToArray()),
                };

            case JsonTokenType.True:
                return new JsonNode(JsonKind.True, new TextRange(start, 4));
            case JsonTokenType.False:
                return new JsonNode(JsonKind.False, new TextRange(start, 5));
            default:
                return new JsonNode(JsonKind.Null, new TextRange(start, 4));
        }
    }

    private static int EndOfToken(ref Utf8JsonReader reader, int[] charIndexOfByte)
    {
        // ValueSpan excludes the quotes of a string token; BytesConsumed is the reader's position
        // just past the current token.
        long end = reader.BytesConsumed;
        return charIndexOfByte[(int)Math.Min(end, charIndexOfByte.Length - 1)];
    }

    /// <summary>Maps every UTF-8 byte offset (and the end) to the index of the character it belongs to.</summary>
    private static int[] BuildByteToCharMap(string text, int byteCount)
    {
        var map = new int[byteCount + 1];
        int b = 0;
        for (int c = 0; c < text.Length; c++)
        {
            int width;
            char ch = text[c];
            if (char.IsHighSurrogate(ch) && c + 1 < text.Length && char.IsLowSurrogate(text[c + 1]))
            {
                for (int i = 0; i < 4; i++)
                {
                    map[b++] = c;
                }

                c++;
                continue;
            }

            width = ch < 0x80 ? 1 : ch < 0x800 ? 2 : 3;
            for (int i = 0; i < width; i++)
            {
                map[b++] = c;
            }
        }

        map[byteCount] = text.Length;
        return map;
    }

    private static int PositionOf(JsonException ex, string text)
    {
        // JsonException reports a zero-based line and a byte offset in that line.
        long line = ex.LineNumber ?? 0;
        long bytesInLine = ex.BytePositionInLine ?? 0;
        int index = 0;
        for (long l = 0; l < line && index < text.Length; l++)
        {
            int next = text.IndexOf('\n', index);
            if (next < 0)
            {
                return text.Length;
            }

            index = next + 1;
        }

        int lineEnd = text.IndexOf('\n', index);
        if (lineEnd < 0)
        {
            lineEnd = text.Length;
        }

        int col = 0;
        long consumed = 0;
        while (index + col < lineEnd && consumed < bytesInLine)
        {
            consumed += Encoding.UTF8.GetByteCount(text.Substring(index + col, 1));
            col++;
        }

        return index + col;
    }

    private static string CleanMessage(string message)
    {
        // The reader's messages end with " LineNumber: n | BytePositionInLine: m."; the diagnostic
        // carries the position itself, so the suffix only repeats it in other units.
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        string head = cut >= 0 ? message.Substring(0, cut) : message;
        return head.TrimEnd('.', ' ');
    }
}
