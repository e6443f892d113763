using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;

namespace SysregGen.Generator.Emitting;

/// <summary>
/// The fixed-shape types of the generated code (SysregAccessorInfo, the catalog's row types,
/// TrapDecision, the fixed part of TrapControls), kept as C# files in Templates/ and compiled into
/// the generator as embedded resources, so that they read, review and diff as code rather than as
/// strings in an emitter.
/// </summary>
/// <remarks>
/// A template holds type declarations starting at column 0; <see cref="Write"/> copies it line by
/// line at the writer's indentation. It substitutes two things and nothing else:
/// <list type="bullet">
/// <item><c>{{GeneratorVersion}}</c>: the generator's version, for the GeneratedCode attribute.</item>
/// <item>a line holding only <c>// {{Name}}</c>: a slot, replaced by the lines the emitter writes
/// for <c>Name</c>, indented like the slot.</item>
/// </list>
/// The generated namespace is not a placeholder: emitters write the header and namespace around
/// templates, and templates name the namespace's own types unqualified.
/// </remarks>
internal static class Templates
{
    private const string VersionPlaceholder = "{{GeneratorVersion}}";
    private const string SlotStart = "// {{";
    private const string SlotEnd = "}}";

    private static readonly ConcurrentDictionary<string, string[]> s_lines = new(StringComparer.Ordinal);

    /// <summary>Writes template <paramref name="name"/> (Templates/<paramref name="name"/>.cs).</summary>
    /// <exception cref="InvalidOperationException">The template is missing, or has a slot no filler was given for.</exception>
    public static void Write(IndentedWriter w, string name, params (string Slot, Action<IndentedWriter> Fill)[] slots)
    {
        foreach (string line in s_lines.GetOrAdd(name, Load))
        {
            string trimmed = line.TrimStart(' ');
            if (!trimmed.StartsWith(SlotStart, StringComparison.Ordinal) || !trimmed.EndsWith(SlotEnd, StringComparison.Ordinal))
            {
                w.Line(line.Replace(VersionPlaceholder, Format.GeneratorVersion));
                continue;
            }

            string slot = trimmed.Substring(SlotStart.Length, trimmed.Length - SlotStart.Length - SlotEnd.Length);
            Action<IndentedWriter> fill = slots.FirstOrDefault(s => s.Slot == slot).Fill
                ?? throw new InvalidOperationException($"Template {name} has a slot {slot} that its emitter does not fill.");
            int levels = (line.Length - trimmed.Length) / IndentedWriter.IndentSize;
            for (int i = 0; i < levels; i++)
            {
                w.Indent();
            }

            fill(w);
            for (int i = 0; i < levels; i++)
            {
                w.Outdent();
            }
        }
    }

    private static string[] Load(string name)
    {
        using Stream stream = typeof(Templates).Assembly.GetManifestResourceStream("SysregGen.Generator.Templates." + name + ".cs")
            ?? throw new InvalidOperationException($"The generator has no template {name}.");
        using var reader = new StreamReader(stream);

        // A checkout may give the files CRLF endings; generated code uses '\n' everywhere.
        return reader.ReadToEnd().Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
    }
}
