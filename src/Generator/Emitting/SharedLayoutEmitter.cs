using SysregGen.Specs.Model;

namespace SysregGen.Generator.Emitting;

/// <summary>
/// Emits a shared layout's type (Linux's SysregFields): the same masks, typed field properties,
/// With-methods and ApplyWrite as a register's struct, through the same code, once for every
/// register that uses the layout. Each of those registers converts to and from it.
/// </summary>
internal static class SharedLayoutEmitter
{
    public static string Emit(SharedLayoutSpec layout, string @namespace)
    {
        var w = new IndentedWriter();
        Format.Header(w, @namespace);

        w.Summary($"{layout.Name}: {layout.Description}");
        w.Line("/// <remarks>");
        w.Line("/// A layout shared by several registers: each register's struct converts to and from this type.");
        w.Line("/// </remarks>");
        w.Line(Format.GeneratedCodeAttribute);
        w.Open($"public readonly partial struct {layout.TypeName} : global::System.IEquatable<{layout.TypeName}>");

        w.Summary("The name of the shared layout.");
        w.Line($"public const string Name = {Format.Str(layout.Name)};");
        w.Line();
        w.Summary("The width of the layout in bits.");
        w.Line($"public const int Width = {Format.Int(layout.Width)};");
        w.Line();
        w.Summary("The value after reset: every field's reset value, and RES1 bits set.");
        w.Line($"public const ulong ResetValue = {Format.U64(layout.Layout.Reset)};");
        w.Line();

        RegisterEmitter.EmitLayoutMembers(w, new LayoutOwner(layout.Name, layout.Width, null), layout.Layout, layout.TypeName, isView: false, @namespace);

        w.Close();
        w.Close();
        return w.ToString();
    }
}
