using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SysregGen.Specs.Model;

namespace SysregGen.Cli.Import;

/// <summary>
/// The C# names an import needs, checked against the generator's own naming (SysregGen.Specs'
/// <see cref="Names"/>), so that what the importer writes generates without a naming error.
/// </summary>
internal static partial class ImportNaming
{
    /// <summary>Types every generated model declares; no register or layout may take one.</summary>
    private static readonly HashSet<string> s_modelTypes = new(StringComparer.Ordinal)
    {
        "Sysreg", "SysregAccessor", "SysregEncodings", "SysregDispatcher", "SysregCatalog", "SysregFeatures", "TrapDecisions", "TrapControls",
    };

    [GeneratedRegex("^[A-Za-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex("_EL([0-9]+|x)$", RegexOptions.CultureInvariant)]
    private static partial Regex LayoutSuffix();

    /// <summary>
    /// An enum value name as C# can declare it: as written when it is an identifier, else with a
    /// leading '_' (Linux writes values such as <c>52_BIT</c>); null when even that is no identifier.
    /// </summary>
    public static string? EnumMember(string linuxName)
    {
        if (Names.IsValidIdentifier(linuxName))
        {
            return linuxName;
        }

        return Word().IsMatch(linuxName) && Names.IsValidIdentifier("_" + linuxName) ? "_" + linuxName : null;
    }

    /// <summary>
    /// Gives each register a distinct type name. The default (the name without its _ELn suffix, in
    /// PascalCase) is kept where it is unique; registers that share one (SCTLR_EL1, SCTLR_EL2,
    /// SCTLR_EL12) all take their whole name in PascalCase (SctlrEl1, SctlrEl2, SctlrEl12), so that
    /// none of them looks like "the" SCTLR. A clash that remains gets a number.
    /// Layouts always carry their type name: PascalCase of the name without _ELx/_ELn, plus "Fields".
    /// </summary>
    public static void AssignTypeNames(IReadOnlyList<ImportedRegister> registers, IReadOnlyList<ImportedLayout> layouts)
    {
        var taken = new HashSet<string>(s_modelTypes, StringComparer.Ordinal);
        var defaults = registers.GroupBy(r => Names.DefaultTypeName(r.Name), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (ImportedRegister r in registers)
        {
            string preferred = Names.DefaultTypeName(r.Name);
            string candidate = defaults[preferred] > 1 || taken.Contains(preferred) ? Names.PascalCase(r.Name) : preferred;
            r.TypeName = Unique(candidate, taken);
        }

        foreach (ImportedLayout l in layouts)
        {
            string baseName = Names.PascalCase(LayoutSuffix().Replace(l.Name, "").ToUpperInvariant()) + "Fields";
            if (taken.Contains(baseName))
            {
                baseName = Names.PascalCase(l.Name.ToUpperInvariant()) + "Fields";
            }

            l.TypeName = Unique(baseName, taken);
        }
    }

    /// <summary>
    /// Makes the fields of one layout distinct for the spec format: architecture names are upper
    /// case (Linux writes <c>nTR</c>, <c>STREn</c>), and each property (PascalCase unless set) must not
    /// clash with the struct's own members, its type name or another field's members.
    /// </summary>
    public static void NameFields(LayoutBody body, string owner, string typeName, List<ImportDiagnostic> diagnostics)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var members = new HashSet<string>(StringComparer.Ordinal);
        foreach (ImportedField f in body.Fields)
        {
            string name = f.Name;
            for (int n = 2; !names.Add(name); n++)
            {
                name = $"{f.Name}_{n}";
            }

            if (name != f.Name)
            {
                diagnostics.Add(new ImportDiagnostic(ImportDiagnostics.Renamed, f.At.Line, f.At.Column,
                    $"Field '{f.LinuxName}' of {owner} is '{f.Name}' in upper case, as the spec format writes names, and an earlier field has that name; it is imported as '{name}'"));
                f.Name = name;
            }

            string preferred = Names.DefaultPropertyName(f.Name);
            string property = preferred;
            for (int n = 1; Clashes(property, typeName, members); n++)
            {
                property = preferred + "Field" + (n == 1 ? "" : n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (property != preferred)
            {
                diagnostics.Add(new ImportDiagnostic(ImportDiagnostics.Renamed, f.At.Line, f.At.Column,
                    $"Field '{f.LinuxName}' of {owner} would generate property '{preferred}', which clashes with another generated member; it is imported with \"propertyName\": \"{property}\""));
                f.PropertyName = property;
            }

            foreach (string m in Names.FieldMembers(property))
            {
                members.Add(m);
            }
        }
    }

    private static bool Clashes(string property, string typeName, HashSet<string> members) =>
        !Names.IsValidIdentifier(property) || Names.IsRegisterMember(property) || property == typeName ||
        Names.FieldMembers(property).Any(members.Contains);

    private static string Unique(string candidate, HashSet<string> taken)
    {
        string name = candidate;
        for (int n = 2; !taken.Add(name); n++)
        {
            name = candidate + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }
}
