using SysregGen.Runtime;
using SysregGen.Runtime.Counters;
using SysregGen.Runtime.Interrupts;
using SysregGen.Runtime.Timers;
using Arm = SysregGen.Registers;          // the timer model the runtime package carries
using Own = SecureTimerEmulator.Registers; // generated here from specs/CNTPS_CTL_EL1.json

// A guest's trapped accesses, as a CPU model hands them to its hypervisor: an ESR and registers.
var counter = new ManualCounter(frequency: 62_500_000);
var gic = new PrintingGic();
var vm = new VmTimers(counter, gic);
VcpuTimers vcpu = vm.CreateVcpu();
vcpu.Load();
var secure = new SecureTimerRegisters();
var x = new ulong[31];

void Trap(string text, ulong esr)
{
    // The runtime emulates the registers it knows; anything else is this emulator's own.
    Arm.AccessOutcome outcome = vcpu.HandleTrap(esr, x);
    if (outcome == Arm.AccessOutcome.Undefined && Own.SysregDispatcher.TryDecode(esr, out Own.SysregAccess access))
    {
        if (access.IsWrite)
        {
            access.Value = x[access.Rt];
        }

        outcome = Own.SysregDispatcher.Dispatch(ref secure, ref access) == Own.AccessOutcome.Handled ? Arm.AccessOutcome.Handled : Arm.AccessOutcome.Undefined;
        if (outcome == Arm.AccessOutcome.Handled && !access.IsWrite)
        {
            x[access.Rt] = access.Value;
        }
    }

    Console.WriteLine($"{text,-34} ESR 0x{esr:x8} -> {outcome}");
}

counter.AdvanceTo(0x1000);
x[1] = 0x100;
Trap("MSR CNTP_TVAL_EL0, X1", Arm.Esr.ForAccess(Arm.SysregAccessor.CntpTvalEl0, isRead: false, rt: 1));
x[1] = 1;
Trap("MSR CNTP_CTL_EL0, X1", Arm.Esr.ForAccess(Arm.SysregAccessor.CntpCtlEl0, isRead: false, rt: 1));
Trap("MRS X0, CNTP_CVAL_EL0", Arm.Esr.ForAccess(Arm.SysregAccessor.CntpCvalEl0, isRead: true, rt: 0));
Console.WriteLine($"CNTP_CVAL_EL0 = 0x{x[0]:x}");

counter.AdvanceTo(0x1100);
Trap("MRS X0, CNTP_CTL_EL0", Arm.Esr.ForAccess(Arm.SysregAccessor.CntpCtlEl0, isRead: true, rt: 0));
Console.WriteLine($"CNTP_CTL_EL0 = {Arm.CntpCtl.FromRaw(x[0])}");

x[2] = 0xFFFF_FFFF_FFFF_FFFF;
Trap("MSR CNTPS_CTL_EL1, X2", Own.Esr.ForAccess(Own.SysregAccessor.CntpsCtlEl1, isRead: false, rt: 2));
Trap("MRS X3, CNTPS_CTL_EL1", Own.Esr.ForAccess(Own.SysregAccessor.CntpsCtlEl1, isRead: true, rt: 3));
Console.WriteLine($"CNTPS_CTL_EL1 = {Own.CntpsCtl.FromRaw(x[3])}");

Trap("MSR CNTPCT_EL0, X1 (read-only)", Arm.Esr.ForAccess(Arm.SysregAccessor.CntpctEl0, isRead: false, rt: 1));
Trap("MRS X0, S3_7_C15_C0_0 (unknown)", 0x623F_F801);

/// <summary>The interrupt controller: prints the timer lines.</summary>
internal sealed class PrintingGic : IVirtualInterruptController
{
    public void SetLevel(int vcpu, int intid, bool level) =>
        Console.WriteLine($"vcpu{vcpu} PPI {intid} {(level ? "raised" : "lowered")}");
}

/// <summary>This emulator's own register: the secure physical timer's CTL, stored with the generated masks.</summary>
internal struct SecureTimerRegisters : Own.ISysregAccessHandler
{
    private Own.CntpsCtl _ctl;

    public Own.AccessOutcome AccessTimer(Own.TimerId timer, Own.TimerRegister register, ref Own.SysregAccess access) => Own.AccessOutcome.Undefined;

    public Own.AccessOutcome AccessRegister(Own.Sysreg register, ref Own.SysregAccess access)
    {
        if (register != Own.Sysreg.CntpsCtl)
        {
            return Own.AccessOutcome.Undefined;
        }

        if (access.IsWrite)
        {
            _ctl = _ctl.ApplyWrite(access.Value);   // RES0 bits and ISTATUS are not written
        }
        else
        {
            access.Value = _ctl.Raw;
        }

        return Own.AccessOutcome.Handled;
    }
}
