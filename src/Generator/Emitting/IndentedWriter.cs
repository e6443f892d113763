using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace SysregGen.Generator.Emitting;

/// <summary>Writes C# text with four-space indentation and '\n' line endings on every platform.</summary>
internal sealed class IndentedWriter
{
    public const int IndentSize = 4;

    /// <summary>The largest buffer a thread keeps for <see cref="Rent"/>: a register's struct is ~20 K characters; the catalog's ~2 M are not kept.</summary>
    private const int MaxKeptCapacity = 64 * 1024;

    [ThreadStatic]
    private static StringBuilder? t_kept;

    private readonly StringBuilder _text;
    private int _indent;

    public IndentedWriter()
        : this(new StringBuilder())
    {
    }

    private IndentedWriter(StringBuilder text) => _text = text;

    /// <summary>
    /// A writer over this thread's kept buffer, for the files written once per register: a cold
    /// run writes 1,600 of them, and growing a new buffer for each was a quarter of what it
    /// allocated. End it with <see cref="ToStringAndReturn"/>, after which it must not be used.
    /// </summary>
    public static IndentedWriter Rent()
    {
        StringBuilder text = t_kept ?? new StringBuilder(16 * 1024);
        t_kept = null;
        return new IndentedWriter(text);
    }

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

    /// <summary>
    /// A line written as an interpolated string: its parts go straight into the text, so the ~20 KB
    /// of a register's struct is not first built as one string per line (the cold run at 1,600
    /// registers allocated ~67 KB per register that way). Values are formatted invariantly.
    /// </summary>
    public IndentedWriter Line([InterpolatedStringHandlerArgument("")] ref LineHandler line)
    {
        // An empty line has no indentation, as Line("") writes it.
        if (_text.Length == line.TextStart)
        {
            _text.Length = line.LineStart;
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

    /// <summary>The text; the buffer goes back to this thread for the next <see cref="Rent"/>.</summary>
    public string ToStringAndReturn()
    {
        string text = _text.ToString();
        if (_text.Capacity <= MaxKeptCapacity)
        {
            _text.Clear();
            t_kept = _text;
        }

        return text;
    }

    /// <summary>Appends an interpolated line's parts after the indentation; <see cref="Line(ref LineHandler)"/> ends it.</summary>
    [InterpolatedStringHandler]
    public readonly ref struct LineHandler
    {
        private readonly StringBuilder _text;

        public LineHandler(int literalLength, int formattedCount, IndentedWriter writer)
        {
            _text = writer._text;
            LineStart = _text.Length;
            _text.Append(' ', writer._indent * IndentSize);
            TextStart = _text.Length;
        }

        /// <summary>Where the line starts in the writer's text.</summary>
        public int LineStart { get; }

        /// <summary>Where its text starts, after the indentation.</summary>
        public int TextStart { get; }

        public void AppendLiteral(string value) => _text.Append(value);

        public void AppendFormatted(string? value) => _text.Append(value);

        public void AppendFormatted(int value) => _text.Append(value.ToString(CultureInfo.InvariantCulture));

        public void AppendFormatted<T>(T value) => AppendFormatted(value, 0, null);

        public void AppendFormatted<T>(T value, string? format) => AppendFormatted(value, 0, format);

        public void AppendFormatted<T>(T value, int alignment) => AppendFormatted(value, alignment, null);

        /// <summary>As string interpolation formats a value, but invariantly: right-aligned in <paramref name="alignment"/> characters, left-aligned when it is negative.</summary>
        public void AppendFormatted<T>(T value, int alignment, string? format)
        {
            string text = (value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : value?.ToString()) ?? "";
            _text.Append(alignment > text.Length ? text.PadLeft(alignment) : -alignment > text.Length ? text.PadRight(-alignment) : text);
        }
    }
}
