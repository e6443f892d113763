using System;
using System.Globalization;
using System.Text;

namespace SysregGen.Specs.Json;

/// <summary>The scalar tokens of <see cref="JsonTreeReader"/>: strings and their escapes, numbers, bare words and whitespace.</summary>
internal sealed partial class JsonTreeReader
{
    /// <summary>A string token, from its opening quote to just past its closing one; returns the unescaped text.</summary>
    private string ReadString()
    {
        int start = _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw new SyntaxException("a string is not closed: the file ends before its closing '\"'", start);
            }

            char c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                return sb.ToString();
            }

            if (c is '\n' or '\r')
            {
                throw new SyntaxException("a string is not closed before the end of the line; close it with '\"' (a line break inside a string is written \\n)", start);
            }

            if (c < ' ')
            {
                throw new SyntaxException($"a string contains the control character U+{(int)c:X4}; write it as an escape such as \\t or \\u{(int)c:X4}", _pos);
            }

            if (c != '\\')
            {
                sb.Append(c);
                _pos++;
                continue;
            }

            sb.Append(ReadEscape());
        }
    }

    private char ReadEscape()
    {
        int start = _pos;
        char e = _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';
        _pos += 2;
        switch (e)
        {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                if (_pos + 4 <= _text.Length &&
                    ushort.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code))
                {
                    _pos += 4;
                    return (char)code;
                }

                throw new SyntaxException("'\\u' in a string needs four hexadecimal digits, as in \\u00e9", start);
            default:
                string shown = e == '\0' ? "\\" : "\\" + e;
                throw new SyntaxException($"'{shown}' is not a JSON escape; in a string a backslash starts one of \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX (write \\\\ for a backslash itself)", start);
        }
    }

    /// <summary>A JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    private void ReadNumber()
    {
        int start = _pos;
        if (Current == '-')
        {
            _pos++;
        }

        if (AtEnd || !IsDigit(Current))
        {
            throw new SyntaxException("a '-' must be followed by digits", start);
        }

        if (Current == '0' && _pos + 1 < _text.Length && IsDigit(_text[_pos + 1]))
        {
            throw new SyntaxException($"'{_text.Substring(start, WordEnd(start) - start)}' is not a JSON number: JSON numbers have no leading zeros", start);
        }

        SkipDigits();
        if (!AtEnd && Current == '.')
        {
            _pos++;
            RequireDigits(start, "a '.' in a number must be followed by digits");
        }

        if (!AtEnd && Current is 'e' or 'E')
        {
            _pos++;
            if (!AtEnd && Current is '+' or '-')
            {
                _pos++;
            }

            RequireDigits(start, "an exponent in a number must have digits");
        }

        if (!AtEnd && IsWordChar(Current))
        {
            // 0x10, 1_000, 12abc: a JSON number ends at the first letter.
            string word = _text.Substring(start, WordEnd(start) - start);
            throw new SyntaxException(word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || word.StartsWith("0b", StringComparison.OrdinalIgnoreCase)
                ? $"'{word}' is not a JSON number; write hexadecimal and binary values as strings: \"{word}\""
                : $"'{word}' is not a JSON number", start);
        }
    }

    private void RequireDigits(int numberStart, string message)
    {
        if (AtEnd || !IsDigit(Current))
        {
            throw new SyntaxException(message, numberStart);
        }

        SkipDigits();
    }

    private void SkipDigits()
    {
        while (!AtEnd && IsDigit(Current))
        {
            _pos++;
        }
    }

    private string ReadWord()
    {
        int start = _pos;
        _pos = WordEnd(start);
        return _text.Substring(start, _pos - start);
    }

    private int WordEnd(int from)
    {
        int end = from;
        while (end < _text.Length && (IsWordChar(_text[end]) || _text[end] is '-' or '.' or '+'))
        {
            end++;
        }

        return end;
    }

    private void SkipWhitespace()
    {
        while (!AtEnd)
        {
            char c = Current;
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] is '/' or '*')
            {
                throw new SyntaxException("JSON has no comments; remove the comment (a \"description\" property can say it)", _pos);
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
