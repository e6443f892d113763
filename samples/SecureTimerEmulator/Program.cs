using SysregGen;
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

// The runtime emulates the timer registers; this emulator's own register (CNTPS_CTL_EL1) goes to
// its own handler through the dispatcher generated here. Both speak SysregGen's types.
vcpu.OtherRegisters = Own.SysregDispatcher.ToTrapHandler(new SecureTimerRegisters());
vcpu.Load();
var x = new ulong[31];

// The encodings a CPU model decodes from the guest's MRS/MSR instructions (op0, op1, CRn, CRm, op2).
var cntpTval = SysregEncoding.AArch64(3, 3, 14, 2, 0);   // CNTP_TVAL_EL0
var cntpCtl = SysregEncoding.AArch64(3, 3, 14, 2, 1);    // CNTP_CTL_EL0
var cntpCval = SysregEncoding.AArch64(3, 3, 14, 2, 2);   // CNTP_CVAL_EL0
var cntpct = SysregEncoding.AArch64(3, 3, 14, 0, 1);     // CNTPCT_EL0
var cntpsCtl = SysregEncoding.AArch64(3, 7, 14, 2, 1);   // CNTPS_CTL_EL1, this emulator's own
var unknown = SysregEncoding.AArch64(3, 7, 15, 0, 0);    // no register here

void Trap(string text, ulong esr)
{
    AccessOutcome outcome = vcpu.HandleTrap(esr, x);
    string action = outcome switch
    {
        AccessOutcome.Handled => "",
        AccessOutcome.Unhandled => " (no register handles it: inject UNDEF)",
        _ => " (inject UNDEF)",
    };
    Console.WriteLine($"{text,-34} ESR 0x{esr:x8} -> {outcome}{action}");
}

counter.AdvanceTo(0x1000);
x[1] = 0x100;
Trap("MSR CNTP_TVAL_EL0, X1", Esr.ForAccess(cntpTval, isRead: false, rt: 1));
x[1] = 1;
Trap("MSR CNTP_CTL_EL0, X1", Esr.ForAccess(cntpCtl, isRead: false, rt: 1));
Trap("MRS X0, CNTP_CVAL_EL0", Esr.ForAccess(cntpCval, isRead: true, rt: 0));
Console.WriteLine($"CNTP_CVAL_EL0 = 0x{x[0]:x}");

counter.AdvanceTo(0x1100);
Trap("MRS X0, CNTP_CTL_EL0", Esr.ForAccess(cntpCtl, isRead: true, rt: 0));
Console.WriteLine($"CNTP_CTL_EL0 = {Arm.CntpCtl.FromRaw(x[0])}");

x[2] = 0xFFFF_FFFF_FFFF_FFFF;
Trap("MSR CNTPS_CTL_EL1, X2", Esr.ForAccess(cntpsCtl, isRead: false, rt: 2));
Trap("MRS X3, CNTPS_CTL_EL1", Esr.ForAccess(cntpsCtl, isRead: true, rt: 3));
Console.WriteLine($"CNTPS_CTL_EL1 = {Own.CntpsCtl.FromRaw(x[3])}");

Trap("MSR CNTPCT_EL0, X1 (read-only)", Esr.ForAccess(cntpct, isRead: false, rt: 1));
Trap("MRS X0, S3_7_C15_C0_0 (unknown)", Esr.ForAccess(unknown, isRead: true, rt: 0));

/// <summary>The interrupt controller: prints the timer lines.</summary>
internal sealed class PrintingGic : IVirtualInterruptController
{
    public void SetLevel(int vcpu, int intid, bool level) =>
        Console.WriteLine($"vcpu{vcpu} PPI {intid} {(level ? "raised" : "lowered")}");
}

/// <summary>This emulator's own register: the secure physical timer's CTL, stored with the generated masks.</summary>
internal struct SecureTimerRegisters : ISysregAccessHandler<Own.Sysreg>
{
    private Own.CntpsCtl _ctl;

    public AccessOutcome AccessRegister(Own.Sysreg sysreg, ref SysregAccess access)
    {
        if (sysreg != Own.Sysreg.CntpsCtl)
        {
            return AccessOutcome.Unhandled;
        }

        if (access.IsWrite)
        {
            _ctl = _ctl.ApplyWrite(access.Value);   // RES0 bits and ISTATUS are not written
        }
        else
        {
            access.Value = _ctl.Raw;
        }

        return AccessOutcome.Handled;
    }
}
