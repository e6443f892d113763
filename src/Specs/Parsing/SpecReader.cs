using System.Globalization;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Json;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Parsing;

/// <summary>
/// Reads a spec's JSON into a <see cref="RegisterSpec"/>: shape, types, ranges and names, each
/// problem reported at its JSON position. The rules that look at the register as a whole (bit
/// coverage, resets, enums) are the validator's; <see cref="SpecChecker"/>
/// runs both.
/// </summary>
public static class SpecReader
{
    /// <summary>Reads one spec file.</summary>
    /// <param name="path">The file's path, for locations.</param>
    /// <param name="text">The file's text.</param>
    /// <returns>The register when the file reads cleanly (null otherwise), the name it declares, and what is wrong.</returns>
    public static SpecResult Read(string path, string text)
    {
        var json = new JsonValueReader(path, text);
        JsonNode? root = JsonTreeReader.Parse(text, out JsonSyntaxError? syntax);
        if (root is null)
        {
            JsonSyntaxError e = syntax!.Value;
            json.Report(DiagnosticDescriptors.InvalidJson, new TextRange(e.Position, 0), e.Message);
            return new SpecResult(null, null, json.Diagnostics);
        }

        // The first property that names the file says what it is; a file without any reads as a
        // register, so that its "missing name" error stays the one a register spec gets.
        if (Has(root, "layout"))
        {
            SharedLayoutSpec? layout = SharedReader.Layout(json, root, out string? layoutName);
            return new SpecResult(null, layoutName, json.Diagnostics, SpecFileKind.Layout, json.HasErrors ? null : layout);
        }

        if (Has(root, "trapGroup"))
        {
            TrapGroupSpec? group = SharedReader.Group(json, root, out string? groupName);
            return new SpecResult(null, groupName, json.Diagnostics, SpecFileKind.TrapGroup, Group: json.HasErrors ? null : group);
        }

        RegisterSpec? spec = Register(json, root, out string? declaredName);
        return new SpecResult(json.HasErrors ? null : spec, declaredName, json.Diagnostics);
    }

    private static bool Has(JsonNode root, string property) =>
        root.Kind == JsonKind.Object && !root.Properties.Exists(p => p.Name == "name") && root.Properties.Exists(p => p.Name == property);

    private static RegisterSpec? Register(JsonValueReader json, JsonNode root, out string? declaredName)
    {
        declaredName = null;
        JsonObjectReader? o = json.Object(root, "the register",
            "$schema", "name", "typeName", "description", "width", "minEl", "access", "writeMinEl", "feature",
            "encoding", "aarch32", "aliases", "redirects", "timer", "layouts", "traps", "mapping");
        if (o is null)
        {
            return null;
        }

        JsonNode? nameNode = o.Required("name");
        string? name = json.ArchName(nameNode, "register");
        declaredName = name;
        string? typeName = o.Optional("typeName") is { } tn ? json.Identifier(tn, "typeName") : name is null ? null : Names.DefaultTypeName(name);
        string? description = json.String(o.Required("description"));
        int? width = Width(json, o.Required("width"));
        int? minEl = json.Int(o.Required("minEl"), 0, 3);
        RegisterAccess? access = json.Enum<RegisterAccess>(o.Required("access"));
        int? writeMinEl = WriteMinEl(json, o.Optional("writeMinEl"), minEl);
        string? feature = o.Optional("feature") is { } f ? json.Feature(f) : null;
        JsonNode? encodingNode = o.Required("encoding");
        A64Encoding? encoding = encodingNode is null ? null : EncodingReader.A64(json, encodingNode, "encoding");
        A32Encoding? aarch32 = o.Optional("aarch32") is { } a32 ? EncodingReader.AArch32(json, a32) : null;
        var aliases = json.Items(o.Optional("aliases"), n => EncodingReader.Alias(json, n));
        var redirects = json.Items(o.Optional("redirects"), n => EncodingReader.Redirect(json, n));
        TimerMeaning? timer = o.Optional("timer") is { } t ? EncodingReader.Timer(json, t) : null;
        // A mapping register takes the layouts of the register it views, so it has none of its own.
        JsonNode? mappingNode = o.Optional("mapping");
        string? mapping = mappingNode is null ? null : json.ArchName(mappingNode, "register");
        if (mappingNode is not null && o.Optional("layouts") is { } ownLayouts)
        {
            json.Report(DiagnosticDescriptors.MappingWithLayouts, ownLayouts.Range, name ?? "the register", json.String(mappingNode) ?? "");
        }

        var layouts = mappingNode is null ? json.Items(o.Required("layouts"), n => LayoutReader.Layout(json, n)) : EquatableArray<LayoutSpec>.Empty;
        var traps = json.Items(o.Optional("traps"), n => TrapReader.Rule(json, n));

        // Only a literally empty array: layouts that were there but had errors are reported as such,
        // and must not add a false "empty" on top.
        if (o.Optional("layouts") is { Kind: JsonKind.Array, Items.Count: 0 } emptyLayouts)
        {
            json.OutOfRange(emptyLayouts, "empty", "at least one layout");
        }

        if (json.HasErrors || name is null || typeName is null || description is null || width is null ||
            minEl is null || access is null || encoding is null)
        {
            return null;
        }

        return new RegisterSpec(
            name, typeName, description, width.Value, minEl.Value, access.Value, writeMinEl, feature, encoding, aarch32,
            aliases, redirects, timer, layouts, traps, json.Path,
            json.Locate(nameNode!.Range), json.Locate(encodingNode!.Range),
            mapping, mappingNode is null ? null : json.Locate(mappingNode.Range));
    }

    /// <summary>32 or 64.</summary>
    internal static int? Width(JsonValueReader json, JsonNode? node)
    {
        int? width = json.Int(node, 32, 64);
        if (width is int w && w != 32 && w != 64)
        {
            json.OutOfRange(node!, w.ToString(CultureInfo.InvariantCulture), "32 or 64");
            return null;
        }

        return width;
    }

    /// <summary>0..3, and not below <paramref name="minEl"/>; null (no restriction) when absent.</summary>
    private static int? WriteMinEl(JsonValueReader json, JsonNode? node, int? minEl)
    {
        int? value = node is null ? null : json.Int(node, 0, 3);
        if (value is int w && minEl is int m && w < m)
        {
            json.OutOfRange(node!, w.ToString(CultureInfo.InvariantCulture), $"at least minEl ({m})");
            return null;
        }

        return value;
    }
}
