using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SysregGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. Ids are stable: a rule keeps its id forever and a retired
/// id is never reused (docs/diagnostics.md lists them with examples).
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "SysregGen.Spec";
    private const string HelpLink = "https://github.com/sysreggen/sysreggen/blob/main/docs/diagnostics.md";

    public static readonly DiagnosticDescriptor InvalidJson = Error(
        "SRG0001", "Spec is not valid JSON", "The spec is not valid JSON: {0}");

    public static readonly DiagnosticDescriptor UnknownProperty = Error(
        "SRG0002", "Unknown property", "Unknown property '{0}' in {1}; expected one of: {2}");

    public static readonly DiagnosticDescriptor MissingProperty = Error(
        "SRG0003", "Missing required property", "{0} is missing the required property '{1}'");

    public static readonly DiagnosticDescriptor WrongType = Error(
        "SRG0004", "Property has the wrong type", "'{0}' must be {1}, not {2}");

    public static readonly DiagnosticDescriptor ValueOutOfRange = Error(
        "SRG0005", "Value out of range", "'{0}' is {1}; it must be {2}");

    public static readonly DiagnosticDescriptor BitGap = Error(
        "SRG0006", "Bits not described", "Layout '{0}' of {1} does not describe bit(s) {2}; cover them with a field, \"res0\" or \"res1\"");

    public static readonly DiagnosticDescriptor BitOverlap = Error(
        "SRG0007", "Bits described twice", "In layout '{0}' of {1}, {2} overlaps {3} at bit(s) {4}");

    public static readonly DiagnosticDescriptor FieldOutsideWidth = Error(
        "SRG0008", "Bits outside the register", "{0} uses bit {1}, but {2} is {3} bits wide");

    public static readonly DiagnosticDescriptor InvalidBitRange = Error(
        "SRG0009", "Invalid bit range", "'{0}' is not a bit range; write \"msb:lsb\" with msb >= lsb, or one bit number");

    public static readonly DiagnosticDescriptor DuplicateRegisterName = Error(
        "SRG0010", "Register name used twice", "The name '{0}' is already used by {1}");

    public static readonly DiagnosticDescriptor DuplicateEncoding = Error(
        "SRG0011", "Encoding used twice", "{0} encoding {1} of '{2}' is already used by '{3}' ({4})");

    public static readonly DiagnosticDescriptor DuplicateFieldName = Error(
        "SRG0012", "Field name used twice", "Field '{0}' appears twice in layout '{1}' of {2}");

    public static readonly DiagnosticDescriptor UnknownTrapRegister = Error(
        "SRG0013", "Trap rule names an unknown register", "Trap rule control '{0}' names register '{1}', which no spec defines");

    public static readonly DiagnosticDescriptor UnknownTrapField = Error(
        "SRG0014", "Trap rule names an unknown field", "Trap rule control '{0}': register '{1}' has no field '{2}' in a layout compatible with {3}");

    public static readonly DiagnosticDescriptor InvalidIdentifier = Error(
        "SRG0015", "Not a valid C# identifier", "'{0}' ({1}) is not a valid C# identifier");

    public static readonly DiagnosticDescriptor ResetTooWide = Error(
        "SRG0016", "Reset value does not fit", "Reset value {0} of field '{1}' does not fit in its {2} bit(s)");

    public static readonly DiagnosticDescriptor EnumValueTooWide = Error(
        "SRG0017", "Enum value does not fit", "Enum value '{0}' = {1} of field '{2}' does not fit in its {3} bit(s)");

    public static readonly DiagnosticDescriptor DuplicateEnumValue = Error(
        "SRG0018", "Enum value used twice", "Enum values '{0}' and '{1}' of field '{2}' are both {3}");

    public static readonly DiagnosticDescriptor LayoutConditions = Error(
        "SRG0019", "Layouts need distinct conditions", "{0}");

    public static readonly DiagnosticDescriptor UnknownRedirectTarget = Error(
        "SRG0020", "Redirect to an unknown register", "Redirect target '{0}' of '{1}' is not a register any spec defines");

    public static readonly DiagnosticDescriptor DuplicateTimerMeaning = Error(
        "SRG0021", "Timer meaning used twice", "'{0}' and '{1}' both claim timer {2}, register {3}; each timer register has one spec (use aliases for other encodings)");

    public static readonly DiagnosticDescriptor DuplicateTypeName = Error(
        "SRG0022", "Generated type name used twice", "'{0}' would generate type '{1}', which '{2}' already generates; set \"typeName\"");

    public static readonly DiagnosticDescriptor AmbiguousTrapField = Error(
        "SRG0023", "Trap rule control is ambiguous", "Trap rule control '{0}' sits at different bits in layouts {1} of '{2}'; narrow the rule's \"when\" to one layout");

    public static readonly DiagnosticDescriptor DuplicateProperty = Error(
        "SRG0024", "Property given twice", "Property '{0}' appears more than once in the same object");

    public static readonly DiagnosticDescriptor LayoutResetMismatch = Error(
        "SRG0025", "Layouts disagree on the reset value", "Layouts of {0} give different reset values ({1} in '{2}', {3} in '{4}'); the register has one storage and one reset value");

    public static readonly DiagnosticDescriptor InvalidTrapTarget = Error(
        "SRG0026", "Trap goes nowhere", "A trap rule for accesses at EL{0} must trap to a higher EL, not EL{1}");

    public static readonly DiagnosticDescriptor InvalidAArch32View = Error(
        "SRG0027", "Invalid AArch32 view", "{0}");

    public static readonly DiagnosticDescriptor TrapValueTooWide = Error(
        "SRG0028", "Trap control value does not fit", "Trap rule control '{0}' compares with {1}, which does not fit in the field's {2} bit(s)");

    public static readonly DiagnosticDescriptor SignedEnumField = Error(
        "SRG0029", "Field is both signed and enumerated", "Field '{0}' cannot be both \"signed\" and an \"enum\"");

    public static readonly DiagnosticDescriptor InvalidName = Error(
        "SRG0030", "Invalid architecture name", "'{0}' is not a valid {1} name: {2}");

    public static readonly DiagnosticDescriptor InvalidNumber = Error(
        "SRG0031", "Invalid number", "'{0}' is not a number SysregGen reads: use a JSON integer, \"0x…\" hex or \"0b…\" binary that fits in 64 bits");

    public static readonly DiagnosticDescriptor InvalidAlias = Error(
        "SRG0032", "Invalid alias", "{0}");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "SRG9999", "Internal generator error", "SysregGen failed while processing this spec; please report it: {0}");

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = Index(
        InvalidJson, UnknownProperty, MissingProperty, WrongType, ValueOutOfRange, BitGap, BitOverlap,
        FieldOutsideWidth, InvalidBitRange, DuplicateRegisterName, DuplicateEncoding, DuplicateFieldName,
        UnknownTrapRegister, UnknownTrapField, InvalidIdentifier, ResetTooWide, EnumValueTooWide,
        DuplicateEnumValue, LayoutConditions, UnknownRedirectTarget, DuplicateTimerMeaning, DuplicateTypeName,
        AmbiguousTrapField, DuplicateProperty, LayoutResetMismatch, InvalidTrapTarget, InvalidAArch32View,
        TrapValueTooWide, SignedEnumField, InvalidName, InvalidNumber, InvalidAlias, InternalError);

    public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values;

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    public static string MessageFormatOf(string id) => s_byId[id].MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + "#" + id.ToLowerInvariant());

    private static Dictionary<string, DiagnosticDescriptor> Index(params DiagnosticDescriptor[] descriptors)
    {
        var map = new Dictionary<string, DiagnosticDescriptor>();
        foreach (DiagnosticDescriptor d in descriptors)
        {
            map.Add(d.Id, d);
        }

        return map;
    }
}
