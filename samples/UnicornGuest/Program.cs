using UnicornGuest;
using UnicornGuest.Machine;

// A real AArch64 CPU (Unicorn Engine 2) runs a tickless EL1 guest; its timer registers trap to the
// SysregGen runtime. docs/unicorn-sample.md explains the machine.
if (!RunOptions.TryParse(args, out RunOptions options, out string? error))
{
    Console.Error.WriteLine("error: " + error);
    Console.Error.WriteLine(RunOptions.Usage);
    return 2;
}

if (!GuestMachine.IsAvailable(out string? missing))
{
    Console.Error.WriteLine("error: " + missing);
    return 1;
}

RunResult result;
using (var machine = new GuestMachine(options.Ticks, options.Hz))
{
    result = machine.Run();
}

ReportPrinter.Print(Console.Out, result);
return result.Doorbell == 1 ? 0 : 1;
