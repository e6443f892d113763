using System.Collections.Generic;
using System.Globalization;

namespace SysregGen.Cli.Import;

/// <summary>How bad an import finding is: a warning still imports the block, an error leaves it out.</summary>
internal enum ImportSeverity
{
    Warning,
    Error,
}

/// <summary>One kind of import finding, with its stable id (SRG0200-SRG0299; ids are never reused).</summary>
internal sealed record ImportRule(string Id, ImportSeverity Severity, string Title);

/// <summary>
/// Every finding of <c>sysreg import</c>, in one place, so the ids stay stable and docs/import.md
/// can list them all (a test checks the two agree).
/// </summary>
internal static class ImportDiagnostics
{
    public static readonly ImportRule UnknownDirective = new("SRG0201", ImportSeverity.Warning, "Unknown directive");
    public static readonly ImportRule MalformedLine = new("SRG0202", ImportSeverity.Error, "Wrong number of values on a line");
    public static readonly ImportRule MalformedNumber = new("SRG0203", ImportSeverity.Error, "Malformed number or bit range");
    public static readonly ImportRule BitsOverlap = new("SRG0204", ImportSeverity.Error, "Bits described twice");
    public static readonly ImportRule BitsGap = new("SRG0205", ImportSeverity.Error, "Bits not described");
    public static readonly ImportRule UnknownLayout = new("SRG0206", ImportSeverity.Error, "Fields names a layout defined nowhere");
    public static readonly ImportRule DuplicateRegister = new("SRG0207", ImportSeverity.Error, "Register defined twice");
    public static readonly ImportRule DuplicateEncoding = new("SRG0208", ImportSeverity.Error, "Encoding used twice");
    public static readonly ImportRule DuplicateLayout = new("SRG0209", ImportSeverity.Error, "SysregFields defined twice");
    public static readonly ImportRule InvalidName = new("SRG0210", ImportSeverity.Error, "Invalid name");
    public static readonly ImportRule DuplicateEnumValue = new("SRG0211", ImportSeverity.Warning, "Enum value named twice");
    public static readonly ImportRule DuplicateEnumName = new("SRG0212", ImportSeverity.Warning, "Enum name used twice");
    public static readonly ImportRule BadEnumValue = new("SRG0213", ImportSeverity.Warning, "Malformed enum value");
    public static readonly ImportRule Unterminated = new("SRG0214", ImportSeverity.Warning, "Unterminated block");
    public static readonly ImportRule OutOfPlace = new("SRG0215", ImportSeverity.Warning, "Directive outside its block");
    public static readonly ImportRule Renamed = new("SRG0216", ImportSeverity.Warning, "Name changed for C#");
    public static readonly ImportRule MappingWithFields = new("SRG0217", ImportSeverity.Warning, "Mapping register also describes fields");
    public static readonly ImportRule UnknownMapping = new("SRG0218", ImportSeverity.Error, "Mapping names a register defined nowhere");
    public static readonly ImportRule UnsupportedPrefix = new("SRG0219", ImportSeverity.Warning, "Prefix block not imported");
    public static readonly ImportRule FieldsMixed = new("SRG0220", ImportSeverity.Warning, "Fields mixed with other bit descriptions");

    /// <summary>All rules, in id order, for the documentation test.</summary>
    public static IReadOnlyList<ImportRule> All { get; } =
    [
        UnknownDirective, MalformedLine, MalformedNumber, BitsOverlap, BitsGap, UnknownLayout, DuplicateRegister,
        DuplicateEncoding, DuplicateLayout, InvalidName, DuplicateEnumValue, DuplicateEnumName, BadEnumValue,
        Unterminated, OutOfPlace, Renamed, MappingWithFields, UnknownMapping, UnsupportedPrefix, FieldsMixed,
    ];
}

/// <summary>A finding at a line and column (1-based) of the imported file.</summary>
internal sealed record ImportDiagnostic(ImportRule Rule, int Line, int Column, string Message)
{
    public bool IsError => Rule.Severity == ImportSeverity.Error;

    /// <summary>The compiler's form, as <c>sysreg lint</c> prints it: <c>FILE(line,col): warning SRGnnnn: message</c>.</summary>
    public string Format(string file) =>
        string.Create(CultureInfo.InvariantCulture, $"{file}({Line},{Column}): {(IsError ? "error" : "warning")} {Rule.Id}: {Message}");
}
