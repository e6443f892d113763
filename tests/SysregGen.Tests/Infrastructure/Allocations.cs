namespace SysregGen.Tests.Infrastructure;

/// <summary>Measures what a piece of code allocates on the calling thread.</summary>
internal static class Allocations
{
    /// <summary>
    /// The fewest bytes allocated by <paramref name="calls"/> calls of <paramref name="work"/>, over
    /// up to three rounds. Code that allocates does so in every round; the runtime's own work on this
    /// thread (tiering, on-stack replacement) can allocate once in a round, which the best round drops.
    /// </summary>
    public static long Fewest(Action work, int calls = 10_000)
    {
        long fewest = long.MaxValue;
        for (int round = 0; round < 3 && fewest != 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                work();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
