using System;
using System.Linq;
using SysregGen.Registers;
using SysregGen.Runtime.Timers;

namespace SysregGen.Runtime.Snapshots;

/// <summary>What a snapshot must satisfy before anything is restored from it; every message starts with the field it is about.</summary>
public sealed partial record TimerSnapshot
{
    private SysregFeatures? ParseFeatures() =>
        Features is not null && !Features.Any(char.IsDigit) && Enum.TryParse(Features, ignoreCase: false, out SysregFeatures features) ? features : null;

    private string? Validate()
    {
        if (Version != CurrentVersion)
        {
            // Only a snapshot built in code gets here: the reader checks the version first.
            return $"version: {Version} is not the version of a snapshot in memory ({CurrentVersion}).";
        }

        if (Frequency == 0)
        {
            return "frequency: the snapshot has no counter frequency.";
        }

        if (!Enum.IsDefined(HostMode))
        {
            return $"hostMode: {(int)HostMode} is not a host mode.";
        }

        if (ParseFeatures() is not SysregFeatures features)
        {
            return $"features: '{Features}' are not feature names this library knows.";
        }

        if (Ppis is null || Ppis.Count != VmTimers.DefaultPpis.Count || Ppis.Any(p => p is < 16 or > 31))
        {
            return "ppis: the timers' interrupts must be four PPIs (16..31).";
        }

        int timers = VmTimers.TimerCountFor(NestedVirtualization);
        if (Ppis.Take(timers).Distinct().Count() != timers)
        {
            return "ppis: two timers share an interrupt; KVM refuses to run such a VM.";
        }

        if (Vcpus is null)
        {
            return "vcpus: the snapshot has no vCPU list.";
        }

        if (Vcpus.Count > VmTimers.MaxVcpus)
        {
            return $"vcpus: {Vcpus.Count} vCPUs, more than a VM has ({VmTimers.MaxVcpus}).";
        }

        for (int i = 0; i < Vcpus.Count; i++)
        {
            if (Vcpus[i] is not { } vcpu)
            {
                return $"vcpus[{i}]: the entry is missing.";
            }

            if (vcpu.Validate(i, timers, NestedVirtualization, features) is { } error)
            {
                return error;
            }

            if ((vcpu.HasRun || vcpu.Loaded) && !PpisFrozen)
            {
                return $"vcpus[{i}].hasRun: the vCPU has run, so ppisFrozen must be true.";
            }
        }

        return null;
    }
}
