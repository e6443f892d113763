/// <summary>A trap rule of a register, as the spec states it: the access traps when every control field has its value.</summary>
[global::System.CodeDom.Compiler.GeneratedCode("SysregGen", "{{GeneratorVersion}}")]
public sealed class SysregTrapRuleInfo
{
    internal SysregTrapRuleInfo(int el, int whenE2H, int whenTge, string[] controls, int toEl, SysregFeatures requiredFeatures)
    {
        El = el;
        WhenE2H = whenE2H;
        WhenTge = whenTge;
        Controls = controls;
        ToEl = toEl;
        RequiredFeatures = requiredFeatures;
    }

    /// <summary>The accessing EL the rule applies to.</summary>
    public int El { get; }

    /// <summary>The HCR_EL2.E2H value the rule needs, or -1 for either.</summary>
    public int WhenE2H { get; }

    /// <summary>The HCR_EL2.TGE value the rule needs, or -1 for either.</summary>
    public int WhenTge { get; }

    /// <summary>The conditions on control fields, as REGISTER.FIELD == value.</summary>
    public global::System.Collections.Generic.IReadOnlyList<string> Controls { get; }

    /// <summary>The EL the access traps to (an EL1 trap from EL0 goes to EL2 while TGE is 1).</summary>
    public int ToEl { get; }

    /// <summary>The feature the rule needs.</summary>
    public SysregFeatures RequiredFeatures { get; }

    /// <inheritdoc/>
    public override string ToString() => $"EL{El}{(WhenE2H < 0 ? "" : $" E2H={WhenE2H}")}{(WhenTge < 0 ? "" : $" TGE={WhenTge}")}: {string.Join(" && ", Controls)} -> EL{ToEl}";
}
