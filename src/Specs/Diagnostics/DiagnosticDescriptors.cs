namespace SysregGen.Specs.Diagnostics;

/// <summary>
/// Every diagnostic SysregGen reports (those a spec can get, and a few about the project the
/// generator runs in), as plain data: id, title, message format and severity. Ids are
/// stable: a rule keeps its id forever and a retired id is never reused (docs/diagnostics.md lists
/// them with examples). The source generator turns each into a Roslyn descriptor once; everything
/// else reports through these objects.
/// </summary>
public static class DiagnosticDescriptors
{
    /// <summary>SRG0001: Spec is not valid JSON.</summary>
    public static readonly SpecDiagnosticDescriptor InvalidJson = Error(
        "SRG0001", "Spec is not valid JSON", "The spec is not valid JSON: {0}");

    /// <summary>SRG0002: Unknown property.</summary>
    public static readonly SpecDiagnosticDescriptor UnknownProperty = Error(
        "SRG0002", "Unknown property", "Unknown property '{0}' (at {1}) in {2}; expected one of: {3}");

    /// <summary>SRG0003: Missing required property.</summary>
    public static readonly SpecDiagnosticDescriptor MissingProperty = Error(
        "SRG0003", "Missing required property", "{0} (at {1}) is missing the required property '{2}'");

    /// <summary>SRG0004: Property has the wrong type.</summary>
    public static readonly SpecDiagnosticDescriptor WrongType = Error(
        "SRG0004", "Property has the wrong type", "'{0}' (at {1}) must be {2}, not {3}");

    /// <summary>SRG0005: Value out of range.</summary>
    public static readonly SpecDiagnosticDescriptor ValueOutOfRange = Error(
        "SRG0005", "Value out of range", "'{0}' (at {1}) is {2}; it must be {3}");

    /// <summary>SRG0006: Bits not described.</summary>
    public static readonly SpecDiagnosticDescriptor BitGap = Error(
        "SRG0006", "Bits not described", "Layout '{0}' of {1} does not describe bit(s) {2}; cover them with a field, \"res0\" or \"res1\"");

    /// <summary>SRG0007: Bits described twice.</summary>
    public static readonly SpecDiagnosticDescriptor BitOverlap = Error(
        "SRG0007", "Bits described twice", "In layout '{0}' of {1}, {2} overlaps {3} at bit(s) {4}");

    /// <summary>SRG0008: Bits outside the register.</summary>
    public static readonly SpecDiagnosticDescriptor FieldOutsideWidth = Error(
        "SRG0008", "Bits outside the register", "{0} uses bit {1}, but {2} is {3} bits wide");

    /// <summary>SRG0009: Invalid bit range.</summary>
    public static readonly SpecDiagnosticDescriptor InvalidBitRange = Error(
        "SRG0009", "Invalid bit range", "'{0}' (at {1}) is not a bit range; write \"msb:lsb\" with msb >= lsb, or one bit number");

    /// <summary>SRG0010: Register name used twice.</summary>
    public static readonly SpecDiagnosticDescriptor DuplicateRegisterName = Error(
        "SRG0010", "Register name used twice", "The name '{0}' is already used by '{1}' in {2}");

    /// <summary>SRG0011: Encoding used twice.</summary>
    public static readonly SpecDiagnosticDescriptor DuplicateEncoding = Error(
        "SRG0011", "Encoding used twice", "{0} encoding {1} of '{2}' is already used by '{3}' ({4}) in {5}");

    /// <summary>SRG0012: Field name used twice.</summary>
    public static readonly SpecDiagnosticDescriptor DuplicateFieldName = Error(
        "SRG0012", "Field name used twice", "Field '{0}' appears twice in layout '{1}' of {2}");

    /// <summary>SRG0013: Trap rule names an unknown register.</summary>
    public static readonly SpecDiagnosticDescriptor UnknownTrapRegister = Error(
        "SRG0013", "Trap rule names an unknown register", "Trap rule control '{0}' names register '{1}', which no spec defines");

    /// <summary>SRG0014: Trap rule names an unknown field.</summary>
    public static readonly SpecDiagnosticDescriptor UnknownTrapField = Error(
        "SRG0014", "Trap rule names an unknown field", "Trap rule control '{0}': register '{1}' has no field '{2}' in a layout compatible with {3}");

    /// <summary>SRG0015: Not a valid C# identifier.</summary>
    public static readonly SpecDiagnosticDescriptor InvalidIdentifier = Error(
        "SRG0015", "Not a valid C# identifier", "'{0}' ({1}) is not a valid C# identifier");

    /// <summary>SRG0016: Reset value does not fit.</summary>
    public static readonly SpecDiagnosticDescriptor ResetTooWide = Error(
        "SRG0016", "Reset value does not fit", "Reset value {0} of field '{1}' does not fit in its {2} bit(s)");

    /// <summary>SRG0017: Enum value does not fit.</summary>
    public static readonly SpecDiagnosticDescriptor EnumValueTooWide = Error(
        "SRG0017", "Enum value does not fit", "Enum value '{0}' = {1} of field '{2}' does not fit in its {3} bit(s)");

    /// <summary>SRG0018: Enum value used twice.</summary>
    public static readonly SpecDiagnosticDescriptor DuplicateEnumValue = Error(
        "SRG0018", "Enum value used twice", "Enum values '{0}' and '{1}' of field '{2}' are both {3}");

    /// <summary>SRG0019: Layouts need distinct conditions.</summary>
    public static readonly SpecDiagnosticDescriptor LayoutConditions = Error(
        "SRG0019", "Layouts need distinct conditions", "{0}");

    /// <summary>SRG0020: Redirect to an unknown register.</summary>
    public static readonly SpecDiagnosticDescriptor UnknownRedirectTarget = Error(
        "SRG0020", "Redirect to an unknown register", "Redirect target '{0}' of '{1}' is not a register any spec defines");

    /// <summary>SRG0021: Timer meaning used twice.</summary>
    public static readonly SpecDiagnosticDescriptor DuplicateTimerMeaning = Error(
        "SRG0021", "Timer meaning used twice", "'{0}' claims timer {1}, register {2}, which '{3}' in {4} already claims; each timer register has one spec (use aliases for other encodings)");

    /// <summary>SRG0022: Generated type name used twice.</summary>
    public static readonly SpecDiagnosticDescriptor DuplicateTypeName = Error(
        "SRG0022", "Generated type name used twice", "'{0}' would generate type '{1}', which '{2}' in {3} already generates; set \"typeName\"");

    /// <summary>SRG0023: Trap rule control is ambiguous.</summary>
    public static readonly SpecDiagnosticDescriptor AmbiguousTrapField = Error(
        "SRG0023", "Trap rule control is ambiguous", "Trap rule control '{0}' sits at different bits in layouts {1} of '{2}'; narrow the rule's \"when\" to one layout");

    /// <summary>SRG0024: Property given twice.</summary>
    public static readonly SpecDiagnosticDescriptor DuplicateProperty = Error(
        "SRG0024", "Property given twice", "Property '{0}' (at {1}) appears more than once in the same object");

    /// <summary>SRG0025: Layouts disagree on the reset value.</summary>
    public static readonly SpecDiagnosticDescriptor LayoutResetMismatch = Error(
        "SRG0025", "Layouts disagree on the reset value", "Layouts of {0} give different reset values ({1} in '{2}', {3} in '{4}'); the register has one storage and one reset value");

    /// <summary>SRG0026: Trap goes nowhere.</summary>
    public static readonly SpecDiagnosticDescriptor InvalidTrapTarget = Error(
        "SRG0026", "Trap goes nowhere", "A trap rule for accesses at EL{0} must trap to a higher EL, not EL{1}");

    /// <summary>SRG0027: Invalid AArch32 view.</summary>
    public static readonly SpecDiagnosticDescriptor InvalidAArch32View = Error(
        "SRG0027", "Invalid AArch32 view", "{0}");

    /// <summary>SRG0028: Trap control value does not fit.</summary>
    public static readonly SpecDiagnosticDescriptor TrapValueTooWide = Error(
        "SRG0028", "Trap control value does not fit", "Trap rule control '{0}' compares with {1}, which does not fit in the field's {2} bit(s)");

    /// <summary>SRG0029: Field is both signed and enumerated. Retired: a signed enum is Linux's SignedEnum and allowed; no spec gets it any more.</summary>
    public static readonly SpecDiagnosticDescriptor SignedEnumField = Error(
        "SRG0029", "Field is both signed and enumerated", "Field '{0}' cannot be both \"signed\" and an \"enum\"");

    /// <summary>SRG0030: Invalid architecture name.</summary>
    public static readonly SpecDiagnosticDescriptor InvalidName = Error(
        "SRG0030", "Invalid architecture name", "'{0}' is not a valid {1} name: {2}");

    /// <summary>SRG0031: Invalid number.</summary>
    public static readonly SpecDiagnosticDescriptor InvalidNumber = Error(
        "SRG0031", "Invalid number", "'{0}' (at {1}) is not a number SysregGen reads: use a JSON integer, \"0x…\" hex or \"0b…\" binary that fits in 64 bits");

    /// <summary>SRG0032: Invalid alias.</summary>
    public static readonly SpecDiagnosticDescriptor InvalidAlias = Error(
        "SRG0032", "Invalid alias", "{0}");

    /// <summary>SRG0033: Spec errors reported by another target framework.</summary>
    public static readonly SpecDiagnosticDescriptor ReportedByAnotherFramework = BuildError(
        "SRG0033", "Spec errors reported by another target framework", "{0} SysregGen error(s) of this project are reported by its {1} build only, so that a multi-targeted build prints each once; build {1} (or every target framework) to see them");

    /// <summary>SRG0034: Generated namespace already defined by a reference.</summary>
    public static readonly SpecDiagnosticDescriptor NamespaceTaken = BuildError(
        "SRG0034", "Generated namespace already defined by a reference", "Namespace '{0}' already holds a SysregGen model, from the referenced assembly '{1}', so this project's would clash with it (a CS0436 warning for every type); set <SysregGenNamespace> in your project file to a namespace of your own, such as <SysregGenNamespace>{2}</SysregGenNamespace>. Nothing is generated until then");

    /// <summary>SRG0035: SysregGen.Abstractions is not referenced.</summary>
    public static readonly SpecDiagnosticDescriptor AbstractionsMissing = BuildError(
        "SRG0035", "SysregGen.Abstractions is not referenced", "The code SysregGen generates uses the types of SysregGen.Abstractions, which this project does not reference; add <PackageReference Include=\"SysregGen.Abstractions\" Version=\"{0}\" /> (or a reference to SysregGen.Runtime, which brings it). Nothing is generated until then");

    /// <summary>SRG0036: Unknown shared layout.</summary>
    public static readonly SpecDiagnosticDescriptor UnknownLayout = Error(
        "SRG0036", "Unknown shared layout", "Layout '{0}' used by {1} is not defined by any layout file (a spec with a top-level \"layout\")");

    /// <summary>SRG0037: Unknown trap-rule group.</summary>
    public static readonly SpecDiagnosticDescriptor UnknownTrapGroup = Error(
        "SRG0037", "Unknown trap-rule group", "Trap-rule group '{0}' used by {1} is not defined by any group file (a spec with a top-level \"trapGroup\")");

    /// <summary>SRG0038: Cyclic reference.</summary>
    public static readonly SpecDiagnosticDescriptor CyclicReference = Error(
        "SRG0038", "Cyclic reference", "{0} '{1}' leads back to itself: {2}");

    /// <summary>SRG0039: Layout width differs from the register's.</summary>
    public static readonly SpecDiagnosticDescriptor LayoutWidthMismatch = Error(
        "SRG0039", "Layout width differs from the register's", "{0} '{1}' is {2} bits wide, but {3} is {4} bits wide");

    /// <summary>SRG0040: Layout both inline and shared.</summary>
    public static readonly SpecDiagnosticDescriptor InlineAndUse = Error(
        "SRG0040", "Layout both inline and shared", "A layout entry with \"use\" takes its bits from '{1}', so it cannot also give \"{0}\"");

    /// <summary>SRG0041: Shared definition name used twice.</summary>
    public static readonly SpecDiagnosticDescriptor DuplicateDefinition = Error(
        "SRG0041", "Shared definition name used twice", "The {0} name '{1}' is already defined in {2}");

    /// <summary>SRG0042: Mapping register has layouts of its own.</summary>
    public static readonly SpecDiagnosticDescriptor MappingWithLayouts = Error(
        "SRG0042", "Mapping register has layouts of its own", "{0} is a mapping of '{1}' and takes its layouts, so it cannot give \"layouts\" of its own");

    /// <summary>SRG0043: Feature layouts overlap.</summary>
    public static readonly SpecDiagnosticDescriptor OverlappingFeatureLayouts = Error(
        "SRG0043", "Feature layouts overlap", "Layouts '{0}' and '{1}' of {2} both apply {3}; layouts with the same \"when\" need different \"feature\"s, and at most one of them none");

    /// <summary>SRG0044: Mapping to an unknown register.</summary>
    public static readonly SpecDiagnosticDescriptor UnknownMappingTarget = Error(
        "SRG0044", "Mapping to an unknown register", "Mapping target '{0}' of {1} is not a register any spec defines");

    /// <summary>SRG0045: The dispatch table cannot be built.</summary>
    public static readonly SpecDiagnosticDescriptor DispatchTableUnbuildable = BuildError(
        "SRG0045", "The dispatch table cannot be built", "The generated dispatch table cannot hold these specs: {0}. No table is generated until the specs fit");

    /// <summary>SRG9999: Internal generator error.</summary>
    public static readonly SpecDiagnosticDescriptor InternalError = Error(
        "SRG9999", "Internal generator error", "SysregGen failed while processing this spec; please report it: {0}");

    private static readonly SpecDiagnosticDescriptor[] s_all =
    {
        InvalidJson,
        UnknownProperty,
        MissingProperty,
        WrongType,
        ValueOutOfRange,
        BitGap,
        BitOverlap,
        FieldOutsideWidth,
        InvalidBitRange,
        DuplicateRegisterName,
        DuplicateEncoding,
        DuplicateFieldName,
        UnknownTrapRegister,
        UnknownTrapField,
        InvalidIdentifier,
        ResetTooWide,
        EnumValueTooWide,
        DuplicateEnumValue,
        LayoutConditions,
        UnknownRedirectTarget,
        DuplicateTimerMeaning,
        DuplicateTypeName,
        AmbiguousTrapField,
        DuplicateProperty,
        LayoutResetMismatch,
        InvalidTrapTarget,
        InvalidAArch32View,
        TrapValueTooWide,
        SignedEnumField,
        InvalidName,
        InvalidNumber,
        InvalidAlias,
        ReportedByAnotherFramework,
        NamespaceTaken,
        AbstractionsMissing,
        UnknownLayout,
        UnknownTrapGroup,
        CyclicReference,
        LayoutWidthMismatch,
        InlineAndUse,
        DuplicateDefinition,
        MappingWithLayouts,
        OverlappingFeatureLayouts,
        UnknownMappingTarget,
        DispatchTableUnbuildable,
        InternalError,
    };

    /// <summary>Every descriptor, in id order.</summary>
    public static System.Collections.Generic.IReadOnlyList<SpecDiagnosticDescriptor> All => s_all;

    private static SpecDiagnosticDescriptor Error(string id, string title, string messageFormat) =>
        new(id, title, messageFormat, SpecDiagnosticSeverity.Error);

    private static SpecDiagnosticDescriptor BuildError(string id, string title, string messageFormat) =>
        new(id, title, messageFormat, SpecDiagnosticSeverity.Error, SpecDiagnosticDescriptor.BuildCategory);
}
