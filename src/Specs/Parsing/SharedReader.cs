using SysregGen.Specs.Json;
using SysregGen.Specs.Model;

namespace SysregGen.Specs.Parsing;

/// <summary>Reads the spec files that several registers share: layout files and trap-rule group files.</summary>
internal static class SharedReader
{
    /// <summary>A file with a top-level "layout": a named layout, like Linux's <c>SysregFields</c>.</summary>
    public static SharedLayoutSpec? Layout(JsonValueReader json, JsonNode root, out string? declaredName)
    {
        declaredName = null;
        JsonObjectReader? o = json.Object(root, "the layout",
            "$schema", "layout", "typeName", "description", "width", "fields", "res0", "res1", "unkn", "raz");
        if (o is null)
        {
            return null;
        }

        JsonNode? nameNode = o.Required("layout");
        string? name = nameNode is null ? null : json.LayoutName(nameNode);
        declaredName = name;
        string? typeName = o.Optional("typeName") is { } tn ? json.Identifier(tn, "typeName") : name is null ? null : Names.DefaultLayoutTypeName(name);
        string? description = json.String(o.Required("description"));
        int? width = SpecReader.Width(json, o.Required("width"));
        LayoutSpec? bits = LayoutReader.Content(json, root, o);
        if (json.HasErrors || name is null || typeName is null || description is null || width is null || bits is null)
        {
            return null;
        }

        return new SharedLayoutSpec(name, typeName, description, width.Value, bits, json.Path, json.Locate(nameNode!.Range));
    }

    /// <summary>A file with a top-level "trapGroup": rules that registers splice in with <c>{ "use": … }</c>.</summary>
    public static TrapGroupSpec? Group(JsonValueReader json, JsonNode root, out string? declaredName)
    {
        declaredName = null;
        JsonObjectReader? o = json.Object(root, "the trap-rule group", "$schema", "trapGroup", "description", "traps");
        if (o is null)
        {
            return null;
        }

        JsonNode? nameNode = o.Required("trapGroup");
        string? name = json.ArchName(nameNode, "trap-rule group");
        declaredName = name;
        string? description = json.String(o.Required("description"));
        var traps = json.Items(o.Required("traps"), n => TrapReader.Rule(json, n));
        if (json.HasErrors || name is null || description is null)
        {
            return null;
        }

        return new TrapGroupSpec(name, description, traps, json.Path, json.Locate(nameNode!.Range));
    }
}
