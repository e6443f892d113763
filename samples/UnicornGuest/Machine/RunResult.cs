namespace UnicornGuest.Machine;

/// <summary>What a run measured, beside the guest's own report.</summary>
public sealed record RunResult
{
    public required GuestReport Report { get; init; }

    /// <summary>Simulated time: the runtime's counter at the end, over its frequency.</summary>
    public required TimeSpan SimulatedTime { get; init; }

    /// <summary>Host wall-clock time of the run (engine creation excluded).</summary>
    public required TimeSpan HostTime { get; init; }

    /// <summary>Instructions executed, counted by the UC_HOOK_CODE hook (exact: one call per instruction run).</summary>
    public required long Instructions { get; init; }

    /// <summary>Timer-register accesses trapped to the runtime.</summary>
    public required long Traps { get; init; }

    public required long IrqsTaken { get; init; }

    public required long UndefsInjected { get; init; }

    public required long Wfis { get; init; }

    /// <summary>PSTATE as Unicorn read it right after the guest's first ERET from the IRQ handler.</summary>
    public required ulong PstateAfterEret { get; init; }

    /// <summary>SPSR_EL1 the first IRQ entry wrote (the PSTATE Unicorn reported then).</summary>
    public required ulong FirstSpsr { get; init; }

    /// <summary>The doorbell value: 1 done, 2 the guest failed.</summary>
    public required long Doorbell { get; init; }
}
