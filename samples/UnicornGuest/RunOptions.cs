using System.Globalization;

namespace UnicornGuest;

/// <summary>The command line: <c>--ticks N</c> (1..100000, default 1000) and <c>--hz N</c> (1..1000000, default 1000).</summary>
public sealed record RunOptions(int Ticks, int Hz)
{
    public const string Usage = "usage: UnicornGuest [--ticks N (1..100000, default 1000)] [--hz N (1..1000000, default 1000)]";

    /// <summary>Parses the arguments.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="options">The options, when valid.</param>
    /// <param name="error">What is wrong, otherwise.</param>
    /// <returns>Whether they are valid.</returns>
    public static bool TryParse(IReadOnlyList<string> args, out RunOptions options, out string? error)
    {
        int ticks = 1000, hz = 1000;
        options = new RunOptions(ticks, hz);
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name is not ("--ticks" or "--hz"))
            {
                error = $"unknown argument '{name}'";
                return false;
            }

            (int max, string what) = name == "--ticks" ? (100_000, "ticks") : (1_000_000, "hz");
            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value";
                return false;
            }

            string text = args[++i];
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1 || value > max)
            {
                error = $"{name} must be a whole number from 1 to {max}, not '{text}'";
                return false;
            }

            if (what == "ticks")
            {
                ticks = value;
            }
            else
            {
                hz = value;
            }
        }

        options = new RunOptions(ticks, hz);
        error = null;
        return true;
    }
}
