using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using SysregGen.Registers;
using SysregGen.Runtime.Userspace;

namespace SysregGen.Runtime.Replay;

/// <summary>The kinds of line in a timer trace (docs/trace-format.md).</summary>
public enum TraceEventKind
{
    /// <summary>Describes the recording; ignored.</summary>
    Meta,

    /// <summary>Starts a case (or reconfigures one, with reset false).</summary>
    Config,

    /// <summary>A guest read that completed.</summary>
    Read,

    /// <summary>A guest write that completed.</summary>
    Write,

    /// <summary>A read or write stated not to trap.</summary>
    NoTrap,

    /// <summary>An access that raised an exception and had no effect.</summary>
    Trap,

    /// <summary>The architectural level of a timer line at a count.</summary>
    Irq,

    /// <summary>Host time moves on.</summary>
    Advance,

    /// <summary>The vCPU executes WFI.</summary>
    Block,

    /// <summary>Whether the vCPU was woken since it blocked.</summary>
    Wake,

    /// <summary>The blocked vCPU's background-timer deadline.</summary>
    Deadline,

    /// <summary>The vCPU is scheduled in.</summary>
    Load,

    /// <summary>The vCPU is scheduled out.</summary>
    Put,

    /// <summary>Userspace sets a one-reg register.</summary>
    SetReg,

    /// <summary>Userspace reads a one-reg register.</summary>
    GetReg,

    /// <summary>The level last reported for a line.</summary>
    Level,

    /// <summary>How many times a line was raised.</summary>
    Raises,

    /// <summary>The vCPU is reset.</summary>
    Reset,

    /// <summary>The VM is saved and restored into a new one.</summary>
    Snapshot,
}

/// <summary>One line of a trace, with the fields its kind uses.</summary>
public sealed class TraceEvent
{
    internal TraceEvent(TraceEventKind kind, int line)
    {
        Kind = kind;
        Line = line;
    }

    /// <summary>The kind.</summary>
    public TraceEventKind Kind { get; }

    /// <summary>The one-based line number in the file.</summary>
    public int Line { get; }

    /// <summary>The vCPU the event is about (default 0).</summary>
    public int Vcpu { get; internal set; }

    /// <summary>The physical count the counter moves to first, if the event has one.</summary>
    public ulong? Count { get; internal set; }

    /// <summary>For a read with an inexact count, the highest count it may have happened at.</summary>
    public ulong? CountMax { get; internal set; }

    /// <summary>The register name as written in the trace.</summary>
    public string? RegisterName { get; internal set; }

    /// <summary>The accessor the register name denotes.</summary>
    public SysregAccessor Accessor { get; internal set; }

    /// <summary>Whether an access is a write.</summary>
    public bool IsWrite { get; internal set; }

    /// <summary>The value read or written, or expected.</summary>
    public ulong Value { get; internal set; }

    /// <summary>Whether the line had a value.</summary>
    public bool HasValue { get; internal set; }

    /// <summary>A trap's syndrome.</summary>
    public uint Esr { get; internal set; }

    /// <summary>A trap's target EL.</summary>
    public int ToEl { get; internal set; }

    /// <summary>An interrupt id.</summary>
    public int Intid { get; internal set; }

    /// <summary>The boolean a line states (pending, level, expected).</summary>
    public bool Flag { get; internal set; }

    /// <summary>An expected raise count.</summary>
    public int Number { get; internal set; }

    /// <summary>An expected deadline (null for "none").</summary>
    public UInt128? Deadline { get; internal set; }

    /// <summary>A one-reg id.</summary>
    public ulong RegisterId { get; internal set; }

    /// <summary>A config line's settings.</summary>
    public TraceConfig? Config { get; internal set; }
}

/// <summary>A config line.</summary>
/// <param name="Case">The case name.</param>
/// <param name="El">The EL of the accesses that follow.</param>
/// <param name="Hcr">HCR_EL2 as the hypervisor set it.</param>
/// <param name="Cnthctl">CNTHCTL_EL2.</param>
/// <param name="Cntvoff">The virtual offset.</param>
/// <param name="Cntkctl">CNTKCTL_EL1.</param>
/// <param name="AArch32">Whether the accesses are made in AArch32 state.</param>
/// <param name="Reset">True when the line starts a case; false for a reconfiguration.</param>
/// <param name="Vcpus">The number of vCPUs.</param>
/// <param name="Frequency">The counter frequency.</param>
public sealed record TraceConfig(string Case, int El, ulong Hcr, ulong Cnthctl, ulong Cntvoff, ulong Cntkctl, bool AArch32, bool Reset, int Vcpus, ulong Frequency)
{
    /// <summary>HCR_EL2.E2H (bit 34).</summary>
    public bool E2H => (Hcr >> 34 & 1) != 0;

    /// <summary>HCR_EL2.TGE (bit 27).</summary>
    public bool Tge => (Hcr >> 27 & 1) != 0;
}

/// <summary>A case: its config line and the events after it.</summary>
/// <param name="Config">The config that starts it.</param>
/// <param name="Line">The line of that config.</param>
/// <param name="Events">The events, reconfigurations included.</param>
public sealed record TraceCase(TraceConfig Config, int Line, IReadOnlyList<TraceEvent> Events);

/// <summary>A parsed trace file.</summary>
/// <param name="Path">The file name, for messages.</param>
/// <param name="Cases">The cases.</param>
/// <param name="EventCount">The number of event lines (config and meta lines excluded).</param>
public sealed record TraceFile(string Path, IReadOnlyList<TraceCase> Cases, int EventCount);

/// <summary>A trace that does not follow the format, with the first line that is wrong.</summary>
public sealed class TraceFormatException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="path">The file.</param>
    /// <param name="line">The one-based line.</param>
    /// <param name="message">What is wrong.</param>
    public TraceFormatException(string path, int line, string message)
        : base($"{path}:{line}: {message}")
    {
        Path = path;
        LineNumber = line;
        Reason = message;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The one-based line.</summary>
    public int LineNumber { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }
}

/// <summary>Reads timer traces (JSON Lines, format version 1), strictly: the first malformed line is an error.</summary>
public static class TraceReader
{
    /// <summary>The counter frequency of a case that does not give one: 62.5 MHz.</summary>
    public const ulong DefaultFrequency = 62_500_000;

    private static readonly Dictionary<string, SysregAccessor> s_accessors = BuildAccessorIndex();

    /// <summary>Parses a trace.</summary>
    /// <param name="path">The file name, for messages.</param>
    /// <param name="text">The file's text.</param>
    /// <returns>The trace.</returns>
    /// <exception cref="TraceFormatException">A line is malformed: not JSON, an unknown kind, register or id, a missing key, a counter going backwards.</exception>
    public static TraceFile Read(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cases = new List<TraceCase>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        List<TraceEvent>? events = null;
        TraceConfig? current = null;
        int caseLine = 0;
        int eventCount = 0;
        ulong lastCount = 0;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var reader = new LineReader(path, i + 1, line);
            TraceEvent e = reader.Read(current);
            if (e.Kind == TraceEventKind.Meta)
            {
                continue;
            }

            if (e.Kind == TraceEventKind.Config)
            {
                TraceConfig config = e.Config!;
                if (config.Reset)
                {
                    if (!names.Add(config.Case))
                    {
                        throw new TraceFormatException(path, i + 1, $"case '{config.Case}' appears twice in the file");
                    }

                    if (events is not null)
                    {
                        cases.Add(new TraceCase(current!, caseLine, events));
                    }

                    events = new List<TraceEvent>();
                    current = config;
                    caseLine = i + 1;
                    lastCount = 0;
                    continue;
                }

                if (events is null || current is null)
                {
                    throw new TraceFormatException(path, i + 1, "a reconfiguration (\"reset\": false) before any case");
                }

                if (config.Vcpus != current.Vcpus || config.Frequency != current.Frequency)
                {
                    throw new TraceFormatException(path, i + 1, "a reconfiguration cannot change \"vcpus\" or \"cntfrq\"");
                }

                current = config with { Case = current.Case };
                e.Config = current;
                events.Add(e);
                continue;
            }

            if (events is null || current is null)
            {
                throw new TraceFormatException(path, i + 1, $"a '{KindName(e.Kind)}' line before the first config line");
            }

            if (e.Vcpu >= current.Vcpus)
            {
                throw new TraceFormatException(path, i + 1, $"vcpu {e.Vcpu} does not exist in a case of {current.Vcpus} vCPU(s)");
            }

            if (e.Count is ulong count)
            {
                if (count < lastCount)
                {
                    throw new TraceFormatException(path, i + 1, $"the counter goes backwards: 0x{count:x} after 0x{lastCount:x}");
                }

                lastCount = count;
            }

            eventCount++;
            events.Add(e);
        }

        if (events is not null)
        {
            cases.Add(new TraceCase(current!, caseLine, events));
        }

        return new TraceFile(path, cases, eventCount);
    }

    internal static string KindName(TraceEventKind kind) => kind switch
    {
        TraceEventKind.NoTrap => "notrap",
        TraceEventKind.SetReg => "set_reg",
        TraceEventKind.GetReg => "get_reg",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static Dictionary<string, SysregAccessor> BuildAccessorIndex()
    {
        var index = new Dictionary<string, SysregAccessor>(StringComparer.Ordinal);
        foreach (SysregAccessorInfo info in SysregTable.Accessors)
        {
            index[info.Name] = info.Accessor;
        }

        return index;
    }

    /// <summary>Reads the fields of one line.</summary>
    private readonly ref struct LineReader(string path, int line, string text)
    {
        public TraceEvent Read(TraceConfig? current)
        {
            JsonElement root;
            try
            {
                using JsonDocument document = JsonDocument.Parse(text);
                root = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw Error("not valid JSON: " + ex.Message);
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error("a line must be a JSON object");
            }

            string kindName = String(root, "kind");
            TraceEventKind kind = kindName switch
            {
                "meta" => TraceEventKind.Meta,
                "config" => TraceEventKind.Config,
                "read" => TraceEventKind.Read,
                "write" => TraceEventKind.Write,
                "notrap" => TraceEventKind.NoTrap,
                "trap" => TraceEventKind.Trap,
                "irq" => TraceEventKind.Irq,
                "advance" => TraceEventKind.Advance,
                "block" => TraceEventKind.Block,
                "wake" => TraceEventKind.Wake,
                "deadline" => TraceEventKind.Deadline,
                "load" => TraceEventKind.Load,
                "put" => TraceEventKind.Put,
                "set_reg" => TraceEventKind.SetReg,
                "get_reg" => TraceEventKind.GetReg,
                "level" => TraceEventKind.Level,
                "raises" => TraceEventKind.Raises,
                "reset" => TraceEventKind.Reset,
                "snapshot" => TraceEventKind.Snapshot,
                _ => throw Error($"unknown kind '{kindName}'"),
            };

            var e = new TraceEvent(kind, line) { Vcpu = OptionalInt(root, "vcpu", 0, 0, 511) };
            switch (kind)
            {
                case TraceEventKind.Config:
                    e.Config = ReadConfig(root, current);
                    break;
                case TraceEventKind.Read or TraceEventKind.Write or TraceEventKind.NoTrap:
                    e.IsWrite = kind == TraceEventKind.Write || (kind == TraceEventKind.NoTrap && Direction(root));
                    ReadRegister(root, e);
                    e.Value = Hex(root, "value");
                    e.HasValue = true;
                    e.Count = Hex(root, "cnt");
                    e.CountMax = OptionalHex(root, "cnt_max");
                    if (e.CountMax < e.Count)
                    {
                        throw Error("\"cnt_max\" is below \"cnt\"");
                    }

                    break;
                case TraceEventKind.Trap:
                    e.IsWrite = Direction(root);
                    ReadRegister(root, e);
                    e.HasValue = root.TryGetProperty("value", out _);
                    e.Value = OptionalHex(root, "value") ?? 0;
                    ulong esr = Hex(root, "esr");
                    e.Esr = esr <= uint.MaxValue ? (uint)esr : throw Error("\"esr\" is wider than 32 bits");
                    e.ToEl = Int(root, "to_el", 1, 3);
                    break;
                case TraceEventKind.Irq:
                    e.Intid = Int(root, "intid", 0, 1019);
                    e.Flag = Bool(root, "pending");
                    e.Count = Hex(root, "cnt");
                    break;
                case TraceEventKind.Level:
                    e.Intid = Int(root, "intid", 0, 1019);
                    e.Flag = Bool(root, "level");
                    break;
                case TraceEventKind.Raises:
                    e.Intid = Int(root, "intid", 0, 1019);
                    e.Number = Int(root, "count", 0, int.MaxValue);
                    break;
                case TraceEventKind.Wake:
                    e.Flag = Bool(root, "expected");
                    break;
                case TraceEventKind.Deadline:
                    e.Deadline = DeadlineValue(root);
                    break;
                case TraceEventKind.Advance or TraceEventKind.Block or TraceEventKind.Load or TraceEventKind.Put:
                    e.Count = kind == TraceEventKind.Advance ? Hex(root, "cnt") : OptionalHex(root, "cnt");
                    break;
                case TraceEventKind.SetReg or TraceEventKind.GetReg:
                    string id = String(root, "id");
                    e.RegisterName = id;
                    e.RegisterId = KvmRegisterIds.TryParse(id, out ulong regId) ? regId : throw Error($"unknown one-reg id '{id}'");
                    e.Value = Hex(root, "value");
                    e.HasValue = true;
                    e.Count = OptionalHex(root, "cnt");
                    break;
            }

            return e;
        }

        private TraceConfig ReadConfig(JsonElement root, TraceConfig? current)
        {
            bool reset = !root.TryGetProperty("reset", out JsonElement r) || (r.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? r.GetBoolean()
                : throw Error("\"reset\" must be true or false"));
            TraceConfig? inherited = reset ? null : current;

            // Hand-written cases default to the seed series' setup: an EL1 guest of a non-VHE host
            // that traps the EL1 physical timer (HCR_EL2 0x80000000, CNTHCTL_EL2 0x1).
            return new TraceConfig(
                String(root, "case"),
                OptionalInt(root, "el", inherited?.El ?? 1, 0, 1),
                OptionalHex(root, "hcr_el2") ?? inherited?.Hcr ?? 0x8000_0000,
                OptionalHex(root, "cnthctl_el2") ?? inherited?.Cnthctl ?? 0x1,
                OptionalHex(root, "cntvoff_el2") ?? inherited?.Cntvoff ?? 0,
                OptionalHex(root, "cntkctl_el1") ?? inherited?.Cntkctl ?? 0,
                root.TryGetProperty("aarch32", out JsonElement a) ? (a.ValueKind is JsonValueKind.True or JsonValueKind.False ? a.GetBoolean() : throw Error("\"aarch32\" must be true or false")) : inherited?.AArch32 ?? false,
                reset,
                OptionalInt(root, "vcpus", inherited?.Vcpus ?? 1, 1, 512),
                root.TryGetProperty("cntfrq", out _) ? NonZero(Number(root, "cntfrq")) : inherited?.Frequency ?? DefaultFrequency);
        }

        private ulong NonZero(ulong value) => value != 0 ? value : throw Error("\"cntfrq\" must not be 0");

        private void ReadRegister(JsonElement root, TraceEvent e)
        {
            string name = String(root, "reg");
            e.RegisterName = name;
            e.Accessor = s_accessors.TryGetValue(name, out SysregAccessor accessor) ? accessor : throw Error($"unknown register '{name}'");
        }

        private bool Direction(JsonElement root) => String(root, "dir") switch
        {
            "read" => false,
            "write" => true,
            string other => throw Error($"\"dir\" must be \"read\" or \"write\", not '{other}'"),
        };

        private UInt128? DeadlineValue(JsonElement root)
        {
            string s = String(root, "expected");
            if (s == "none")
            {
                return null;
            }

            if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && s.Length is > 2 and <= 34 &&
                UInt128.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out UInt128 value))
            {
                return value;
            }

            throw Error($"\"expected\" must be a 0x… count or \"none\", not '{s}'");
        }

        private string String(JsonElement root, string key) =>
            !root.TryGetProperty(key, out JsonElement v) ? throw Error($"missing key \"{key}\"")
            : v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Error($"\"{key}\" must be a string");

        private bool Bool(JsonElement root, string key) =>
            !root.TryGetProperty(key, out JsonElement v) ? throw Error($"missing key \"{key}\"")
            : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Error($"\"{key}\" must be true or false");

        private int Int(JsonElement root, string key, int min, int max) =>
            root.TryGetProperty(key, out _) ? OptionalInt(root, key, 0, min, max) : throw Error($"missing key \"{key}\"");

        private int OptionalInt(JsonElement root, string key, int fallback, int min, int max)
        {
            if (!root.TryGetProperty(key, out JsonElement v))
            {
                return fallback;
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int n))
            {
                throw Error($"\"{key}\" must be an integer");
            }

            return n >= min && n <= max ? n : throw Error($"\"{key}\" is {n}; it must be {min}..{max}");
        }

        private ulong Hex(JsonElement root, string key) => OptionalHex(root, key) ?? throw Error($"missing key \"{key}\"");

        private ulong? OptionalHex(JsonElement root, string key)
        {
            if (!root.TryGetProperty(key, out JsonElement v))
            {
                return null;
            }

            string? s = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (s is not null && s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && s.Length is > 2 and <= 18 &&
                ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong value))
            {
                return value;
            }

            throw Error($"\"{key}\" must be a \"0x…\" hexadecimal string of at most 64 bits");
        }

        private ulong Number(JsonElement root, string key)
        {
            JsonElement v = root.GetProperty(key);
            return v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out ulong n) ? n
                : v.ValueKind == JsonValueKind.String ? Hex(root, key)
                : throw Error($"\"{key}\" must be a number");
        }

        private TraceFormatException Error(string message) => new(path, line, message);
    }
}
