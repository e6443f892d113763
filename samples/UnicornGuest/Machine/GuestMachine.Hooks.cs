using SysregGen;
using UnicornGuest.Unicorn;

namespace UnicornGuest.Machine;

/// <summary>The engine's hooks: trapped timer registers, exception entry, the doorbell.</summary>
public sealed partial class GuestMachine
{
    private const uint Eret = 0xD69F03E0;

    /// <summary>
    /// A timer-block access (op0 3, CRn 14: the counters, CNTFRQ and the timers) traps to the runtime
    /// with the syndrome an EL2 would see (EC 0x18, IL 1, the encoding, Rt, the direction). The runtime
    /// moves the data between the access and X[Rt]; the instruction is skipped either way. Undefined
    /// or Unhandled (nothing emulates the encoding) becomes an UNDEF, taken before the next instruction.
    /// Every other register is Unicorn's own (VBAR_EL1, ESR_EL1, ELR_EL1…).
    /// </summary>
    private bool TrapSysreg(bool isRead, int xtId, in CpReg reg)
    {
        if (reg.Op0 != 3 || reg.CRn != 14)
        {
            return false;
        }

        int rt = UcConst.XNumber(xtId);
        if (rt < 0)
        {
            throw new InvalidOperationException($"Unicorn named register id {xtId} as Rt.");
        }

        var encoding = SysregEncoding.AArch64((int)reg.Op0, (int)reg.Op1, (int)reg.CRn, (int)reg.CRm, (int)reg.Op2);
        uint esr = Esr.ForAccess(encoding, isRead, rt);
        if (rt < 31)
        {
            _registers[rt] = isRead ? 0 : _uc.ReadReg(xtId);
        }

        _traps++;
        AccessOutcome outcome = _vcpu.HandleTrap(esr, _registers);
        if (outcome == AccessOutcome.Handled)
        {
            if (isRead && rt < 31)
            {
                _uc.WriteReg(xtId, _registers[rt]);
            }
        }
        else
        {
            _pendingUndef = _pc;
        }

        return true;
    }

    /// <summary>Before each instruction: a pending UNDEF first, then a pending IRQ if PSTATE.I is clear.</summary>
    private void BeforeInstruction(ulong address)
    {
        _instructions++;
        if (_instructions > MaxInstructions)
        {
            throw new InvalidOperationException($"The guest ran {MaxInstructions} instructions without finishing.");
        }

        if (_inIrq && _pstateAfterEret == ulong.MaxValue && address != _pc + 4 && IsAfterEret())
        {
            _pstateAfterEret = _uc.ReadReg(UcConst.RegPstate);
        }

        _pc = address;
        if (_pendingUndef is ulong at)
        {
            _pendingUndef = null;
            _undefs++;
            _instructions--;   // the hook ran, the instruction did not
            ExceptionEntry.Take(_uc, ExceptionEntry.SyncOffset, at, Esr.Undefined);
            return;
        }

        if (_lines.AnyHigh && (_uc.ReadReg(UcConst.RegPstate) & ExceptionEntry.PstateI) == 0)
        {
            _irqs++;
            _instructions--;
            if (_firstSpsr == ulong.MaxValue)
            {
                _firstSpsr = _uc.ReadReg(UcConst.RegPstate);
                _inIrq = true;
            }

            ExceptionEntry.Take(_uc, ExceptionEntry.IrqOffset, address, esr: null);
        }
    }

    /// <summary>Whether the previous instruction was the ERET that ended the first IRQ handler.</summary>
    private bool IsAfterEret()
    {
        Span<byte> word = stackalloc byte[4];
        _uc.Read(_pc, word);
        return BitConverter.ToUInt32(word) == Eret;
    }

    private void Fail(Exception e)
    {
        _failure ??= e;
        _uc.Stop();
    }

    private sealed class Hooks(GuestMachine machine) : IUcHooks
    {
        public void OnCode(ulong address)
        {
            try
            {
                machine.BeforeInstruction(address);
            }
            catch (Exception e)
            {
                machine.Fail(e);
            }
        }

        public bool OnSysreg(bool isRead, int xtId, in CpReg reg)
        {
            try
            {
                return machine.TrapSysreg(isRead, xtId, in reg);
            }
            catch (Exception e)
            {
                machine.Fail(e);
                return true;
            }
        }

        public void OnMmioWrite(ulong address, long value)
        {
            machine._doorbell = value == 0 ? 2 : value;
            machine._uc.Stop();
        }
    }
}
