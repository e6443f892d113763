using SysregGen.Runtime.Interrupts;

namespace UnicornGuest.Machine;

/// <summary>
/// The smallest interrupt controller the timers need: one vCPU's level-sensitive PPI lines, and
/// whether any is high. The CPU takes the IRQ exception while one is (and PSTATE.I is clear); the
/// guest lowers it by masking or reprogramming its timer, as with a GIC's level-triggered PPIs.
/// </summary>
internal sealed class TimerLines : IVirtualInterruptController
{
    private uint _high;

    /// <summary>How many times a line went high.</summary>
    public long Raised { get; private set; }

    /// <summary>Whether an interrupt is pending (a line is high).</summary>
    public bool AnyHigh => _high != 0;

    /// <summary>The lines that are high, bit n for PPI n.</summary>
    public uint High => _high;

    /// <inheritdoc/>
    public void SetLevel(int vcpu, int intid, bool level)
    {
        uint bit = 1u << intid;
        if (level && (_high & bit) == 0)
        {
            Raised++;
        }

        _high = level ? _high | bit : _high & ~bit;
    }
}
