namespace SysregGen;

/// <summary>What a register field allows a write to do.</summary>
public enum FieldAccess : byte
{
    /// <summary>Read and written.</summary>
    RW = 0,

    /// <summary>Read-only: a write leaves it unchanged.</summary>
    RO = 1,

    /// <summary>Write-only.</summary>
    WO = 2,
}
