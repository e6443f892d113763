using System.Linq;
using SysregGen.Generator.Emitting;
using SysregGen.Specs.Model;

namespace SysregGen.Generator;

/// <summary>
/// The catalog without its descriptions: every accepted register's row, in table order, with the spec
/// it comes from, so the catalog step can put each register's description in (see
/// <see cref="SysregCatalogEmitter"/>). Built from the tables, so a description edit leaves it cached.
/// </summary>
/// <param name="Namespace">The namespace of the generated code.</param>
/// <param name="Rows">The rows.</param>
/// <param name="Error">Why the rows could not be written, if they could not.</param>
internal sealed record CatalogRows(string Namespace, EquatableArray<KeyedCatalogRow> Rows, DiagnosticInfo? Error = null)
{
    /// <summary>The rows of the tables' registers (<see cref="TableBuildResult.Registers"/> is in table order).</summary>
    public static CatalogRows Of(TableBuildResult build) => new(
        build.Table.Namespace,
        build.Table.Registers.Select((entry, i) => new KeyedCatalogRow(RegisterKey.Of(build.Registers[i]), SysregCatalogEmitter.Row(entry), build.Registers[i].Description)).ToEquatableArray());
}

/// <summary>A register's catalog row and the spec it comes from.</summary>
/// <param name="Register">The spec.</param>
/// <param name="Row">The row without the description.</param>
/// <param name="CheckedDescription">The description the cross-spec checks saw: none, unless they read the
/// specs as parsed (<see cref="FilesListedTwice"/>), and then the one of the version they accepted.</param>
internal sealed record KeyedCatalogRow(RegisterKey Register, CatalogRow Row, string CheckedDescription);
