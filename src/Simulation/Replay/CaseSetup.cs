using SysregGen.Runtime.Timers;

namespace SysregGen.Simulation.Replay;

/// <summary>
/// How one case runs: whose EL2 registers the config's are (the host's own, or a guest hypervisor's
/// at virtual EL2), on which host, with which VM counter offset; or why the options do not apply to it.
/// </summary>
/// <param name="GuestHypervisor">The config's EL2 registers are a guest hypervisor's: the VM has nested virtualisation.</param>
/// <param name="Host">The real host's mode.</param>
/// <param name="VmOffset">The VM's counter offset (0 unless a guest hypervisor runs).</param>
/// <param name="SkipReason">Why the case is skipped, or null.</param>
internal sealed record CaseSetup(bool GuestHypervisor, HostMode Host, ulong VmOffset, string? SkipReason)
{
    public static CaseSetup For(TraceCase c, ReplayOptions options)
    {
        bool needsHypervisor = NeedsGuestHypervisor(c);
        if (needsHypervisor || options.Nested)
        {
            if (!needsHypervisor && HasHypervisorEvents(c))
            {
                return Skip("it has hypervisor events, which are about the hypervisor under test itself, not a guest hypervisor");
            }

            return new(true, options.Host ?? HostMode.Vhe, options.GuestHypervisorVmOffset, null);
        }

        HostMode implied = c.Config.Settings.E2H == true ? HostMode.Vhe : HostMode.NonVhe;
        if (options.Host is HostMode host && (host == HostMode.NonVhe) != (implied == HostMode.NonVhe))
        {
            return Skip($"its config's EL2 is the host's own with E2H = {(implied == HostMode.NonVhe ? 0 : 1)}, which --host {Name(host)} contradicts");
        }

        return new(false, options.Host ?? implied, 0, null);
    }

    /// <summary>The <c>--host</c> name of a mode.</summary>
    public static string Name(HostMode mode) => mode switch
    {
        HostMode.NonVhe => "nvhe",
        HostMode.Vhe => "vhe",
        _ => "vhe-ecv",
    };

    private static CaseSetup Skip(string reason) => new(false, HostMode.NonVhe, 0, reason);

    /// <summary>Whether any configuration of the case (as reconfigurations change it) runs at EL2, or at a VHE host's EL0 (E2H = TGE = 1).</summary>
    private static bool NeedsGuestHypervisor(TraceCase c)
    {
        TraceSettings current = c.Config.Settings;
        if (AtEl2OrHostEl0(current))
        {
            return true;
        }

        foreach (TraceEvent e in c.Events)
        {
            if (e.Settings is { } named)
            {
                current = new TraceSettings(named.El ?? current.El, named.Hcr ?? current.Hcr, named.Cnthctl ?? current.Cnthctl, named.Cntvoff ?? current.Cntvoff, named.Cntkctl ?? current.Cntkctl);
                if (AtEl2OrHostEl0(current))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AtEl2OrHostEl0(TraceSettings s) =>
        s.El == 2 || (s.El == 0 && s.Hcr is ulong hcr && (hcr & Cpu.GuestCpu.HcrE2H) != 0 && (hcr & Cpu.GuestCpu.HcrTge) != 0);

    private static bool HasHypervisorEvents(TraceCase c)
    {
        foreach (TraceEvent e in c.Events)
        {
            if (e.Kind is not (TraceEventKind.Config or TraceEventKind.Read or TraceEventKind.Write or TraceEventKind.NoTrap or TraceEventKind.Trap or TraceEventKind.Irq))
            {
                return true;
            }
        }

        return false;
    }
}
