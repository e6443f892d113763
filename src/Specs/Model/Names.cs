using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SysregGen.Specs.Model;

/// <summary>
/// Every C# name derived from an architecture name, in one place: what the readers default to, what
/// the validators check for clashes and what the generated code declares all come from here.
/// </summary>
public static class Names
{
    private static readonly Regex s_elSuffix = new("_EL[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex s_layoutElSuffix = new("_EL[0-9xn]$", RegexOptions.CultureInvariant);
    private static readonly char[] s_underscore = { '_' };

    /// <summary>
    /// C#'s reserved and contextual keywords, and the discard (what Roslyn 4.14 calls keywords; a test
    /// keeps the list in step with the compiler the tests reference). A generated name must be none
    /// of them, since generated code never writes an <c>@</c> prefix.
    /// </summary>
    private static readonly HashSet<string> s_keywords = new(StringComparer.Ordinal)
    {
        "_", "__arglist", "__makeref", "__reftype", "__refvalue", "abstract", "add", "alias", "allows", "and", "as",
        "ascending", "assembly", "async", "await", "base", "bool", "break", "by", "byte", "case", "catch", "char",
        "checked", "class", "const", "continue", "decimal", "default", "delegate", "descending", "do", "double",
        "else", "enum", "equals", "event", "explicit", "extension", "extern", "false", "field", "file", "finally",
        "fixed", "float", "for", "foreach", "from", "get", "global", "goto", "group", "if", "implicit", "in",
        "init", "int", "interface", "internal", "into", "is", "join", "let", "lock", "long", "managed", "method",
        "module", "nameof", "namespace", "new", "not", "null", "object", "on", "operator", "or", "orderby", "out",
        "override", "param", "params", "partial", "private", "property", "protected", "public", "readonly",
        "record", "ref", "remove", "required", "return", "sbyte", "scoped", "sealed", "select", "set", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "type",
        "typeof", "typevar", "uint", "ulong", "unchecked", "unmanaged", "unsafe", "ushort", "using", "var", "virtual",
        "void", "volatile", "when", "where", "while", "with", "yield",
    };

    /// <summary>
    /// The members every generated register struct declares; a field's property must not take one.
    /// </summary>
    private static readonly HashSet<string> s_registerMembers = new(StringComparer.Ordinal)
    {
        "Raw", "Name", "Width", "Id", "ResetValue", "Res0Mask", "Res1Mask", "WritableMask", "ReadOnlyMask", "Reset",
        "FromRaw", "ApplyWrite", "Res0For", "Equals", "GetHashCode", "ToString", "GetType", "Layout",
    };

    /// <summary>Whether <paramref name="name"/> can be used as-is in generated C#: identifier characters, and no keyword.</summary>
    /// <param name="name">The candidate.</param>
    /// <returns>Whether it is a valid identifier.</returns>
    public static bool IsValidIdentifier(string name)
    {
        if (name.Length == 0 || !IsIdentifierStart(name[0]) || s_keywords.Contains(name))
        {
            return false;
        }

        for (int i = 1; i < name.Length; i++)
        {
            if (!IsIdentifierPart(name[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>UPPER_SNAKE to PascalCase: <c>CNTP_CTL</c> becomes <c>CntpCtl</c>.</summary>
    /// <param name="upperSnake">An architecture name.</param>
    /// <returns>The PascalCase name.</returns>
    public static string PascalCase(string upperSnake)
    {
        var sb = new StringBuilder(upperSnake.Length);
        foreach (string part in upperSnake.Split(s_underscore, StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append(char.ToUpperInvariant(part[0]));
            sb.Append(part.Substring(1).ToLowerInvariant());
        }

        return sb.ToString();
    }

    /// <summary>The value struct of a register unless its spec sets "typeName": <c>CNTP_CTL_EL0</c> gives <c>CntpCtl</c>.</summary>
    /// <param name="registerName">The register's architecture name.</param>
    /// <returns>The type name.</returns>
    public static string DefaultTypeName(string registerName) => PascalCase(s_elSuffix.Replace(registerName, ""));

    /// <summary>
    /// The type of a shared layout unless its file sets "typeName": the name without a trailing
    /// <c>_ELx</c>/<c>_ELn</c>/<c>_EL1</c>, in PascalCase, plus "Fields" (<c>CPACR_ELx</c> gives
    /// <c>CpacrFields</c>), so that it never takes a register's default type name.
    /// </summary>
    /// <param name="layoutName">The layout's name.</param>
    /// <returns>The type name.</returns>
    public static string DefaultLayoutTypeName(string layoutName) => PascalCase(s_layoutElSuffix.Replace(layoutName, "")) + "Fields";

    /// <summary>The property of a field unless its spec sets "propertyName": <c>ISTATUS</c> gives <c>Istatus</c>.</summary>
    /// <param name="fieldName">The field's architecture name.</param>
    /// <returns>The property name.</returns>
    public static string DefaultPropertyName(string fieldName) => PascalCase(fieldName);

    /// <summary>The <c>SysregAccessor</c> member of an encoding: AArch64 names in PascalCase, AArch32 names prefixed "A32".</summary>
    /// <param name="archName">The encoding's architecture name.</param>
    /// <param name="isAArch32">Whether it is an AArch32 view.</param>
    /// <returns>The member name.</returns>
    public static string AccessorMemberName(string archName, bool isAArch32) =>
        (isAArch32 ? "A32" : "") + PascalCase(archName);

    /// <summary>The <c>SysregFeatures</c> member of a feature: <c>FEAT_ECV</c> gives <c>Ecv</c>.</summary>
    /// <param name="feature">A <c>FEAT_</c> name.</param>
    /// <returns>The member name.</returns>
    public static string FeatureMemberName(string feature) =>
        PascalCase(feature.Substring("FEAT_".Length).ToUpperInvariant());

    /// <summary>Whether a register struct already declares <paramref name="member"/> whatever its fields.</summary>
    /// <param name="member">A member name.</param>
    /// <returns>Whether the name is taken.</returns>
    public static bool IsRegisterMember(string member) => s_registerMembers.Contains(member);

    /// <summary>The members the generated struct declares for a field whose property is <paramref name="property"/>.</summary>
    /// <param name="property">The field's property name.</param>
    /// <returns>The property, its <c>With</c> method and its <c>Shift</c>, <c>Mask</c>, <c>Width</c> and <c>Value</c> members.</returns>
    public static IReadOnlyList<string> FieldMembers(string property) =>
        new[] { property, "With" + property, property + "Shift", property + "Mask", property + "Width", property + "Value" };

    private static bool IsIdentifierStart(char c) =>
        c == '_' || CharUnicodeInfo.GetUnicodeCategory(c) is
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
            UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber;

    private static bool IsIdentifierPart(char c) =>
        IsIdentifierStart(c) || CharUnicodeInfo.GetUnicodeCategory(c) is
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.NonSpacingMark or
            UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format;
}
