using System;
using System.Collections.Generic;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>E2H/TGE conditions as generated code and docs write them.</summary>
internal static class Conditions
{
    /// <summary>A C# condition on two bool expressions: <c>!e2h &amp;&amp; tge</c>, or <c>true</c>.</summary>
    public static string Expression(Condition c, string e2h, string tge) =>
        Join(c, e => e == 1 ? e2h : "!" + e2h, t => t == 1 ? tge : "!" + tge, " && ", "true");

    /// <summary>The condition in words for doc comments: <c>HCR_EL2.E2H == 1</c>, or <c>always</c>.</summary>
    public static string Describe(Condition c) =>
        Join(c, e => $"HCR_EL2.E2H == {e}", t => $"HCR_EL2.TGE == {t}", " and ", "always");

    private static string Join(Condition c, Func<int, string> e2h, Func<int, string> tge, string separator, string always)
    {
        var terms = new List<string>();
        if (c.E2h is int e)
        {
            terms.Add(e2h(e));
        }

        if (c.Tge is int t)
        {
            terms.Add(tge(t));
        }

        return terms.Count == 0 ? always : string.Join(separator, terms);
    }
}
