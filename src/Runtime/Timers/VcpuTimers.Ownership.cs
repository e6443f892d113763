using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace SysregGen.Runtime.Timers;

/// <summary>
/// Who may touch a vCPU's timers, and when (docs/runtime.md, "Threads"): as in KVM, a loaded vCPU
/// belongs to the thread that loaded it, which runs its trapped accesses, level updates and host-timer
/// re-arms without a lock. Other threads never touch a loaded vCPU's state: a host-timer expiry or a
/// VM-wide re-evaluation they cause becomes a request (KVM's <c>kvm_make_request</c>) that the owner
/// handles before its next access, at <see cref="Sync"/>, put or block, and the host is told through
/// <see cref="KickCallback"/> (<c>kvm_vcpu_kick</c>). A vCPU that is not loaded is shared, under its lock.
/// </summary>
public sealed partial class VcpuTimers
{
    /// <summary>A re-evaluation of every timer (an offset moved); the low bits are the timers whose host timers expired.</summary>
    private const int ReevaluateRequest = 1 << 16;

    /// <summary>The managed thread id of the thread a loaded vCPU belongs to; 0 while it is not loaded. Written under the lock.</summary>
    private volatile int _owner;

    /// <summary>Requests other threads made of the owner: one bit per expired timer, and <see cref="ReevaluateRequest"/>.</summary>
    private int _requests;

    /// <summary>
    /// Called, on the thread that made it and without the vCPU's lock, when another thread hands the
    /// loaded vCPU work (a host-timer expiry, or a re-evaluation after an offset moved). The host
    /// should make the vCPU's thread call <see cref="Sync"/> before it next enters the guest (for
    /// example by stopping the CPU model's run loop), as KVM kicks a vCPU out of the guest.
    /// </summary>
    public Action<VcpuTimers>? KickCallback { get; set; }

    /// <summary>Whether another thread has handed the loaded vCPU work that <see cref="Sync"/> has not handled yet.</summary>
    public bool HasPendingRequests => Volatile.Read(ref _requests) != 0;

    /// <summary>
    /// On the vCPU's own thread, before it enters the guest: handles what other threads handed over
    /// (KVM checks <c>vcpu->requests</c> before every guest entry). Trapped accesses, <see cref="Put"/>
    /// and <see cref="Block"/> do this themselves. Elsewhere, or while the vCPU is not loaded, it does nothing.
    /// </summary>
    public void Sync()
    {
        if (IsOwner)
        {
            Vm.CheckCounterThread(_owner);
            HandleRequestsIfAny();
        }
    }

    private bool IsOwner => _owner == CurrentThread.Id;

    /// <summary>
    /// Enters the vCPU to change or read its state: the owner of a loaded vCPU enters without the lock
    /// (after handling its requests); any other thread takes the lock, and is refused a vCPU that is
    /// loaded elsewhere, whose state belongs to another thread.
    /// </summary>
    /// <exception cref="InvalidOperationException">The vCPU is loaded on another thread, or the VM's counter is confined to another thread.</exception>
    private Entry Enter() => EnterAsOwner(out int thread) ? default : EnterShared(thread);

    /// <summary>
    /// The owner's part of <see cref="Enter"/>, which takes no lock: for the trap path, which needs no
    /// <see cref="Entry"/> (and so no try/finally) when it returns true.
    /// </summary>
    /// <param name="thread">The calling thread's managed id, for <see cref="EnterShared"/> when it returns false.</param>
    /// <returns>Whether the calling thread owns the loaded vCPU (its requests are then handled).</returns>
    /// <exception cref="InvalidOperationException">The VM's counter is confined to another thread.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool EnterAsOwner(out int thread)
    {
        // The thread is read once per entry: a thread-local read costs as much as a short access.
        thread = CurrentThread.Id;
        if (_owner != thread)
        {
            return false;
        }

        // The owner's id is the calling thread's: the counter's check needs no thread-local read.
        Vm.CheckCounterThread(thread);
        HandleRequestsIfAny();
        return true;
    }

    /// <summary>
    /// Takes the lock, under which the state is shared: for any thread when the vCPU is not loaded,
    /// and for its owner to put it (put, block). A thread is refused a vCPU loaded on another.
    /// </summary>
    /// <param name="thread">The calling thread's managed id.</param>
    /// <exception cref="InvalidOperationException">The vCPU is loaded on another thread, or the VM's counter is confined to another thread.</exception>
    private Entry EnterShared(int thread)
    {
        Entry entry = EnterLocked(thread);
        if (_loaded && _owner != thread)
        {
            entry.Dispose();
            throw new InvalidOperationException(
                $"vCPU {Id} is loaded on another thread, which its state belongs to while it runs (as KVM's vCPU mutex); call from that thread, or put the vCPU first.");
        }

        return entry;
    }

    /// <summary>Enters to read a few fields: as <see cref="Enter"/>, but a vCPU loaded elsewhere is read as it is (a snapshot of moving state), never refused.</summary>
    private Entry EnterToRead()
    {
        if (IsOwner)
        {
            return default;
        }

        // Reading arms nothing, so a confined counter's thread is not checked.
        return Entry.Hold(_lock);
    }

    /// <summary>Takes the lock whatever the vCPU's state: for a load (which makes this thread the owner) and for the paths that decide under it whether to touch the state or hand work over (expiries, re-evaluations).</summary>
    /// <exception cref="InvalidOperationException">The VM's counter is confined to another thread.</exception>
    private Entry EnterLocked()
    {
        Vm.CheckCounterThread();
        return Entry.Hold(_lock);
    }

    /// <summary>As <see cref="EnterLocked()"/>, for a caller that has read its managed thread id.</summary>
    /// <param name="thread">The calling thread's managed id.</param>
    /// <exception cref="InvalidOperationException">The VM's counter is confined to another thread.</exception>
    private Entry EnterLocked(int thread)
    {
        Vm.CheckCounterThread(thread);
        return Entry.Hold(_lock);
    }

    /// <summary>Hands work to the owner of a loaded vCPU; the caller holds the lock and has checked that the vCPU is loaded elsewhere. Kick after releasing it.</summary>
    private void Request(int request) => Interlocked.Or(ref _requests, request);

    private void Kick() => KickCallback?.Invoke(this);

    /// <summary>On the owner's thread: <see cref="HandleRequests"/> when there are any (one volatile read otherwise).</summary>
    private void HandleRequestsIfAny()
    {
        if (Volatile.Read(ref _requests) != 0)
        {
            HandleRequests();
        }
    }

    /// <summary>The owner handles what other threads handed over: a re-evaluation, then each expiry, as its host timer's callback would have.</summary>
    private void HandleRequests()
    {
        int requests = Interlocked.Exchange(ref _requests, 0);
        if (!_loaded)
        {
            return;
        }

        if ((requests & ReevaluateRequest) != 0)
        {
            EmulateAll(Vm.Now);
        }

        for (int i = 0; i < _timers.Length; i++)
        {
            if ((requests & (1 << i)) != 0)
            {
                Expire(_timers[i]);
            }
        }
    }

    /// <summary>The lock, released when the owner's scope ends; the default entry (the owner's) holds nothing.</summary>
    private readonly struct Entry(Lock? held) : IDisposable
    {
        /// <summary>Takes <paramref name="vcpuLock"/> until the entry is disposed.</summary>
        public static Entry Hold(Lock vcpuLock)
        {
            vcpuLock.Enter();
            return new Entry(vcpuLock);
        }

        public void Dispose() => held?.Exit();
    }
}
