using System;
using System.Linq;
using SysregGen.Specs.Model;

namespace SysregGen.Generator;

/// <summary>
/// What the cross-spec checks decide on, for one spec file: its result without the register's
/// descriptions (its own and its fields'), without where in the file anything is, and without its
/// own diagnostics (reported by the file's own output). No check decides on any of these and the
/// tables carry none of them, so an edit to a description, or one that only moves text, leaves this
/// equal and the checks, the tables and the definitions stay cached. Where the checks find a
/// problem, the generator's <see cref="TrackingNames.CrossSpecDiagnostics"/> step runs them again on the located specs for its place in
/// the file; the catalog takes the descriptions separately (<see cref="RegisterDescription"/>).
/// </summary>
/// <remarks>
/// Shared layout and trap-rule group files are kept as they are: registers take their fields, and
/// their types are matched against the parsed files. Editing one re-runs the checks.
/// </remarks>
internal static class CrossSpecInput
{
    /// <summary>The file's result as the cross-spec checks read it.</summary>
    public static SpecResult Of(SpecResult result) =>
        result with { Spec = result.Spec is { } spec ? Of(spec) : null, Diagnostics = EquatableArray<DiagnosticInfo>.Empty };

    /// <summary>The register as the cross-spec checks read it; the checks' accepted registers are in this form.</summary>
    public static RegisterSpec Of(RegisterSpec spec)
    {
        LocationInfo file = LocationInfo.None(spec.Path);
        return spec with
        {
            Description = "",
            AArch32 = spec.AArch32 is { } view ? view with { Location = file } : null,
            Aliases = Map(spec.Aliases, a => a with { Location = file }),
            Redirects = Map(spec.Redirects, r => r with { Location = file }),
            Timer = spec.Timer is { } timer ? timer with { Location = file } : null,
            Layouts = Map(spec.Layouts, l => l with
            {
                Fields = Map(l.Fields, f => f with { Description = "", Location = file }),
                Location = file,
                SharedLocation = l.SharedLocation is null ? null : file,
            }),
            Traps = Map(spec.Traps, t => t with { Controls = Map(t.Controls, c => c with { Location = file }), Location = file }),
            NameLocation = file,
            EncodingLocation = file,
            MappingLocation = spec.MappingLocation is null ? null : file,
        };
    }

    private static EquatableArray<T> Map<T>(EquatableArray<T> items, Func<T, T> map)
        where T : IEquatable<T> => items.Count == 0 ? items : items.Select(map).ToEquatableArray();
}

/// <summary>
/// Which spec a register of the tables comes from, as far as the cross-spec checks tell specs apart
/// (<see cref="CrossSpecInput"/>): its file, name and encoding.
/// </summary>
/// <param name="Path">The spec file.</param>
/// <param name="Name">The register's architecture name.</param>
/// <param name="Encoding">Its packed AArch64 encoding.</param>
internal sealed record RegisterKey(string Path, string Name, int Encoding)
{
    public static RegisterKey Of(RegisterSpec spec) => new(spec.Path, spec.Name, spec.Encoding.Key);
}

/// <summary>A register's description, which only its struct and the catalog show.</summary>
/// <param name="Register">The spec it is in.</param>
/// <param name="Description">The description.</param>
internal sealed record RegisterDescription(RegisterKey Register, string Description)
{
    public static RegisterDescription Of(RegisterSpec spec) => new(RegisterKey.Of(spec), spec.Description);
}
