using System;
using System.CommandLine;
using System.IO;
using SysregGen.Cli.Demo;
using SysregGen.Cli.Import;
using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Replay;

namespace SysregGen.Cli;

/// <summary>The <c>sysreg</c> command line.</summary>
internal static class Program
{
    private static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>
    /// Parses and runs a command line. A parse error (an unknown option, a value out of range) prints
    /// the problem and a pointer to <c>--help</c>, not the whole help, and exits 2 like every other
    /// kind of bad input.
    /// </summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ParseResult parse = BuildCommand(output, error).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError e in parse.Errors)
            {
                error.WriteLine($"sysreg: {e.Message}");
            }

            error.WriteLine("Run 'sysreg --help' or 'sysreg COMMAND --help' for the options.");
            return ExitCodes.BadInput;
        }

        return parse.Invoke();
    }

    internal static RootCommand BuildCommand(TextWriter output, TextWriter? error = null)
    {
        error ??= Console.Error;
        var vcpus = CliOptions.Number("--vcpus", "Number of vCPUs", 1, DemoSettings.MaxVcpus, 3);
        var duration = CliOptions.Number("--duration-ms", "Simulated time to run, in milliseconds", 0.001, DemoSettings.MaxDurationMs, 12.0);
        var frequency = CliOptions.Number("--frequency", "Counter frequency (CNTFRQ) in Hz", DemoSettings.MinFrequency, DemoSettings.MaxFrequency, 62_500_000UL);
        var host = CliOptions.Host("The host the hypervisor model runs as: nvhe traps the EL1 physical timer (the seed series' case), vhe lets it run directly unless a physical offset must be emulated, vhe-ecv applies that offset in hardware with CNTPOFF_EL2 (default nvhe).");
        var quiet = new Option<bool>("--summary-only") { Description = "Print only the summary." };
        var nestedGuests = new Option<bool>("--nested") { Description = "Run each guest at EL1 under a guest hypervisor at virtual EL2 (nested virtualisation)." };
        var physicalOffset = CliOptions.Number("--physical-offset", "The VM's physical counter offset in cycles, as a migration leaves it", 0UL, ulong.MaxValue, 0UL);
        var compare = new Option<bool>("--compare") { Description = "Run the guests on every host mode, with and without a physical offset, and print the host's traps side by side." };
        var migrateAt = CliOptions.Number("--migrate-at", "Live-migrate the VM at this guest time, in milliseconds, to a host whose counter has another origin", 0.001, DemoSettings.MaxDurationMs, 0.0);
        var downtime = CliOptions.Number("--downtime", "With --migrate-at: the time between capture and restore, in milliseconds", 0.0, DemoSettings.MaxDurationMs, 0.0);
        var threads = CliOptions.Number("--threads", "Threads to simulate the vCPUs on, each running a shard of them through the same windows of guest time; the output is the same as with one", 1, DemoSettings.MaxThreads, 1);
        var policy = CliOptions.Choice("--policy", "With --migrate-at: pause keeps the guests' counters where they stopped; advance moves them on by the downtime", "pause", "pause", "advance");

        var demo = new Command("demo", "Run a deterministic simulated VM whose tickless guests use the EL1 physical and virtual timers, and print its timeline. " + ExitCodes.Help);
        foreach (Option option in new Option[] { vcpus, duration, frequency, host, quiet, nestedGuests, physicalOffset, compare, migrateAt, downtime, policy, threads })
        {
            demo.Options.Add(option);
        }

        int RunDemo(ParseResult parse)
        {
            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
            DemoMigration? migration = Given(migrateAt)
                ? new DemoMigration(parse.GetValue(migrateAt), parse.GetValue(downtime), parse.GetValue(policy) == "advance" ? DowntimePolicy.AdvanceByDowntime : DowntimePolicy.PauseGuestTime)
                : null;
            var settings = new DemoSettings(
                parse.GetValue(vcpus), parse.GetValue(duration), parse.GetValue(frequency), parse.GetValue(host) ?? HostMode.NonVhe,
                parse.GetValue(quiet), parse.GetValue(nestedGuests), parse.GetValue(physicalOffset), migration, parse.GetValue(threads));
            string? problem = settings.Validate()
                ?? (migration is null && (Given(downtime) || Given(policy)) ? "--downtime and --policy go with --migrate-at" : null)
                ?? (migration is not null && parse.GetValue(compare) ? "--compare runs no migration; drop --migrate-at or --compare" : null);
            if (problem is not null)
            {
                error.WriteLine("sysreg demo: " + problem);
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(compare))
            {
                DemoComparison.Run(settings, output);
                return ExitCodes.Ok;
            }

            using TerminalProgress progress = settings.SummaryOnly ? TerminalProgress.ForConsole() : TerminalProgress.To(null);
            DemoSimulation.Run(settings, output, progress);
            return ExitCodes.Ok;
        }

        demo.SetAction(RunDemo);

        var files = new Argument<string[]>("FILE") { Description = "Trace files (JSON Lines, docs/trace-format.md), or folders searched for *.jsonl.", Arity = ArgumentArity.OneOrMore };
        var replayHost = CliOptions.Host("The real host under the hypervisor under test: nvhe, vhe or vhe-ecv. It applies where a guest hypervisor's EL2 registers are in play (el 2, host EL0, --nested; default vhe there); elsewhere the config implies it and a contradicting value skips the case.");
        var nested = new Option<bool>("--nested") { Description = "Run every el 0/1 case under a guest hypervisor at virtual EL2 (nested virtualisation), with non-zero VM offsets the guest must not see." };
        var replay = new Command("replay", "Replay timer traces against the runtime and print every mismatch. " + ExitCodes.Help);
        replay.Arguments.Add(files);
        replay.Options.Add(replayHost);
        replay.Options.Add(nested);
        replay.SetAction(parse => ReplayCommand.Run(
            parse.GetValue(files)!,
            new ReplayOptions { Host = parse.GetValue(replayHost), Nested = parse.GetValue(nested) },
            output,
            error,
            TerminalProgress.ForConsole()));

        var specPaths = new Argument<string[]>("PATH") { Description = "Spec files, or folders searched for *.json specs.", Arity = ArgumentArity.OneOrMore };
        var lint = new Command("lint", "Check register specs with the generator's own parser and validator; print file(line,col): error SRGnnnn: message. " + ExitCodes.Help);
        lint.Arguments.Add(specPaths);
        lint.SetAction(parse => LintCommand.Run(parse.GetValue(specPaths)!, output, error));

        var format = CliOptions.Choice("--format", "The output format", "markdown", "markdown", "json");
        var tableSpecs = new Option<string[]>("--specs")
        {
            Description = "Spec files or folders (searched recursively for *.json) to describe instead of the built-in specs; may be given more than once.",
            HelpName = "PATH",
            AllowMultipleArgumentsPerToken = true,
        };
        var table = new Command("table", "Print the registers, encodings, layouts, trap rules and the dispatch table of the built-in specs, or of --specs. " + ExitCodes.Help);
        table.Options.Add(format);
        table.Options.Add(tableSpecs);
        table.SetAction(parse => parse.GetValue(tableSpecs) is { Length: > 0 } given
            ? TableCommand.Run(parse.GetValue(format)!, given, output, error)
            : TableCommand.Run(parse.GetValue(format)!, output));

        var importFile = new Argument<string>("FILE") { Description = "Linux's arch/arm64/tools/sysreg (any tree, any version)." };
        var importOutput = new Option<string>("--output", "-o") { Description = "The folder to write the specs to (created if missing; files of the same names are overwritten).", HelpName = "DIR", Required = true };
        var linuxSysreg = new Command("linux-sysreg", ImportCommand.Help);
        linuxSysreg.Arguments.Add(importFile);
        linuxSysreg.Options.Add(importOutput);
        linuxSysreg.SetAction(parse => ImportCommand.Run(parse.GetValue(importFile)!, parse.GetValue(importOutput)!, output, error));
        var import = new Command("import", "Convert another register description into specs. Formats: linux-sysreg (the Linux kernel's arch/arm64/tools/sysreg). " + ExitCodes.Help);
        import.Subcommands.Add(linuxSysreg);

        var root = new RootCommand("SysregGen: ARM system registers from specs, and KVM-style generic-timer emulation.\nWith no command, runs the demo.\n" + ExitCodes.Help);
        root.Subcommands.Add(demo);
        root.Subcommands.Add(replay);
        root.Subcommands.Add(lint);
        root.Subcommands.Add(table);
        root.Subcommands.Add(import);
        foreach (Option option in demo.Options)
        {
            root.Options.Add(option);
        }

        root.SetAction(RunDemo);
        return root;
    }
}
