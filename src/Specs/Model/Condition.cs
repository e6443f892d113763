using System.Collections.Generic;

namespace SysregGen.Specs.Model;

/// <summary>A condition on the effective HCR_EL2.E2H and TGE bits; null means "either".</summary>
/// <param name="E2h">The E2H value required, or null.</param>
/// <param name="Tge">The TGE value required, or null.</param>
public sealed record Condition(int? E2h, int? Tge)
{
    /// <summary>The condition that always holds.</summary>
    public static readonly Condition Always = new(null, null);

    /// <summary>Whether the condition always holds.</summary>
    public bool IsAlways => E2h is null && Tge is null;

    /// <summary>Whether some value of E2H/TGE satisfies both conditions.</summary>
    /// <param name="other">The other condition.</param>
    /// <returns>Whether they can hold together.</returns>
    public bool IsCompatibleWith(Condition other) =>
        (E2h is null || other.E2h is null || E2h == other.E2h) &&
        (Tge is null || other.Tge is null || Tge == other.Tge);

    /// <summary>The condition as a spec writes it: <c>{ "e2h": 1 }</c>, or <c>{}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() =>
        IsAlways ? "{}" : "{ " + string.Join(", ", Parts()) + " }";

    private IEnumerable<string> Parts()
    {
        if (E2h is int e)
        {
            yield return $"\"e2h\": {e}";
        }

        if (Tge is int t)
        {
            yield return $"\"tge\": {t}";
        }
    }
}
