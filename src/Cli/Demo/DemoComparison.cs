using System.Globalization;
using System.IO;
using SysregGen.Runtime.Timers;

namespace SysregGen.Cli.Demo;

/// <summary>
/// <c>sysreg demo --compare</c>: the same guests on every host mode, with and without a physical
/// counter offset, side by side: how many of their timer accesses the host must trap. It answers the
/// seed series' open question: giving the guest the EL1 physical timer directly (VHE, or ECV's
/// CNTPOFF_EL2 when the VM has a physical offset) removes every trap.
/// </summary>
internal static class DemoComparison
{
    public static void Run(DemoSettings settings, TextWriter output)
    {
        ulong offset = settings.PhysicalOffset != 0 ? settings.PhysicalOffset : 0x10_0000;
        output.WriteLine($"sysreg demo --compare: {settings.Vcpus} vCPU(s), {settings.DurationMs.ToString(CultureInfo.InvariantCulture)} ms, CNTFRQ {settings.Frequency} Hz{(settings.Nested ? ", guests of a guest hypervisor at virtual EL2" : "")}");
        output.WriteLine();
        output.WriteLine($"{"host",-8} {"physical offset",-16} {"accesses",9} {"host traps",11} {"per interrupt",14} {"per second",11}");
        foreach (HostMode host in new[] { HostMode.NonVhe, HostMode.Vhe, HostMode.VheEcv })
        {
            foreach (ulong physicalOffset in new[] { 0UL, offset })
            {
                DemoSettings run = settings with { Host = host, PhysicalOffset = physicalOffset, SummaryOnly = true };
                DemoStatistics s = DemoSimulation.Run(run, TextWriter.Null);
                output.WriteLine(
                    $"{run.HostName,-8} {(physicalOffset == 0 ? "none" : "0x" + physicalOffset.ToString("x", CultureInfo.InvariantCulture)),-16} " +
                    $"{s.Accesses,9} {s.HostTraps,11} {s.TrapsPerInterrupt.ToString("0.00", CultureInfo.InvariantCulture),14} {s.TrapsPerSecond.ToString("0", CultureInfo.InvariantCulture),11}");
            }
        }
    }
}
