using System;
using System.Globalization;

namespace SysregGen.Cli.Import;

/// <summary>The lines inside a block: fields, ranges, references and enum values.</summary>
internal sealed partial class SysregParser
{
    private void FieldLine(SysregLine line, FieldKind kind)
    {
        if (line.Count != 3)
        {
            MalformedLine(line, $"{line.Directive} takes a bit range and a name");
            if (kind != FieldKind.Plain)
            {
                // Swallow its values so they are not read as directives.
                _enumField = new ImportedField("?", "?", default, kind, default);
                _enumLine = line;
            }

            return;
        }

        string name = line[2].Text;
        BitRange? bits = Bits(line, 1);
        if (!LinuxName().IsMatch(name))
        {
            Report(ImportDiagnostics.InvalidName, line, 2, $"'{name}' is not a field name (letters, digits and '_', starting with a letter); {BlockName} is not imported");
            Break();
        }

        var field = new ImportedField(name, name.ToUpperInvariant(), bits ?? default, kind, new SourcePosition(line.Number, line[0].Column));
        if (bits is not null && Accepts(line))
        {
            Body.Fields.Add(field);
        }

        if (kind != FieldKind.Plain)
        {
            _enumField = field;
            _enumLine = line;
        }
    }

    private void RangeLine(SysregLine line, RangeKind kind)
    {
        if (line.Count != 2)
        {
            MalformedLine(line, $"{line.Directive} takes one bit range");
            return;
        }

        if (Bits(line, 1) is { } bits && Accepts(line))
        {
            Body.Ranges.Add(new ReservedRange(kind, bits, new SourcePosition(line.Number, line[0].Column)));
        }
    }

    /// <summary>Whether a bit description may join the body: not after a <c>Fields</c> reference.</summary>
    private bool Accepts(SysregLine line)
    {
        if (Body.Use is null)
        {
            return true;
        }

        Report(ImportDiagnostics.FieldsMixed, line, 0, $"{BlockName} already takes its fields from {Body.Use}; this {line.Directive} is ignored");
        return false;
    }

    private void FieldsLine(SysregLine line)
    {
        if (line.Count != 2)
        {
            MalformedLine(line, "Fields takes one SysregFields name");
            return;
        }

        if (_layout is not null || _prefixBody is not null)
        {
            Report(ImportDiagnostics.OutOfPlace, line, 0, $"Fields inside {(_layout is not null ? "SysregFields" : "Prefix")} {BlockName}; only a Sysreg may take a shared layout; the line is ignored");
            return;
        }

        LayoutBody body = _register!.Default;
        if (body.Fields.Count > 0 || body.Ranges.Count > 0)
        {
            Report(ImportDiagnostics.FieldsMixed, line, 0, $"{BlockName} describes bits before 'Fields {line[1].Text}'; the shared layout replaces them");
        }

        _register.Default = new LayoutBody(body.At) { Use = line[1].Text, UseAt = new SourcePosition(line.Number, line[1].Column) };
    }

    private void MappingLine(SysregLine line)
    {
        if (line.Count != 2)
        {
            MalformedLine(line, "Mapping takes one register name");
            return;
        }

        if (_register is null || _prefixBody is not null)
        {
            Report(ImportDiagnostics.OutOfPlace, line, 0, $"Mapping inside {(_register is null ? "SysregFields" : "Prefix")} {BlockName}; only a Sysreg may be a view of another; the line is ignored");
            return;
        }

        _register.Mapping = line[1].Text;
        _register.MappingAt = new SourcePosition(line.Number, line[1].Column);
    }

    private void EnumValueLine(SysregLine line)
    {
        ImportedField field = _enumField!;
        if (field.LinuxName == "?")
        {
            return;
        }

        if (line.Count != 2)
        {
            Report(ImportDiagnostics.BadEnumValue, line, 0, $"An enum value line of {field.LinuxName} takes a value and a name, not {line.Count} word(s); it is dropped");
            return;
        }

        string text = line[0].Text;
        if (!TryNumber(text, out ulong value) || (field.Bits.Width < 64 && value >> field.Bits.Width != 0))
        {
            Report(ImportDiagnostics.BadEnumValue, line, 0, $"Enum value '{text}' of {field.LinuxName} is not a number that fits its {field.Bits.Width} bit(s); it is dropped");
            return;
        }

        string? name = ImportNaming.EnumMember(line[1].Text);
        if (name is null)
        {
            Report(ImportDiagnostics.BadEnumValue, line, 1, $"Enum name '{line[1].Text}' of {field.LinuxName} cannot become a C# name; the value is dropped");
            return;
        }

        // A leading '_' for names such as 52_BIT is the documented rule (docs/import.md), not a finding:
        // the kernel's file has dozens, and a warning for each would hide the real ones.
        if (field.Values.Find(v => v.Value == value) is { } same)
        {
            Report(ImportDiagnostics.DuplicateEnumValue, line, 1, $"{field.LinuxName} names value {text} '{same.Name}' already; '{line[1].Text}' is dropped");
            return;
        }

        if (field.Values.Exists(v => v.Name == name))
        {
            Report(ImportDiagnostics.DuplicateEnumName, line, 1, $"{field.LinuxName} has an enum value named '{name}' already; {text} is dropped");
            return;
        }

        field.Values.Add(new EnumValue(name, value));
    }

    private BitRange? Bits(SysregLine line, int index)
    {
        string text = line[index].Text;
        string[] parts = text.Split(':');
        if (parts.Length is 1 or 2 && TryBit(parts[0], out int msb) && TryBit(parts[^1], out int lsb) && msb >= lsb)
        {
            return new BitRange(msb, lsb);
        }

        Report(ImportDiagnostics.MalformedNumber, line, index, $"'{text}' is not a bit range of a 64-bit register (msb:lsb with 63 >= msb >= lsb >= 0, or one bit); {BlockName} is not imported");
        Break();
        return null;
    }

    private static bool TryBit(string text, out int bit)
    {
        bool ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bit) && bit <= 63;
        return ok;
    }

    /// <summary>A number as the file writes one: decimal, 0x hexadecimal or 0b binary.</summary>
    internal static bool TryNumber(string text, out ulong value)
    {
        value = 0;
        if (text.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            string digits = text[2..];
            if (digits.Length is 0 or > 64)
            {
                return false;
            }

            foreach (char c in digits)
            {
                if (c is not ('0' or '1'))
                {
                    return false;
                }

                value = (value << 1) | (c == '1' ? 1UL : 0UL);
            }

            return true;
        }

        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
