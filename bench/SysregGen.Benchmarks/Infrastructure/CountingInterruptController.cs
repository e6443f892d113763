using SysregGen.Runtime.Interrupts;

namespace SysregGen.Benchmarks.Infrastructure;

/// <summary>An in-kernel interrupt controller that only counts line changes, so the level updates are real calls but cost next to nothing.</summary>
internal sealed class CountingInterruptController : IVirtualInterruptController
{
    public long Raised;
    public long Lowered;

    public void SetLevel(int vcpu, int intid, bool level)
    {
        if (level)
        {
            Raised++;
        }
        else
        {
            Lowered++;
        }
    }
}
