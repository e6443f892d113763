using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace SysregGen.Cli.Import;

/// <summary>What a register spec says beyond what the file gives.</summary>
internal sealed record DerivedRegister(ImportedRegister Register, string Description, int MinEl, string Access);

/// <summary>
/// Writes spec JSON by hand, in one fixed layout: properties in the order docs/spec-format.md lists
/// them, 2-space indent, one field per line, LF line ends and a final newline. The same input always
/// gives the same bytes, so a re-import shows in git only where the kernel's file changed.
/// </summary>
internal static class SpecJsonWriter
{
    public static string Register(DerivedRegister d)
    {
        ImportedRegister r = d.Register;
        var sb = new StringBuilder();
        sb.Append("{\n");
        Property(sb, 1, "name", Str(r.Name));
        if (r.TypeName != SysregGen.Specs.Model.Names.DefaultTypeName(r.Name))
        {
            Property(sb, 1, "typeName", Str(r.TypeName!));
        }

        Property(sb, 1, "description", Str(d.Description));
        Property(sb, 1, "width", "64");
        Property(sb, 1, "minEl", Num(d.MinEl));
        Property(sb, 1, "access", Str(d.Access));
        SysregEncoding e = r.Encoding;
        Property(sb, 1, "encoding", $"{{ \"op0\": {e.Op0}, \"op1\": {e.Op1}, \"crn\": {e.CRn}, \"crm\": {e.CRm}, \"op2\": {e.Op2} }}");
        if (r.Mapping is not null)
        {
            Property(sb, 1, "mapping", Str(r.Mapping), last: true);
        }
        else
        {
            var layouts = new List<string>();
            bool named = r.FeatureLayouts.Count > 0;
            if (r.Default.Use is not null)
            {
                layouts.Add(named ? $"    {{ \"name\": \"Default\", \"use\": {Str(r.Default.Use)} }}" : $"    {{ \"use\": {Str(r.Default.Use)} }}");
            }
            else if (!r.Default.IsEmpty || !named)
            {
                layouts.Add(Layout(r.Default, named ? "Default" : null, null));
            }

            layouts.AddRange(r.FeatureLayouts.Select(f => Layout(f.Body, f.Name, f.Feature)));
            sb.Append("  \"layouts\": [\n").Append(string.Join(",\n", layouts)).Append("\n  ]\n");
        }

        return sb.Append("}\n").ToString();
    }

    public static string SharedLayout(ImportedLayout l, string description)
    {
        var sb = new StringBuilder();
        sb.Append("{\n");
        Property(sb, 1, "layout", Str(l.Name));
        Property(sb, 1, "typeName", Str(l.TypeName));
        Property(sb, 1, "description", Str(description));
        Property(sb, 1, "width", "64");
        Body(sb, l.Body, 1);
        return sb.Append("}\n").ToString();
    }

    private static string Layout(LayoutBody body, string? name, string? feature)
    {
        var sb = new StringBuilder();
        sb.Append("    {\n");
        if (name is not null)
        {
            Property(sb, 3, "name", Str(name));
        }

        if (feature is not null)
        {
            Property(sb, 3, "feature", Str(feature));
        }

        Body(sb, body, 3);
        return sb.Append("    }").ToString();
    }

    /// <summary>"fields", then the non-empty range kinds; the last property has no comma.</summary>
    private static void Body(StringBuilder sb, LayoutBody body, int depth)
    {
        string pad = new(' ', depth * 2);
        var ranges = new[] { RangeKind.Res0, RangeKind.Res1, RangeKind.Unkn, RangeKind.Raz }
            .Select(k => (Kind: k, Bits: body.Ranges.Where(r => r.Kind == k).Select(r => Str(r.Bits.ToString())).ToList()))
            .Where(k => k.Bits.Count > 0)
            .ToList();
        if (body.Fields.Count == 0)
        {
            sb.Append(pad).Append("\"fields\": []").Append(ranges.Count > 0 ? ",\n" : "\n");
        }
        else
        {
            sb.Append(pad).Append("\"fields\": [\n");
            sb.Append(string.Join(",\n", body.Fields.Select(f => pad + "  " + Field(f))));
            sb.Append('\n').Append(pad).Append(']').Append(ranges.Count > 0 ? ",\n" : "\n");
        }

        for (int i = 0; i < ranges.Count; i++)
        {
            string key = ranges[i].Kind.ToString().ToLowerInvariant();
            sb.Append(pad).Append(Str(key)).Append(": [").Append(string.Join(", ", ranges[i].Bits)).Append(']').Append(i < ranges.Count - 1 ? ",\n" : "\n");
        }
    }

    private static string Field(ImportedField f)
    {
        var parts = new List<string> { $"\"name\": {Str(f.Name)}" };
        if (f.PropertyName is not null)
        {
            parts.Add($"\"propertyName\": {Str(f.PropertyName)}");
        }

        parts.Add($"\"bits\": {Str(f.Bits.ToString())}");
        parts.Add("\"access\": \"RW\"");
        if (f.Kind == FieldKind.SignedEnum)
        {
            parts.Add("\"signed\": true");
        }

        if (f.Values.Count > 0)
        {
            // Unsigned bit patterns as binary strings of the field's width, as the kernel writes them.
            parts.Add("\"enum\": { " + string.Join(", ", f.Values.Select(v => $"{Str(v.Name)}: {Str(Binary(v.Value, f.Bits.Width))}")) + " }");
        }

        return "{ " + string.Join(", ", parts) + " }";
    }

    private static string Binary(ulong value, int width)
    {
        string digits = System.Convert.ToString((long)value, 2);
        return "0b" + (digits.Length >= width ? digits : digits.PadLeft(width, '0'));
    }

    private static void Property(StringBuilder sb, int depth, string name, string json, bool last = false) =>
        sb.Append(' ', depth * 2).Append(Str(name)).Append(": ").Append(json).Append(last ? "\n" : ",\n");

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Str(string value) => "\"" + JsonEncodedText.Encode(value).ToString() + "\"";
}
