using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using SysregGen.Runtime.Timers;

namespace SysregGen.Cli;

/// <summary>
/// The options of <c>sysreg</c>, parsed in its own words: limits in the help text, messages that name
/// the option and the accepted values (never a .NET type name), names matched in any case.
/// </summary>
internal static class CliOptions
{
    /// <summary>A number option with inclusive limits; decimal, or for 64-bit counts also hexadecimal with 0x.</summary>
    public static Option<T> Number<T>(string name, string description, T min, T max, T fallback)
        where T : struct, INumber<T>
    {
        string range = $"{Text(min)}..{Text(max)}";
        bool any64 = typeof(T) == typeof(ulong) && min == T.Zero && max == (T)(object)ulong.MaxValue;
        return new Option<T>(name)
        {
            // System.CommandLine prints the default itself.
            Description = any64 ? $"{description} (decimal, or hexadecimal with 0x)" : $"{description} ({range})",
            DefaultValueFactory = _ => fallback,
            CustomParser = result =>
            {
                string text = Single(result);
                if (!TryParse(text, out T value))
                {
                    result.AddError($"{name} must be a number, not '{text}'.");
                    return fallback;
                }

                if (value < min || value > max)
                {
                    result.AddError($"{name} must be {range}, not {text}.");
                }

                return value;
            },
        };
    }

    /// <summary>An option that takes one of a few names, in any case.</summary>
    public static Option<string> Choice(string name, string description, string fallback, params string[] names)
    {
        string list = string.Join(", ", names);
        return new Option<string>(name)
        {
            Description = $"{description}.",
            HelpName = string.Join("|", names),
            DefaultValueFactory = _ => fallback,
            CustomParser = result =>
            {
                string text = Single(result);
                foreach (string candidate in names)
                {
                    if (string.Equals(candidate, text, System.StringComparison.OrdinalIgnoreCase))
                    {
                        return candidate;
                    }
                }

                result.AddError($"{name} must be one of {list}, not '{text}'.");
                return fallback;
            },
        };
    }

    /// <summary><c>--host</c>: nvhe, vhe or vhe-ecv, in any case; null when absent.</summary>
    public static Option<HostMode?> Host(string description) => new("--host")
    {
        Description = description,
        HelpName = "nvhe|vhe|vhe-ecv",
        CustomParser = result => Single(result).ToLowerInvariant() switch
        {
            "nvhe" => HostMode.NonVhe,
            "vhe" => HostMode.Vhe,
            "vhe-ecv" => HostMode.VheEcv,
            string other => Fail(result, $"--host must be nvhe, vhe or vhe-ecv, not '{other}'."),
        },
    };

    private static HostMode? Fail(ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    private static string Single(ArgumentResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value : "";

    private static bool TryParse<T>(string text, out T value)
        where T : struct, INumber<T>
    {
        // Counter values read best in hexadecimal: the 64-bit options take 0x… too.
        if (typeof(T) == typeof(ulong) && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
            ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex))
        {
            value = (T)(object)hex;
            return true;
        }

        // An integer type halves 1 to 0; a floating-point one takes fractions.
        bool integerType = T.IsInteger(T.One / (T.One + T.One));
        return T.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value) &&
               (!integerType || T.IsInteger(value));
    }

    private static string Text<T>(T value)
        where T : INumber<T> => value.ToString(null, CultureInfo.InvariantCulture);
}
