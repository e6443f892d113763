namespace SysregGen.Specs.Model;

/// <summary>One condition of a trap rule: a control register's field has a value.</summary>
/// <param name="Register">The control register's architecture name.</param>
/// <param name="Field">The field's architecture name.</param>
/// <param name="Value">The field value that traps, unshifted.</param>
/// <param name="Location">Where the spec gives the control.</param>
public sealed record TrapControlSpec(string Register, string Field, ulong Value, LocationInfo Location);

/// <summary>A rule that makes an access trap: at an EL, under a condition, when every control holds.</summary>
/// <param name="El">The accessing EL, 0..2.</param>
/// <param name="When">The E2H/TGE condition.</param>
/// <param name="Controls">The control-field conditions, all of which must hold.</param>
/// <param name="To">The EL the access traps to.</param>
/// <param name="Feature">The <c>FEAT_</c> name the rule needs, if any.</param>
/// <param name="Location">Where the spec gives the rule.</param>
/// <param name="Use">For an item <c>{ "use": "GROUP" }</c>, the trap-rule group whose rules go in its place
/// (the other properties are then unused); null for a rule. Resolved specs have no such items.</param>
public sealed record TrapRuleSpec(
    int El,
    Condition When,
    EquatableArray<TrapControlSpec> Controls,
    int To,
    string? Feature,
    LocationInfo Location,
    string? Use = null);
