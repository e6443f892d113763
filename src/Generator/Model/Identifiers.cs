using Microsoft.CodeAnalysis.CSharp;

namespace SysregGen.Generator.Model;

internal static class Identifiers
{
    /// <summary>A name usable as-is in generated C#: identifier characters and not a keyword.</summary>
    public static bool IsValid(string name) =>
        SyntaxFacts.IsValidIdentifier(name) &&
        SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None &&
        SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.None;
}
