using SysregGen.Registers;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Cpu;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Conformance;

public sealed partial class ReferenceModelPropertyTests
{
    /// <summary>The runtime as a consumer emulator drives it, with the trace format's conventions.</summary>
    private sealed class Runtime
    {
        public Runtime()
        {
            Counter = new ManualCounter(ReferenceModel.Frequency);
            Irq = new RecordingInterruptController();
            Vm = new VmTimers(Counter, Irq);
            Guests = new GuestCpu[Vcpus];
            for (int i = 0; i < Vcpus; i++)
            {
                Guests[i] = new GuestCpu(Attach(Vm.CreateVcpu()));
            }
        }

        public ManualCounter Counter { get; private set; }

        public RecordingInterruptController Irq { get; private set; }

        public VmTimers Vm { get; private set; }

        /// <summary>Each vCPU's CPU model, which holds CNTKCTL_EL1 and the trap decision.</summary>
        public GuestCpu[] Guests { get; private set; }

        public GuestAccessResult Access(int vcpu, string name, bool isWrite, ulong value)
        {
            VcpuTimers v = Vm.Vcpus[vcpu];
            if (!v.IsLoaded)
            {
                v.Unblock();
                v.Load();
            }

            SysregAccessor accessor = SysregTable.Accessors.ToArray().First(a => a.Name == name).Accessor;
            return Guests[vcpu].Execute(accessor, isWrite, value);
        }

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

            // CNTKCTL_EL1 is the CPU's, not the timers': it moves with the CPU model.
            var guests = vm.Vcpus.Select(v => new GuestCpu(Attach(v))).ToArray();
            for (int i = 0; i < guests.Length; i++)
            {
                guests[i].Cntkctl = Guests[i].Cntkctl;
            }

            (Counter, Irq, Vm, Guests) = (counter, irq, vm, guests);
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
