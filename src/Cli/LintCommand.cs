using System.Collections.Generic;
using System.IO;
using SysregGen.Specs;
using SysregGen.Specs.Model;

namespace SysregGen.Cli;

/// <summary>
/// <c>sysreg lint PATH...</c>: checks spec files with the rules the generator applies (the
/// SysregGen.Specs library: each spec on its own, then the cross-spec checks), and prints each
/// problem as a compiler would: <c>file(line,col): error SRGnnnn: message</c>.
/// </summary>
internal static class LintCommand
{
    public const int Clean = 0;
    public const int Errors = 1;
    public const int Usage = 2;

    public static int Run(IReadOnlyList<string> paths, TextWriter output, TextWriter error)
    {
        SpecSet specs;
        try
        {
            specs = SpecSet.Load(paths);
        }
        catch (FileNotFoundException ex)
        {
            error.WriteLine($"sysreg lint: no such file or directory: {ex.FileName}");
            return Usage;
        }

        foreach (DiagnosticInfo d in specs.Diagnostics)
        {
            output.WriteLine(d.ToString());
        }

        output.WriteLine($"lint: {specs.Files.Count} spec(s), {specs.Tables.Registers.Count} valid, {specs.Diagnostics.Count} error(s)");
        return specs.Diagnostics.Count == 0 ? Clean : Errors;
    }
}
