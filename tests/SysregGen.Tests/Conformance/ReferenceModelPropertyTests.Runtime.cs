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

        /// <summary>
        /// vCPU reset. GuestCpu.Reset resets the guest hypervisor's offsets before the timers, so the
        /// offset change re-evaluates timers that are still enabled: a line can rise (and a blocked vCPU
        /// wake) in the middle of a reset (<see cref="AResetRaisesNoLine"/>). Until it is fixed, the
        /// harness resets the timers first, which leaves nothing for the offset change to raise.
        /// </summary>
        public void Reset(int vcpu)
        {
            Guests[vcpu].Timers.Reset();
            Guests[vcpu].Reset();
        }

        /// <summary>
        /// KVM_SET_ONE_REG. On a running vCPU it is exit, set, re-entry, which re-evaluates its lines;
        /// the runtime skips that when an offset or counter write changes nothing in force
        /// (<see cref="AOneRegWriteToARunningVcpuReevaluatesItsLines"/>). Until it is fixed, the harness
        /// re-enters the vCPU after those writes (a load of a loaded vCPU re-evaluates it).
        /// </summary>
        public KvmResult SetOneReg(int vcpu, ulong id, ulong value)
        {
            VcpuTimers v = Vm.Vcpus[vcpu];
            KvmResult result = v.SetOneReg(id, value);
            if (result == KvmResult.Ok && v.IsLoaded && id is KvmRegisterIds.TimerCnt or KvmRegisterIds.PtimerCnt or KvmRegisterIds.Cntvoff or KvmRegisterIds.Cntpoff)
            {
                v.Load();
            }

            return result;
        }

        /// <summary>
        /// Saves the VM and restores it into a new one, through the snapshot's JSON and the CPU models'
        /// own state. A CPU model created on a restored vCPU would re-sync the timers from its reset
        /// state before its own is restored (<see cref="RestoringACpuOverItsTimersChangesNoLine"/>), so
        /// the new vCPUs get their CPU state first and the timers' state is restored over them.
        /// </summary>
        public void Snapshot()
        {
            string json = TimerSnapshot.Capture(Vm).ToJson();
            var counter = new ManualCounter(ReferenceModel.Frequency, Counter.Now);
            RecordingInterruptController irq = Irq.Copy();
            var vm = new VmTimers(counter, irq, Vm.Options);
            var guests = new GuestCpu[Guests.Length];
            for (int i = 0; i < guests.Length; i++)
            {
                GuestCpuState state = Guests[i].Capture();
                guests[i] = new GuestCpu(Attach(vm.CreateVcpu()));
                CarryCntfrq(Guests[i], guests[i]);
                guests[i].Restore(state);
            }

            if (!TimerSnapshot.TryParse(json, out TimerSnapshot? snapshot, out string? error) || !snapshot!.TryRestore(vm, out error))
            {
                throw new InvalidOperationException("snapshot failed: " + error);
            }

            (Counter, Irq, Vm, Guests) = (counter, irq, vm, guests);
        }

        /// <summary>
        /// GuestCpuState does not carry CNTFRQ_EL0, which a guest hypervisor (EL2 being the highest EL
        /// it has) may write: Capture/Restore lose it (<see cref="CntfrqIsLostAcrossASnapshot"/>). Until
        /// it does, the harness moves it as a VMM moving every register would: read where it is, write
        /// it at the new CPU's EL2, where a fresh vCPU with virtual EL2 starts.
        /// </summary>
        private static void CarryCntfrq(GuestCpu from, GuestCpu to)
        {
            if (to.HasVirtualEl2)
            {
                from.El = 2; // the old VM is done with: read where no CNTKCTL_EL1 bit can trap it
                to.Execute(SysregAccessor.CntfrqEl0, isWrite: true, from.Execute(SysregAccessor.CntfrqEl0, isWrite: false).Value);
            }
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
