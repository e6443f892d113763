using System;
using System.IO;

namespace SysregGen.Cli;

/// <summary>
/// A one-line progress report for long runs, rewritten in place on standard error. It shows only when
/// standard error is a terminal, so redirected output (files, pipes, CI logs) stays clean.
/// </summary>
internal sealed class TerminalProgress : IDisposable
{
    private readonly TextWriter? _writer;
    private int _width;

    private TerminalProgress(TextWriter? writer) => _writer = writer;

    /// <summary>Progress on the console's standard error, or nothing when it is redirected.</summary>
    public static TerminalProgress ForConsole() => new(Console.IsErrorRedirected ? null : Console.Error);

    /// <summary>Progress on a given writer (tests), or none.</summary>
    public static TerminalProgress To(TextWriter? writer) => new(writer);

    public void Report(string text)
    {
        if (_writer is null)
        {
            return;
        }

        string line = text.Length > 100 ? text[..100] : text;
        _writer.Write("\r" + line.PadRight(_width));
        _width = line.Length;
        _writer.Flush();
    }

    public void Dispose()
    {
        if (_writer is not null && _width > 0)
        {
            _writer.Write("\r" + new string(' ', _width) + "\r");
            _writer.Flush();
        }
    }
}
