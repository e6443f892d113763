using System.Collections.Generic;
using SysregGen.Specs.Dispatch;
using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>
/// The files generated from all specs together, one emitter per file, each named after its output,
/// but for the catalog, the only one that carries descriptions, which the generator emits on its own
/// (from the model with descriptions) so that these stay cached when a description is edited.
/// Every list is already sorted in the <see cref="TableModel"/>; no emitter enumerates a hash set.
/// </summary>
internal static class TableSources
{
    /// <exception cref="DispatchTableException">The specs' dispatch table cannot be built.</exception>
    public static IEnumerable<(string HintName, string Source)> Emit(TableModel table)
    {
        if (DispatchRows.TryBuild(table, out ulong[] rows, out PerfectHashTable? hash) is { } problem)
        {
            throw new DispatchTableException(problem);
        }

        yield return (SysregEnumsEmitter.HintName, SysregEnumsEmitter.Emit(table));
        yield return (SysregTableEmitter.HintName, SysregTableEmitter.Emit(table, rows));
        yield return (SysregEncodingsEmitter.HintName, SysregEncodingsEmitter.Emit(table, hash!));
        yield return (SysregDispatcherEmitter.HintName, SysregDispatcherEmitter.Emit(table));
        yield return (TrapDecisionsEmitter.HintName, TrapDecisionsEmitter.Emit(table));
    }
}
