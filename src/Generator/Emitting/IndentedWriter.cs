using System.Text;

namespace SysregGen.Generator.Emitting;

/// <summary>Writes C# text with four-space indentation and '\n' line endings on every platform.</summary>
internal sealed class IndentedWriter
{
    public const int IndentSize = 4;

    private readonly StringBuilder _text = new();
    private int _indent;

    public IndentedWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * IndentSize);
            _text.Append(line);
        }

        _text.Append('\n');
        return this;
    }

    public IndentedWriter Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
        return this;
    }

    public IndentedWriter Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
        return this;
    }

    public IndentedWriter Indent()
    {
        _indent++;
        return this;
    }

    public IndentedWriter Outdent()
    {
        _indent--;
        return this;
    }

    /// <summary>An XML doc summary; text is escaped.</summary>
    public IndentedWriter Summary(string text)
    {
        Line("/// <summary>" + Escape(text) + "</summary>");
        return this;
    }

    /// <summary>An XML doc summary written as trusted XML (may contain see/paramref tags).</summary>
    public IndentedWriter Doc(string xml)
    {
        Line("/// <summary>" + xml + "</summary>");
        return this;
    }

    public static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public override string ToString() => _text.ToString();
}
