using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator;

/// <summary>
/// Whether a file is listed twice with different texts (the README walk-through's spec, once in the
/// project and once edited): the cross-spec checks refuse the second version by its description
/// and where its name is, which <see cref="CrossSpecInput"/> leaves out, so then the checks read
/// the specs as parsed, as they did before that projection.
/// </summary>
internal static class FilesListedTwice
{
    /// <summary>Whether two different results share a path. Looks at paths first, so the usual set costs one pass.</summary>
    public static bool Any(ImmutableArray<SpecResult> results)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        List<string>? repeated = null;
        foreach (SpecResult result in results)
        {
            if (PathOf(result) is { } path && !paths.Add(path))
            {
                (repeated ??= new List<string>()).Add(path);
            }
        }

        return repeated is not null &&
            results.Where(r => PathOf(r) is { } path && repeated.Contains(path)).Distinct().GroupBy(PathOf, StringComparer.Ordinal).Any(g => g.Count() > 1);
    }

    private static string? PathOf(SpecResult result) => result.Spec?.Path ?? result.Layout?.Path ?? result.Group?.Path;
}
