namespace SysregGen.Cli;

/// <summary>The one exit-code convention of every <c>sysreg</c> command, printed in <c>--help</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Everything matched, or the specs are clean.</summary>
    public const int Ok = 0;

    /// <summary>Findings: replay mismatches, or spec errors.</summary>
    public const int Findings = 1;

    /// <summary>Bad input or usage: an unknown option, a value out of range, a missing or malformed file, nothing to do.</summary>
    public const int BadInput = 2;

    /// <summary>The convention, for the help text.</summary>
    public const string Help = "Exit codes: 0 success; 1 mismatches or spec errors; 2 bad input or usage.";
}
