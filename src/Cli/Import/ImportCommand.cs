using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace SysregGen.Cli.Import;

/// <summary>
/// <c>sysreg import linux-sysreg FILE -o DIR</c>: writes DIR/NAME.json per register and
/// DIR/layouts/NAME.json per shared layout, and prints each finding as a compiler would.
/// </summary>
internal static class ImportCommand
{
    public const string Help =
        "Convert Linux's arch/arm64/tools/sysreg into specs: DIR/<NAME>.json per Sysreg, DIR/layouts/<NAME>.json per " +
        "SysregFields; access, lowest EL and descriptions are derived as docs/import.md says. Findings print as " +
        "FILE(line,col): warning|error SRG02nn: message; a block with an error is left out and the rest is written. " +
        "Re-importing a file gives byte-identical output. " +
        "Exit codes: 0 imported (warnings allowed); 1 blocks with errors were left out; 2 bad input or usage.";

    public static int Run(string file, string outputDirectory, TextWriter output, TextWriter error)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"sysreg import: cannot read {file}: {ex.Message}");
            return ExitCodes.BadInput;
        }

        var clock = Stopwatch.StartNew();
        ImportResult result = LinuxSysregImporter.Import(text, Path.GetFileName(file));
        foreach (ImportDiagnostic d in result.Diagnostics)
        {
            output.WriteLine(d.Format(file));
        }

        try
        {
            Write(result.Files, outputDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"sysreg import: cannot write to {outputDirectory}: {ex.Message}");
            return ExitCodes.BadInput;
        }

        output.WriteLine($"import: {result.Registers} register(s) and {result.Layouts} shared layout(s) written to {outputDirectory}; " +
                         $"{result.Errors} error(s), {result.Warnings} warning(s) ({clock.ElapsedMilliseconds} ms)");
        return result.Errors == 0 ? ExitCodes.Ok : ExitCodes.Findings;
    }

    /// <summary>Writes every file as UTF-8 without a BOM; files of earlier imports are overwritten, others left alone.</summary>
    internal static void Write(IReadOnlyDictionary<string, string> files, string outputDirectory)
    {
        var utf8 = new UTF8Encoding(false);
        foreach ((string relative, string content) in files)
        {
            string path = Path.Combine(outputDirectory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content, utf8);
        }
    }
}
