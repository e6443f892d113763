/// <summary>The state that decides whether an access traps: the effective HCR_EL2 bits, the trap-control registers, the CPU's features.</summary>
[global::System.CodeDom.Compiler.GeneratedCode("SysregGen", "{{GeneratorVersion}}")]
public struct TrapControls
{
    /// <summary>The effective HCR_EL2.E2H.</summary>
    public bool E2H { get; set; }

    /// <summary>The effective HCR_EL2.TGE.</summary>
    public bool Tge { get; set; }

    // {{ControlRegisters}}
    /// <summary>The CPU's optional features.</summary>
    public SysregFeatures Features { get; set; }
}
