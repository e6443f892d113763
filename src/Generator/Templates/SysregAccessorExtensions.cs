/// <summary>The encodings of accessors.</summary>
[global::System.CodeDom.Compiler.GeneratedCode("SysregGen", "{{GeneratorVersion}}")]
public static class SysregAccessorExtensions
{
    /// <summary>The encoding of an accessor, for example to build its trap syndrome with &lt;see cref="global::SysregGen.Esr.ForAccess"/&gt;.</summary>
    /// <param name="accessor">A defined accessor.</param>
    /// <returns>The encoding.</returns>
    /// <exception cref="global::System.ArgumentOutOfRangeException"><paramref name="accessor"/> is not a SysregAccessor value the specs define.</exception>
    public static global::SysregGen.SysregEncoding Encoding(this SysregAccessor accessor) => SysregTable.Get(accessor).Encoding;
}
