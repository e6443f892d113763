namespace SysregGen.Tests.Infrastructure;

/// <summary>Runs an action on a new thread and waits for it: the tests of who may touch a vCPU or a counter from where.</summary>
internal static class OtherThread
{
    /// <summary>Runs <paramref name="action"/> on another thread; its failure is rethrown here, wrapped.</summary>
    public static void Run(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException("The other thread failed.", failure);
        }
    }
}
