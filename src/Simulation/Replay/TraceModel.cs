using System;
using System.Collections.Generic;
using SysregGen.Registers;

namespace SysregGen.Simulation.Replay;

/// <summary>The kinds of line in a timer trace (docs/trace-format.md).</summary>
public enum TraceEventKind
{
    /// <summary>Describes the recording; ignored.</summary>
    Meta,

    /// <summary>Starts a case (or reconfigures one, with reset false).</summary>
    Config,

    /// <summary>A guest read that completed.</summary>
    Read,

    /// <summary>A guest write that completed.</summary>
    Write,

    /// <summary>A read or write stated not to trap.</summary>
    NoTrap,

    /// <summary>An access that raised an exception and had no effect.</summary>
    Trap,

    /// <summary>The architectural level of a timer line at a count.</summary>
    Irq,

    /// <summary>Host time moves on.</summary>
    Advance,

    /// <summary>The vCPU executes WFI.</summary>
    Block,

    /// <summary>Whether the vCPU was woken since it blocked.</summary>
    Wake,

    /// <summary>The blocked vCPU's background-timer deadline.</summary>
    Deadline,

    /// <summary>The vCPU is scheduled in.</summary>
    Load,

    /// <summary>The vCPU is scheduled out.</summary>
    Put,

    /// <summary>Userspace sets a one-reg register.</summary>
    SetReg,

    /// <summary>Userspace reads a one-reg register.</summary>
    GetReg,

    /// <summary>The level last reported for a line.</summary>
    Level,

    /// <summary>How many times a line was raised.</summary>
    Raises,

    /// <summary>The vCPU is reset.</summary>
    Reset,

    /// <summary>The VM is saved and restored into a new one.</summary>
    Snapshot,
}

/// <summary>One line of a trace, with the fields its kind uses.</summary>
public sealed class TraceEvent
{
    internal TraceEvent(TraceEventKind kind, int line)
    {
        Kind = kind;
        Line = line;
    }

    /// <summary>The kind.</summary>
    public TraceEventKind Kind { get; }

    /// <summary>The one-based line number in the file.</summary>
    public int Line { get; }

    /// <summary>The vCPU the event is about (default 0).</summary>
    public int Vcpu { get; internal set; }

    /// <summary>The physical count the counter moves to first, if the event has one.</summary>
    public ulong? Count { get; internal set; }

    /// <summary>For a read with an inexact count, the highest count it may have happened at.</summary>
    public ulong? CountMax { get; internal set; }

    /// <summary>The register name as written in the trace.</summary>
    public string? RegisterName { get; internal set; }

    /// <summary>The accessor the register name denotes; meaningful only when <see cref="IsSupported"/>.</summary>
    public SysregAccessor Accessor { get; internal set; }

    /// <summary>
    /// False for an access to a register the model does not know: the line is well-formed, so the
    /// file is read, but replaying it fails its case ("unsupported register").
    /// </summary>
    public bool IsSupported { get; internal set; } = true;

    /// <summary>Whether an access is a write.</summary>
    public bool IsWrite { get; internal set; }

    /// <summary>The value read or written, or expected.</summary>
    public ulong Value { get; internal set; }

    /// <summary>Whether the line had a value.</summary>
    public bool HasValue { get; internal set; }

    /// <summary>A trap's syndrome.</summary>
    public uint Esr { get; internal set; }

    /// <summary>A trap's target EL.</summary>
    public int ToEl { get; internal set; }

    /// <summary>An interrupt id.</summary>
    public int Intid { get; internal set; }

    /// <summary>The boolean a line states (pending, level, expected).</summary>
    public bool Flag { get; internal set; }

    /// <summary>An expected raise count.</summary>
    public int Number { get; internal set; }

    /// <summary>An expected deadline (null for "none").</summary>
    public UInt128? Deadline { get; internal set; }

    /// <summary>A one-reg id.</summary>
    public ulong RegisterId { get; internal set; }

    /// <summary>A reconfiguration's settings: only those the line names.</summary>
    public TraceSettings? Settings { get; internal set; }

    /// <summary>A config line as read, before the reader makes it a case's start or a reconfiguration.</summary>
    internal ConfigLine? ConfigLine { get; set; }
}

/// <summary>
/// The settings a config line names. A case's first config line has all of them (the format's
/// defaults fill in what it leaves out); a reconfiguration (<c>"reset": false</c>) has only those it
/// names, and every other setting keeps its current value, including what the guest or userspace
/// wrote since.
/// </summary>
/// <param name="El">The EL of the accesses that follow.</param>
/// <param name="Hcr">HCR_EL2 as the hypervisor set it.</param>
/// <param name="Cnthctl">CNTHCTL_EL2.</param>
/// <param name="Cntvoff">The virtual offset.</param>
/// <param name="Cntkctl">CNTKCTL_EL1.</param>
public sealed record TraceSettings(int? El = null, ulong? Hcr = null, ulong? Cnthctl = null, ulong? Cntvoff = null, ulong? Cntkctl = null)
{
    /// <summary>HCR_EL2.E2H (bit 34), when HCR_EL2 is named.</summary>
    public bool? E2H => Hcr is ulong h ? (h >> 34 & 1) != 0 : null;
}

/// <summary>The config line that starts a case.</summary>
/// <param name="Case">The case name, unique in the file.</param>
/// <param name="Vcpus">The number of vCPUs.</param>
/// <param name="Frequency">The counter frequency.</param>
/// <param name="AArch32">Whether the accesses are made in AArch32 state.</param>
/// <param name="Settings">Every setting, defaults filled in.</param>
public sealed record TraceConfig(string Case, int Vcpus, ulong Frequency, bool AArch32, TraceSettings Settings);

/// <summary>A case: its first config line and the events after it.</summary>
/// <param name="Config">The config that starts it: the case runs in it until a reconfiguration.</param>
/// <param name="Line">The line of that config.</param>
/// <param name="Events">The events, reconfigurations included.</param>
public sealed record TraceCase(TraceConfig Config, int Line, IReadOnlyList<TraceEvent> Events);

/// <summary>A parsed trace file.</summary>
/// <param name="Path">The file name, for messages.</param>
/// <param name="Cases">The cases.</param>
/// <param name="EventCount">The number of event lines (config and meta lines excluded).</param>
public sealed record TraceFile(string Path, IReadOnlyList<TraceCase> Cases, int EventCount);

/// <summary>A trace that does not follow the format, with the first line that is wrong.</summary>
public sealed class TraceFormatException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="path">The file.</param>
    /// <param name="line">The one-based line.</param>
    /// <param name="message">What is wrong.</param>
    public TraceFormatException(string path, int line, string message)
        : base($"{path}:{line}: {message}")
    {
        Path = path;
        LineNumber = line;
        Reason = message;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The one-based line.</summary>
    public int LineNumber { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }
}

