#if !NET9_0_OR_GREATER
using System.Threading;

namespace SysregGen.Runtime;

/// <summary>
/// On .NET 8 a plain object's monitor stands in for .NET 9's <c>System.Threading.Lock</c>: the
/// runtime's <c>lock (_lock)</c> statements and its <see cref="Enter"/>/<see cref="Exit"/> pairs
/// compile to either, with the same semantics.
/// </summary>
internal sealed class Lock
{
    public void Enter() => Monitor.Enter(this);

    public void Exit() => Monitor.Exit(this);
}
#endif
