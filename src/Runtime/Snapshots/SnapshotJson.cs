using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace SysregGen.Runtime.Snapshots;

/// <summary>
/// Reads snapshot JSON in two steps, so that every error names its place: the text must be JSON
/// (else: the line and byte where it stops being JSON), then it must have the snapshot's shape (else:
/// the field that is missing, unknown, or of the wrong type or range, found by walking the
/// source-generated contract along the serializer's path, without reflection).
/// </summary>
internal static partial class SnapshotJson
{
    /// <summary>Reads <paramref name="json"/> as a snapshot of version 1 or later (not yet validated).</summary>
    public static TimerSnapshot? Read(string json, out string? error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            error = $"The snapshot is not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}.";
            return null;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (VersionError(root, out int version) is { } versionError)
            {
                error = versionError;
                return null;
            }

            bool v1 = version == 1;
            JsonTypeInfo type = v1 ? SnapshotJsonContext.Default.TimerSnapshotV1 : SnapshotJsonContext.Default.TimerSnapshot;
            try
            {
                error = null;
                TimerSnapshot? snapshot = v1
                    ? root.Deserialize(SnapshotJsonContext.Default.TimerSnapshotV1)?.ToCurrent()
                    : root.Deserialize(SnapshotJsonContext.Default.TimerSnapshot);
                error = snapshot is null ? "The snapshot is null." : null;
                return snapshot;
            }
            catch (JsonException ex)
            {
                error = Describe(root, type, ex.Path ?? "$");
                return null;
            }
        }
    }

    /// <summary>
    /// The version is read first: it decides the shape the rest must have, and a newer snapshot is to
    /// be told apart from a broken one, whatever its new fields are.
    /// </summary>
    private static string? VersionError(JsonElement root, out int version)
    {
        version = 0;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return $"(the snapshot): {Shorten(root.GetRawText())} is not the snapshot.";
        }

        if (!root.TryGetProperty("version", out JsonElement element))
        {
            return "version: is missing.";
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out version) || version < 1)
        {
            return $"version: {Shorten(element.GetRawText())} is not a format version (1 to {TimerSnapshot.CurrentVersion}).";
        }

        return version > TimerSnapshot.CurrentVersion
            ? $"version: the snapshot is format version {version}, newer than this library reads (1 to {TimerSnapshot.CurrentVersion}): update SysregGen.Runtime."
            : null;
    }

    private static string Shorten(string text) => text.Length > 40 ? string.Concat(text.AsSpan(0, 40), "...") : text;

    /// <summary>What is wrong at <paramref name="path"/> (the serializer's JSON path), in the words of the snapshot's fields.</summary>
    private static string Describe(JsonElement root, JsonTypeInfo rootType, string path)
    {
        JsonElement element = root;
        JsonTypeInfo type = rootType;
        var place = new List<string>();
        foreach (Match segment in PathSegment().Matches(path))
        {
            if (segment.Groups["index"].Success)
            {
                int index = int.Parse(segment.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                place[^1] += $"[{index}]";
                if (ElementType(type) is not { } item || element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength())
                {
                    return $"{Join(place)}: has the wrong type.";
                }

                element = element[index];
                type = item;
                continue;
            }

            string name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value;
            place.Add(name);
            JsonPropertyInfo? property = type.Properties.FirstOrDefault(p => p.Name == name);
            if (property is null)
            {
                return $"{Join(place)}: is not a field of {Describe(type)}.";
            }

            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out JsonElement value))
            {
                return $"{Join(place)}: is missing.";
            }

            element = value;
            type = type.Options.GetTypeInfo(property.PropertyType);
        }

        if (element.ValueKind == JsonValueKind.Object && type.Kind == JsonTypeInfoKind.Object)
        {
            foreach (JsonPropertyInfo required in type.Properties.Where(p => p.IsRequired))
            {
                if (!element.TryGetProperty(required.Name, out _))
                {
                    return $"{Join(place.Append(required.Name))}: is missing.";
                }
            }
        }

        return $"{Join(place)}: {Shorten(element.GetRawText())} is not {Describe(type)}.";
    }

    private static string Join(IEnumerable<string> place) => place.Any() ? string.Join(".", place) : "(the snapshot)";

    /// <summary>The item contract of a list (the snapshot's lists are all <see cref="IReadOnlyList{T}"/>).</summary>
    private static JsonTypeInfo? ElementType(JsonTypeInfo type) =>
        type.Kind == JsonTypeInfoKind.Enumerable && type.Type.IsGenericType ? type.Options.GetTypeInfo(type.Type.GetGenericArguments()[0]) : null;

    /// <summary>What a JSON value of <paramref name="type"/> looks like, for a message.</summary>
    private static string Describe(JsonTypeInfo type)
    {
        Type t = Nullable.GetUnderlyingType(type.Type) ?? type.Type;
        return t switch
        {
            _ when t == typeof(ulong) => "an unsigned 64-bit number",
            _ when t == typeof(int) => "a 32-bit integer",
            _ when t == typeof(bool) => "true or false",
            _ when t == typeof(string) => "a string",
            _ when t == typeof(DateTimeOffset) => "a date and time (ISO 8601)",
            _ when t.IsEnum => $"one of {string.Join(", ", Enum.GetNames(t))}",
            _ when type.Kind == JsonTypeInfoKind.Enumerable => "an array",
            _ when t == typeof(VcpuSnapshot) || t == typeof(TimerSnapshotV1.Vcpu) => "a vCPU entry",
            _ when t == typeof(TimerContextSnapshot) => "a timer entry",
            _ when t == typeof(Timers.VirtualEl2State) => "a virtual EL2 entry",
            _ => "the snapshot",
        };
    }

    [GeneratedRegex(@"\.(?<name>[A-Za-z0-9_]+)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex PathSegment();
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(TimerSnapshot))]
[JsonSerializable(typeof(TimerSnapshotV1))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext
{
}
