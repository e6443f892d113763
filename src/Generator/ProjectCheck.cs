using System.Linq;
using Microsoft.CodeAnalysis;
using SysregGen.Generator.Emitting;
using SysregGen.Specs.Diagnostics;
using SysregGen.Specs.Model;

namespace SysregGen.Generator;

/// <summary>
/// What the compilation must offer for the generated code to compile, checked before anything is
/// added: the SysregGen.Abstractions vocabulary it uses, and a namespace no referenced assembly has
/// already filled with a SysregGen model. When either is missing the generator adds nothing and
/// reports one error that says what to change, instead of the hundreds of CS0246 or CS0436 the
/// generated code would cause.
/// </summary>
/// <remarks>
/// The check runs on every compilation, so on every edit in an IDE; it looks up two type names
/// and returns this small equatable value, so an edit that changes neither answer leaves every
/// later step cached. It keeps no symbol.
/// </remarks>
/// <param name="Problem">The error to report, or null when the generated code can be added.</param>
internal sealed record ProjectCheck(DiagnosticInfo? Problem)
{
    /// <summary>A type of SysregGen.Abstractions that every generated file uses.</summary>
    private const string VocabularyType = "SysregGen.SysregEncoding";

    /// <summary>The generated type whose presence in a reference means the namespace holds a generated model.</summary>
    private const string TableType = "SysregTable";

    public static ProjectCheck Of(Compilation compilation, string @namespace, string rootNamespace)
    {
        if (compilation.GetTypesByMetadataName(VocabularyType).IsEmpty)
        {
            return Fail(DiagnosticDescriptors.AbstractionsMissing, Format.GeneratorVersion);
        }

        INamedTypeSymbol? taken = compilation.GetTypesByMetadataName(@namespace + "." + TableType)
            .FirstOrDefault(t => !SymbolEqualityComparer.Default.Equals(t.ContainingAssembly, compilation.Assembly) &&
                                 compilation.IsSymbolAccessibleWithin(t, compilation.Assembly));
        if (taken is not null)
        {
            return Fail(DiagnosticDescriptors.NamespaceTaken, @namespace, taken.ContainingAssembly.Name, SuggestedNamespace(rootNamespace, @namespace));
        }

        return new ProjectCheck((DiagnosticInfo?)null);
    }

    /// <summary>The project's root namespace with ".Registers", unless that is the taken one too.</summary>
    private static string SuggestedNamespace(string rootNamespace, string taken)
    {
        string suggestion = rootNamespace + ".Registers";
        return rootNamespace.Length > 0 && rootNamespace.Split('.').All(Names.IsValidIdentifier) && suggestion != taken
            ? suggestion
            : "MyEmulator.Registers";
    }

    private static ProjectCheck Fail(SpecDiagnosticDescriptor descriptor, params string[] arguments) =>
        new(DiagnosticInfo.Create(descriptor, LocationInfo.None(""), arguments));
}
