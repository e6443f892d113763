using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Json;

/// <summary>
/// Reads typed values out of one file's <see cref="JsonNode"/> tree and collects a diagnostic, at the
/// value's position, for each one that has the wrong type or range. Every read returns null (or an
/// empty array) after reporting, so a reader can go on and report every problem of a file at once.
/// It knows JSON and SysregGen's number syntax, nothing about registers. Every message about a
/// value names its property and JSON path ('width' (at $.width)), which the node carries.
/// </summary>
internal sealed class JsonValueReader
{
    private readonly LineMap _lines;
    private readonly List<DiagnosticInfo> _diagnostics = new();

    public JsonValueReader(string path, string text) => _lines = new LineMap(path, text);

    /// <summary>The file being read.</summary>
    public string Path => _lines.Path;

    /// <summary>Whether anything has been reported.</summary>
    public bool HasErrors => _diagnostics.Count > 0;

    public EquatableArray<DiagnosticInfo> Diagnostics => _diagnostics.ToEquatableArray();

    public void Report(SpecDiagnosticDescriptor descriptor, TextRange range, params string[] args) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, _lines.Locate(range), args));

    public LocationInfo Locate(TextRange range) => _lines.Locate(range);

    public void WrongType(JsonNode node, string expected) =>
        Report(DiagnosticDescriptors.WrongType, node.Range, node.Name, node.Path, expected, node.KindDescription);

    /// <summary>Reports that the value of <paramref name="node"/>, shown as <paramref name="value"/>, is not <paramref name="expected"/>.</summary>
    public void OutOfRange(JsonNode node, string value, string expected) =>
        Report(DiagnosticDescriptors.ValueOutOfRange, node.Range, node.Name, node.Path, value, expected);

    /// <summary>An object whose properties are all in <paramref name="allowed"/> (any name when none is given).</summary>
    public JsonObjectReader? Object(JsonNode node, string what, params string[] allowed) =>
        JsonObjectReader.Open(this, node, what, allowed);

    public string? String(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node.Kind != JsonKind.String)
        {
            WrongType(node, "a string");
            return null;
        }

        return node.Text;
    }

    public string? OneOf(JsonNode? node, string[] allowed)
    {
        string? s = String(node);
        if (s is not null && Array.IndexOf(allowed, s) < 0)
        {
            OutOfRange(node!, $"\"{s}\"", "one of " + string.Join(", ", allowed));
            return null;
        }

        return s;
    }

    /// <summary>A string naming a member of <typeparamref name="T"/>.</summary>
    public T? Enum<T>(JsonNode? node)
        where T : struct, System.Enum
    {
        string? s = String(node);
        if (s is null)
        {
            return null;
        }

        string[] names = System.Enum.GetNames(typeof(T));
        if (Array.IndexOf(names, s) < 0)
        {
            OutOfRange(node!, $"\"{s}\"", "one of " + string.Join(", ", names.OrderBy(n => n, StringComparer.Ordinal)));
            return null;
        }

        return (T)System.Enum.Parse(typeof(T), s);
    }

    public bool? Bool(JsonNode node)
    {
        if (node.Kind is JsonKind.True or JsonKind.False)
        {
            return node.Kind == JsonKind.True;
        }

        WrongType(node, "true or false");
        return null;
    }

    public int? Int(JsonNode? node, int min, int max)
    {
        if (node is null)
        {
            return null;
        }

        ulong? value = Number(node);
        if (value is null)
        {
            return null;
        }

        if (value.Value < (ulong)min || value.Value > (ulong)max)
        {
            OutOfRange(node, value.Value.ToString(CultureInfo.InvariantCulture), $"{min}..{max}");
            return null;
        }

        return (int)value.Value;
    }

    /// <summary>A JSON integer, or a "0x…"/"0b…" string (64-bit values lose precision as JSON numbers in many tools).</summary>
    public ulong? Number(JsonNode node)
    {
        if (node.Kind == JsonKind.Number)
        {
            if (ulong.TryParse(node.Text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
            {
                return n;
            }

            Report(DiagnosticDescriptors.InvalidNumber, node.Range, node.Text, node.Path);
            return null;
        }

        if (node.Kind == JsonKind.String && !HasRadixPrefix(node.Text))
        {
            // A quoted decimal is almost always a slip ("width": "64"); the format keeps strings for
            // hex and binary, where JSON numbers cannot be written.
            WrongType(node, "a number (or a \"0x…\"/\"0b…\" string)");
            return null;
        }

        if (node.Kind == JsonKind.String)
        {
            if (TryParseRadixNumber(node.Text, out ulong value))
            {
                return value;
            }

            Report(DiagnosticDescriptors.InvalidNumber, node.Range, node.Text, node.Path);
            return null;
        }

        WrongType(node, "a number");
        return null;
    }

    /// <summary>The items of an array, each read by <paramref name="read"/>; those it rejects (and reported) are left out.</summary>
    public EquatableArray<T> Items<T>(JsonNode? node, Func<JsonNode, T?> read)
        where T : class, IEquatable<T>
    {
        if (node is null)
        {
            return EquatableArray<T>.Empty;
        }

        if (node.Kind != JsonKind.Array)
        {
            WrongType(node, "an array");
            return EquatableArray<T>.Empty;
        }

        var items = new List<T>();
        foreach (JsonNode item in node.Items)
        {
            if (read(item) is { } value)
            {
                items.Add(value);
            }
        }

        return items.ToEquatableArray();
    }

    /// <summary>
    /// An object used as a map, such as an enum's names and values: each property read by
    /// <paramref name="read"/>, which reports what it rejects. Null when anything was rejected, or
    /// when the map is empty (reported as being empty, where the spec needs <paramref name="nonEmpty"/>).
    /// </summary>
    public EquatableArray<T>? Map<T>(JsonNode node, string nonEmpty, Func<JsonProperty, T?> read)
        where T : class, IEquatable<T>
    {
        if (Object(node, "'" + node.Name + "'") is null)
        {
            return null;
        }

        var items = new List<T>();
        bool ok = true;
        foreach (JsonProperty p in node.Properties)
        {
            if (read(p) is { } item)
            {
                items.Add(item);
            }
            else
            {
                ok = false;
            }
        }

        if (ok && items.Count == 0)
        {
            OutOfRange(node, "empty", nonEmpty);
            return null;
        }

        return ok ? items.ToEquatableArray() : null;
    }

    private static bool HasRadixPrefix(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.StartsWith("0b", StringComparison.OrdinalIgnoreCase);

    /// <summary>"0x…" hex or "0b…" binary, '_' allowed between digits, at most 64 bits.</summary>
    private static bool TryParseRadixNumber(string text, out ulong value)
    {
        value = 0;
        string s = text.Replace("_", "");
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return s.Length > 2 && s.Length <= 18 && ulong.TryParse(s.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (s.Length <= 2 || s.Length > 66)
        {
            return false;
        }

        foreach (char c in s.Substring(2))
        {
            if (c is not ('0' or '1'))
            {
                return false;
            }

            value = (value << 1) | (uint)(c - '0');
        }

        return true;
    }
}
