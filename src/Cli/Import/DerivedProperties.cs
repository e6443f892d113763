using System.Text.RegularExpressions;

namespace SysregGen.Cli.Import;

/// <summary>
/// The properties a spec requires that Linux's file does not give, derived by the conservative
/// rules docs/import.md states: the lowest EL from the name's suffix (else from op1), read-only for
/// the identification space, read-write otherwise.
/// </summary>
internal static partial class DerivedProperties
{
    [GeneratedRegex("_EL([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ElSuffix();

    /// <summary>
    /// _EL0..._EL3 give 0..3; _EL12 and _EL02 (the VHE encodings, usable from EL2 with E2H set) give 2.
    /// Without a suffix, op1 says which EL the encoding belongs to (the architecture's encoding
    /// scheme): 3 is EL0, 4 and 5 are EL2, 6 is EL3, and the rest EL1.
    /// </summary>
    public static int MinEl(string name, SysregEncoding encoding)
    {
        Match m = ElSuffix().Match(name);
        if (m.Success)
        {
            switch (m.Groups[1].Value)
            {
                case "0": return 0;
                case "1": return 1;
                case "2": return 2;
                case "3": return 3;
                case "12": return 2;
                case "02": return 2;
            }
        }

        return encoding.Op1 switch
        {
            3 => 0,
            4 or 5 => 2,
            6 => 3,
            _ => 1,
        };
    }

    /// <summary>
    /// RO for op0 = 3, CRn = 0 with op1 0, 1 or 3: the ID registers (MIDR_EL1, ID_AA64*), the cache
    /// ID registers (CCSIDR_EL1, CLIDR_EL1, AIDR_EL1) and CTR_EL0/DCZID_EL0, none of which any
    /// instruction writes. op1 2 and 4 are left out on purpose: CSSELR_EL1 and VPIDR_EL2 are
    /// writable. Everything else is RW, which over-allows but never refuses a real access.
    /// </summary>
    public static string Access(SysregEncoding e) =>
        e.Op0 == 3 && e.CRn == 0 && e.Op1 is 0 or 1 or 3 ? "RO" : "RW";
}
