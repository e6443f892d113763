using System;
using System.CommandLine;
using SysregGen.Cli.Demo;
using SysregGen.Runtime.Timers;

namespace SysregGen.Cli;

/// <summary>The <c>sysreg</c> command line.</summary>
internal static class Program
{
    private static int Main(string[] args) => BuildCommand(Console.Out).Parse(args).Invoke();

    internal static RootCommand BuildCommand(System.IO.TextWriter output)
    {
        var vcpus = new Option<int>("--vcpus") { Description = "Number of vCPUs.", DefaultValueFactory = _ => 3 };
        var duration = new Option<double>("--duration-ms") { Description = "Simulated time to run, in milliseconds.", DefaultValueFactory = _ => 12 };
        var frequency = new Option<ulong>("--frequency") { Description = "Counter frequency (CNTFRQ) in Hz.", DefaultValueFactory = _ => 62_500_000 };
        var host = new Option<HostMode?>("--host")
        {
            Description = "The host the hypervisor model runs as: nvhe traps the EL1 physical timer (the seed series' case), vhe lets it run directly unless a physical offset must be emulated, vhe-ecv applies that offset in hardware (CNTPOFF_EL2).",
            CustomParser = result => ReplayCommand.ParseHost(result),
        };
        var quiet = new Option<bool>("--summary-only") { Description = "Print only the summary." };
        var nestedGuests = new Option<bool>("--nested") { Description = "Run each guest at EL1 under a guest hypervisor at virtual EL2 (nested virtualisation)." };
        var physicalOffset = new Option<ulong>("--physical-offset") { Description = "The VM's physical counter offset in cycles (a migrated VM has one); 0 by default." };
        var compare = new Option<bool>("--compare") { Description = "Run the guests on every host mode, with and without a physical offset, and print the host's traps side by side." };

        var demo = new Command("demo", "Run a deterministic simulated VM whose tickless guests use the EL1 physical timer through trap-and-emulate, and print its timeline.");
        foreach (Option option in new Option[] { vcpus, duration, frequency, host, quiet, nestedGuests, physicalOffset, compare })
        {
            demo.Options.Add(option);
        }

        int RunDemo(ParseResult parse)
        {
            var settings = new DemoSettings(
                parse.GetValue(vcpus), parse.GetValue(duration), parse.GetValue(frequency), parse.GetValue(host) ?? HostMode.NonVhe,
                parse.GetValue(quiet), parse.GetValue(nestedGuests), parse.GetValue(physicalOffset));
            if (settings.Validate() is string error)
            {
                Console.Error.WriteLine("sysreg demo: " + error);
                return 2;
            }

            if (parse.GetValue(compare))
            {
                DemoComparison.Run(settings, output);
                return 0;
            }

            using TerminalProgress progress = settings.SummaryOnly ? TerminalProgress.ForConsole() : TerminalProgress.To(null);
            DemoSimulation.Run(settings, output, progress);
            return 0;
        }

        demo.SetAction(RunDemo);

        var files = new Argument<string[]>("FILE") { Description = "Trace files (JSON Lines, docs/trace-format.md).", Arity = ArgumentArity.OneOrMore };
        var replayHost = new Option<HostMode?>("--host")
        {
            Description = "The real host under the hypervisor under test: nvhe, vhe or vhe-ecv. It applies where a guest hypervisor's EL2 registers are in play (el 2, host EL0, --nested); elsewhere the config implies it and a contradicting value skips the case.",
            CustomParser = result => ReplayCommand.ParseHost(result),
        };
        var nested = new Option<bool>("--nested") { Description = "Run every el 0/1 case under a guest hypervisor at virtual EL2 (nested virtualisation), with non-zero VM offsets the guest must not see." };
        var replay = new Command("replay", "Replay timer traces against the runtime; exit 0 when every event matches, 1 on mismatches, 2 on a malformed file.");
        replay.Arguments.Add(files);
        replay.Options.Add(replayHost);
        replay.Options.Add(nested);
        replay.SetAction(parse => ReplayCommand.Run(
            parse.GetValue(files)!,
            new SysregGen.Simulation.Replay.ReplayOptions { Host = parse.GetValue(replayHost), Nested = parse.GetValue(nested) },
            output,
            Console.Error,
            TerminalProgress.ForConsole()));

        var specPaths = new Argument<string[]>("PATH") { Description = "Spec files, or folders searched for *.json specs.", Arity = ArgumentArity.OneOrMore };
        var lint = new Command("lint", "Check register specs with the generator's own parser and validator; print file(line,col): error SRGnnnn: message; exit 1 on errors.");
        lint.Arguments.Add(specPaths);
        lint.SetAction(parse => LintCommand.Run(parse.GetValue(specPaths)!, output, Console.Error));

        var format = new Option<string>("--format") { Description = "markdown or json.", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "json");
        var table = new Command("table", "Print the built-in registers, encodings, layouts, trap rules and the dispatch table.");
        table.Options.Add(format);
        table.SetAction(parse => TableCommand.Run(parse.GetValue(format)!, output));

        var root = new RootCommand("SysregGen: ARM system registers from specs, and KVM-style generic-timer emulation.\nWith no command, runs the demo.");
        root.Subcommands.Add(demo);
        root.Subcommands.Add(replay);
        root.Subcommands.Add(lint);
        root.Subcommands.Add(table);
        foreach (Option option in demo.Options)
        {
            root.Options.Add(option);
        }

        root.SetAction(RunDemo);
        return root;
    }
}
