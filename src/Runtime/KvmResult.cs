namespace SysregGen.Runtime;

/// <summary>
/// The outcome of a userspace call (one-reg get/set, device attributes, the counter-offset ioctl),
/// named after the errno KVM returns for it. A call that fails changes nothing.
/// </summary>
public enum KvmResult
{
    /// <summary>Success (0).</summary>
    Ok = 0,

    /// <summary>-EINVAL: a value out of range, or a configuration that cannot run.</summary>
    InvalidArgument = -22,

    /// <summary>-ENOENT: no register with that id.</summary>
    NoSuchRegister = -2,

    /// <summary>-ENXIO: no attribute with that id.</summary>
    NoSuchAttribute = -6,

    /// <summary>-EBUSY: the setting is frozen because a vCPU has run, or a vCPU is running.</summary>
    Busy = -16,
}
