using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;
using SysregGen.Simulation.Cpu;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Conformance;

public sealed partial class ReferenceModelPropertyTests
{
    /// <summary>The runtime as a consumer emulator drives it, with the trace format's conventions.</summary>
    private sealed class Runtime
    {
        public Runtime(ModelVm vm, HostMode host)
        {
            // With virtual EL2 the VM's offsets are pinned before any vCPU exists, and the host's counter
            // starts where the guest hypervisor's physical count is 0.
            Counter = new ManualCounter(ReferenceModel.Frequency, vm.Nested ? vm.VmOffset : 0);
            Irq = new RecordingInterruptController();
            Vm = new VmTimers(Counter, Irq, new VmTimersOptions
            {
                HostMode = host,
                Features = SysregFeatures.Vhe | (vm.Ecv ? SysregFeatures.Ecv : SysregFeatures.None),
                NestedVirtualization = vm.Nested,
            });
            if (vm.Nested && Vm.SetCounterOffset(vm.VmOffset) != KvmResult.Ok)
            {
                throw new InvalidOperationException("A new VM refused its counter offset.");
            }

            Guests = Enumerable.Range(0, vm.Vcpus).Select(_ => new GuestCpu(Attach(Vm.CreateVcpu()))).ToArray();
        }

        public ManualCounter Counter { get; private set; }

        public RecordingInterruptController Irq { get; private set; }

        public VmTimers Vm { get; private set; }

        /// <summary>Each vCPU's CPU model: its EL, HCR_EL2, CNTKCTL_EL1, the guest hypervisor's EL2 registers, and the trap decision.</summary>
        public GuestCpu[] Guests { get; private set; }

        /// <summary>An access by a vCPU, which runs for it (it is unblocked and loaded first).</summary>
        public GuestAccessResult Access(int vcpu, int accessor, bool isWrite, ulong value)
        {
            Run(vcpu);

            // The trace format's transfer registers: X0 for reads, X1 for writes; R0 (and R1 as Rt2) in AArch32.
            SysregAccessorInfo info = s_accessors[accessor];
            int rt = info.Kind == AccessorKind.AArch64 && isWrite ? 1 : 0;
            return Guests[vcpu].Execute(info.Accessor, isWrite, value, rt, rt2: 1);
        }

        /// <summary>The running vCPU changes its execution state: HCR_EL2 first (it decides which ELs exist), then the EL.</summary>
        public void SetState(int vcpu, int el, ulong hcr)
        {
            Run(vcpu);
            GuestCpu guest = Guests[vcpu];
            if (guest.HasVirtualEl2)
            {
                guest.Hcr = hcr;
            }

            guest.El = el;
        }

        /// <summary>vCPU reset: the CPU model's, which resets the timers.</summary>
        public void Reset(int vcpu) => Guests[vcpu].Reset();

        /// <summary>KVM_SET_ONE_REG (on a running vCPU: exit, set, re-entry).</summary>
        public KvmResult SetOneReg(int vcpu, ulong id, ulong value) => Vm.Vcpus[vcpu].SetOneReg(id, value);

        /// <summary>
        /// Saves the VM and restores it into a new one, as a VMM does: the timers through the snapshot's
        /// JSON, then a CPU model on each restored vCPU, given the old one's state.
        /// </summary>
        public void Snapshot()
        {
            string json = TimerSnapshot.Capture(Vm).ToJson();
            var counter = new ManualCounter(ReferenceModel.Frequency, Counter.Now);
            RecordingInterruptController irq = Irq.Copy();
            var vm = new VmTimers(counter, irq, Vm.Options);
            if (!TimerSnapshot.TryParse(json, out TimerSnapshot? snapshot, out string? error) || !snapshot!.TryRestore(vm, out error))
            {
                throw new InvalidOperationException("snapshot failed: " + error);
            }

            var guests = new GuestCpu[Guests.Length];
            for (int i = 0; i < guests.Length; i++)
            {
                guests[i] = new GuestCpu(Attach(vm.Vcpus[i]));
                guests[i].Restore(Guests[i].Capture());
            }

            (Counter, Irq, Vm, Guests) = (counter, irq, vm, guests);
        }

        private void Run(int vcpu)
        {
            VcpuTimers v = Vm.Vcpus[vcpu];
            if (!v.IsLoaded)
            {
                v.Unblock();
                v.Load();
            }
        }

        private static VcpuTimers Attach(VcpuTimers vcpu)
        {
            vcpu.WakeCallback = v =>
            {
                v.Unblock();
                v.Load();
            };
            return vcpu;
        }
    }
}
