using System.Collections.Generic;
using System.IO;
using System.Linq;
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

    /// <param name="paths">Spec files and folders.</param>
    /// <param name="output">Where the diagnostics and the summary go.</param>
    /// <param name="error">Where usage errors go.</param>
    /// <param name="references">Reference specs (files and folders) whose registers trap rules may name, as a
    /// consumer's build gets SysregGen.Runtime's; none by default.</param>
    /// <returns><see cref="Clean"/>, <see cref="Errors"/> or <see cref="Usage"/>.</returns>
    public static int Run(IReadOnlyList<string> paths, TextWriter output, TextWriter error, IReadOnlyList<string>? references = null)
    {
        if (Load("lint", paths, output, error, references) is not { } specs)
        {
            return Usage;
        }

        if (specs.Files.Count == 0)
        {
            // Checking nothing is not a pass: a mistyped folder must not look clean.
            error.WriteLine($"sysreg lint: warning: no spec files (*.json) in {string.Join(", ", paths)}");
            return Usage;
        }

        // Register specs are counted against the valid registers; layout and trap-group files,
        // which generate no register, are counted apart so that "N spec(s), N valid" stays a pass.
        int registers = specs.Specs.Count(s => s.Kind == SpecFileKind.Register);
        int shared = specs.Files.Count - registers;
        string sharedNote = shared == 0 ? "" : $" (and {shared} shared layout/trap-group file(s))";
        output.WriteLine($"lint: {registers} spec(s){sharedNote}, {specs.Tables.Registers.Count} valid, {specs.Diagnostics.Count} error(s)");
        return specs.Diagnostics.Count == 0 ? Clean : Errors;
    }

    /// <summary>
    /// Reads and checks the specs at <paramref name="paths"/> for a command, and writes their
    /// diagnostics to <paramref name="diagnostics"/>; null, with a message on <paramref name="error"/>,
    /// when a path does not exist.
    /// </summary>
    internal static SpecSet? Load(string command, IReadOnlyList<string> paths, TextWriter diagnostics, TextWriter error, IReadOnlyList<string>? references = null)
    {
        SpecSet specs;
        try
        {
            specs = SpecSet.Load(paths, references: references);
        }
        catch (FileNotFoundException ex)
        {
            error.WriteLine($"sysreg {command}: no such file or directory: {ex.FileName}");
            return null;
        }

        foreach (DiagnosticInfo d in specs.Diagnostics)
        {
            diagnostics.WriteLine(d.ToString());
        }

        return specs;
    }
}
