using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using SysregGen.Specs.Model;

namespace SysregGen.Cli.Import;

/// <summary>
/// Reads the blocks of Linux's sysreg file (the grammar gen-sysreg.awk accepts) into the import
/// model. Where the awk script stops the kernel build, this reports and goes on: a broken block is
/// left out, and everything else still imports.
/// </summary>
internal sealed partial class SysregParser
{
    private readonly List<ImportDiagnostic> _diagnostics;
    private readonly List<ImportedRegister> _registers = [];
    private readonly List<ImportedLayout> _layouts = [];

    // The open blocks: at most one Sysreg/SysregFields, inside it at most one Prefix, inside either one Enum.
    private ImportedRegister? _register;
    private ImportedLayout? _layout;
    private LayoutBody? _prefixBody;
    private SysregLine? _prefixLine;
    private bool _prefixDropped;
    private HashSet<string> _prefixes = new(StringComparer.Ordinal);
    private ImportedField? _enumField;
    private SysregLine? _enumLine;

    private SysregParser(List<ImportDiagnostic> diagnostics) => _diagnostics = diagnostics;

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex RegisterName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LinuxName();

    // The spec format's rule for shared-layout names: upper case, plus the lower-case placeholders
    // Linux writes in SysregFields names (CPACR_ELx, HFGxTR_EL2, DBGBCRn_EL1).
    [GeneratedRegex("^[A-Z][A-Z0-9_xn]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LayoutName();

    [GeneratedRegex("^FEAT_[A-Za-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex FeatureName();

    public static ImportedFile Parse(IReadOnlyList<SysregLine> lines, List<ImportDiagnostic> diagnostics)
    {
        var parser = new SysregParser(diagnostics);
        foreach (SysregLine line in lines)
        {
            parser.Line(line);
        }

        if (parser._register is not null || parser._layout is not null)
        {
            parser.Unterminated(null);
        }

        return new ImportedFile(parser._registers, parser._layouts);
    }

    private bool InBlock => _register is not null || _layout is not null;

    private string BlockName => _register?.Name ?? _layout?.Name ?? "";

    private LayoutBody Body => _prefixBody ?? _register?.Default ?? _layout!.Body;

    private void Line(SysregLine line)
    {
        string directive = line.Directive;
        if (_enumField is not null)
        {
            if (!IsDirective(directive))
            {
                EnumValueLine(line);
                return;
            }

            if (directive != "EndEnum")
            {
                Report(ImportDiagnostics.Unterminated, _enumLine!, 0, $"{_enumLine!.Directive} {_enumField.LinuxName} of {BlockName} has no EndEnum; it ends at line {line.Number}");
                _enumField = null;
            }
        }

        switch (directive)
        {
            case "Sysreg":
            case "SysregFields":
                if (InBlock)
                {
                    Unterminated(line);
                }

                Open(line);
                return;
            case "EndSysreg":
            case "EndSysregFields":
                bool matches = directive == "EndSysreg" ? _register is not null : _layout is not null;
                if (!matches)
                {
                    Report(ImportDiagnostics.OutOfPlace, line, 0, InBlock
                        ? $"{directive} does not close {BlockName}, a {(_register is null ? "SysregFields" : "Sysreg")} block; the block ends here"
                        : $"{directive} closes no block; it is ignored");
                    if (!InBlock)
                    {
                        return;
                    }
                }

                if (_prefixBody is not null)
                {
                    Report(ImportDiagnostics.Unterminated, _prefixLine!, 0, $"Prefix {_prefixLine![1].Text} of {BlockName} has no EndPrefix; it ends at line {line.Number}");
                    ClosePrefix();
                }

                Close();
                return;
            case "EndEnum":
                if (_enumField is null)
                {
                    Report(ImportDiagnostics.OutOfPlace, line, 0, "EndEnum closes no Enum; it is ignored");
                }

                _enumField = null;
                return;
            case "EndPrefix":
                if (_prefixBody is null)
                {
                    Report(ImportDiagnostics.OutOfPlace, line, 0, "EndPrefix closes no Prefix; it is ignored");
                    return;
                }

                ClosePrefix();
                return;
        }

        if (!IsDirective(directive))
        {
            Report(ImportDiagnostics.UnknownDirective, line, 0, $"Unknown directive '{directive}'; the line is ignored");
            return;
        }

        if (!InBlock)
        {
            Report(ImportDiagnostics.OutOfPlace, line, 0, $"{directive} outside a Sysreg or SysregFields block; the line is ignored");
            return;
        }

        switch (directive)
        {
            case "Field":
                FieldLine(line, FieldKind.Plain);
                break;
            case "Enum":
                FieldLine(line, FieldKind.Enum);
                break;
            case "UnsignedEnum":
                FieldLine(line, FieldKind.UnsignedEnum);
                break;
            case "SignedEnum":
                FieldLine(line, FieldKind.SignedEnum);
                break;
            case "Res0":
                RangeLine(line, RangeKind.Res0);
                break;
            case "Res1":
                RangeLine(line, RangeKind.Res1);
                break;
            case "Unkn":
                RangeLine(line, RangeKind.Unkn);
                break;
            case "Raz":
                RangeLine(line, RangeKind.Raz);
                break;
            case "Fields":
                FieldsLine(line);
                break;
            case "Mapping":
                MappingLine(line);
                break;
            case "Prefix":
                PrefixLine(line);
                break;
        }
    }

    private static bool IsDirective(string word) => word is
        "Sysreg" or "EndSysreg" or "SysregFields" or "EndSysregFields" or "Field" or "Enum" or "UnsignedEnum" or
        "SignedEnum" or "EndEnum" or "Res0" or "Res1" or "Unkn" or "Raz" or "Fields" or "Mapping" or "Prefix" or "EndPrefix";

    private void Open(SysregLine line)
    {
        bool isRegister = line.Directive == "Sysreg";
        int expected = isRegister ? 7 : 2;
        string name = line.Count > 1 ? line[1].Text : "";
        var at = new SourcePosition(line.Number, line[0].Column);
        bool broken = false;
        if (line.Count != expected)
        {
            Report(ImportDiagnostics.MalformedLine, line, 0, isRegister
                ? $"Sysreg takes a name and five encoding numbers (op0 op1 CRn CRm op2), not {line.Count - 1} value(s); the block is not imported"
                : $"SysregFields takes one name, not {line.Count - 1} value(s); the block is not imported");
            broken = true;
        }
        else if (!(isRegister ? RegisterName() : LayoutName()).IsMatch(name))
        {
            Report(ImportDiagnostics.InvalidName, line, 1, isRegister
                ? $"'{name}' is not a register name SysregGen reads (upper-case letters, digits and '_', starting with a letter); the block is not imported"
                : $"'{name}' is not a layout name SysregGen reads (upper-case letters, digits, '_' and the placeholders 'x' and 'n', starting with a letter); the block is not imported");
            broken = true;
        }

        if (isRegister)
        {
            SysregEncoding encoding = default;
            if (!broken && !TryEncoding(line, out encoding))
            {
                broken = true;
            }

            _register = new ImportedRegister(name, encoding, at) { Broken = broken };
        }
        else
        {
            _layout = new ImportedLayout(name, at) { Broken = broken };
        }

        _prefixes = new HashSet<string>(StringComparer.Ordinal);
    }

    private bool TryEncoding(SysregLine line, out SysregEncoding encoding)
    {
        string[] names = ["op0", "op1", "CRn", "CRm", "op2"];
        int[] limits = [3, 7, 15, 15, 7];
        int[] values = new int[5];
        for (int i = 0; i < 5; i++)
        {
            SysregToken t = line[i + 2];
            if (!TryNumber(t.Text, out ulong v) || v > (ulong)limits[i])
            {
                Report(ImportDiagnostics.MalformedNumber, line, i + 2,
                    $"{names[i]} of {line[1].Text} is '{t.Text}'; it must be a number 0..{limits[i]}; the block is not imported");
                encoding = default;
                return false;
            }

            values[i] = (int)v;
        }

        encoding = new SysregEncoding(values[0], values[1], values[2], values[3], values[4]);
        return true;
    }

    private void Unterminated(SysregLine? at)
    {
        string end = _register is not null ? "EndSysreg" : "EndSysregFields";
        SourcePosition open = _register?.At ?? _layout!.At;
        string where = at is null ? "at the end of the file" : $"at line {at.Number}";
        _diagnostics.Add(new ImportDiagnostic(ImportDiagnostics.Unterminated, open.Line, open.Column,
            $"{(_register is not null ? "Sysreg" : "SysregFields")} {BlockName} has no {end}; it ends {where}"));
        if (_prefixBody is not null)
        {
            ClosePrefix();
        }

        Close();
    }

    private void Close()
    {
        _enumField = null;
        if (_register is not null)
        {
            _registers.Add(_register);
        }
        else if (_layout is not null)
        {
            _layouts.Add(_layout);
        }

        _register = null;
        _layout = null;
    }

    private void PrefixLine(SysregLine line)
    {
        if (_prefixBody is not null)
        {
            Report(ImportDiagnostics.OutOfPlace, line, 0, $"Prefix inside Prefix {_prefixLine![1].Text} of {BlockName}; the earlier one ends here");
            ClosePrefix();
        }

        if (line.Count != 2)
        {
            MalformedLine(line, "Prefix takes one feature name");
            return;
        }

        string prefix = line[1].Text;
        _prefixLine = line;
        _prefixBody = new LayoutBody(new SourcePosition(line.Number, line[0].Column));
        _prefixDropped = true;
        if (_layout is not null)
        {
            Report(ImportDiagnostics.UnsupportedPrefix, line, 0, $"Prefix {prefix} in SysregFields {BlockName}: a shared layout has one set of fields; the prefixed fields are not imported");
        }
        else if (!FeatureName().IsMatch(prefix))
        {
            Report(ImportDiagnostics.UnsupportedPrefix, line, 1, $"Prefix '{prefix}' of {BlockName} is not a FEAT_ name, so no feature selects it; the prefixed fields are not imported");
        }
        else if (!_prefixes.Add(prefix))
        {
            Report(ImportDiagnostics.UnsupportedPrefix, line, 1, $"Prefix {prefix} appears twice in {BlockName}; the second is not imported");
        }
        else
        {
            _prefixDropped = false;
        }
    }

    private void ClosePrefix()
    {
        if (!_prefixDropped && _register is not null && _prefixBody is not null)
        {
            string feature = _prefixLine![1].Text;
            _register.FeatureLayouts.Add(new FeatureLayout(feature, Names.PascalCase(feature["FEAT_".Length..].ToUpperInvariant()), _prefixBody));
        }

        _enumField = null;
        _prefixBody = null;
        _prefixLine = null;
    }

    private void MalformedLine(SysregLine line, string what)
    {
        Report(ImportDiagnostics.MalformedLine, line, 0, $"{what}, not {line.Count - 1} value(s); {BlockName} is not imported");
        Break();
    }

    private void Break()
    {
        if (_prefixBody is not null && _prefixDropped)
        {
            return; // an error in a block that is dropped anyway costs the register nothing
        }

        if (_register is not null)
        {
            _register.Broken = true;
        }
        else if (_layout is not null)
        {
            _layout.Broken = true;
        }
    }

    private void Report(ImportRule rule, SysregLine line, int token, string message) =>
        _diagnostics.Add(new ImportDiagnostic(rule, line.Number, line[Math.Min(token, line.Count - 1)].Column, message));
}
