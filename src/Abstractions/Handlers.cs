using System;

namespace SysregGen;

/// <summary>
/// Handles accesses to the generic timers' registers by meaning: a generated dispatcher calls it for
/// every encoding of a timer register (AArch64, the VHE *_EL02 alias, AArch32 alike), as KVM's
/// <c>access_arch_timer</c> is called with a timer and a register.
/// </summary>
public interface ITimerAccessHandler
{
    /// <summary>An access to a timer register.</summary>
    /// <param name="timer">Which timer.</param>
    /// <param name="timerRegister">Which of its registers.</param>
    /// <param name="access">The access; a read stores its result in <see cref="SysregAccess.Value"/>.</param>
    /// <returns>Handled, Undefined for the caller to inject an UNDEF, or Unhandled.</returns>
    AccessOutcome AccessTimer(TimerId timer, TimerRegister timerRegister, ref SysregAccess access);
}

/// <summary>
/// Handles accesses to the registers of one generated model by meaning: a generated dispatcher calls
/// it with the register the encoding reaches, whichever of its encodings the guest used.
/// </summary>
/// <typeparam name="TRegister">The generated model's register enum (<c>Sysreg</c> in the generated namespace).</typeparam>
public interface ISysregAccessHandler<TRegister>
    where TRegister : struct, Enum
{
    /// <summary>An access to a register that is not a timer register.</summary>
    /// <param name="sysreg">The register.</param>
    /// <param name="access">The access; a read stores its result in <see cref="SysregAccess.Value"/>.</param>
    /// <returns>Handled, Undefined for the caller to inject an UNDEF, or Unhandled.</returns>
    AccessOutcome AccessRegister(TRegister sysreg, ref SysregAccess access);
}

/// <summary>
/// A set of registers that handles trapped accesses whole: what a host hands to the runtime for the
/// registers the runtime does not emulate itself. A generated dispatcher over a handler of the
/// host's own registers is one (see the generated <c>SysregDispatcher.ToTrapHandler</c>).
/// </summary>
public interface ISysregTrapHandler
{
    /// <summary>Handles a trapped access.</summary>
    /// <param name="access">The access; a read stores its result in <see cref="SysregAccess.Value"/>.</param>
    /// <returns>Handled, Undefined for the caller to inject an UNDEF, or Unhandled when the encoding is not one of these registers.</returns>
    AccessOutcome HandleTrap(ref SysregAccess access);
}
