using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using SysregGen.Registers;
using SysregGen.Runtime.Userspace;

namespace SysregGen.Simulation.Replay;

/// <summary>A config line as written: the settings it names, and the case-wide ones if it gives them.</summary>
internal sealed record ConfigLine(string Case, bool Reset, TraceSettings Settings, int? Vcpus, ulong? Frequency, bool? AArch32)
{
    /// <summary>
    /// The config of a case that starts here, with the format's defaults for what the line leaves
    /// out: an EL1 guest of a non-VHE host that traps the EL1 physical timer (HCR_EL2 0x80000000,
    /// CNTHCTL_EL2 0x1: the seed series' setup), or with an AArch32 EL1 (HCR_EL2.RW clear).
    /// </summary>
    public TraceConfig ToCaseConfig()
    {
        int el = Settings.El ?? 1;
        bool aarch32 = AArch32 ?? false;
        var complete = new TraceSettings(
            el,
            Settings.Hcr ?? (aarch32 && el == 1 ? 0 : 0x8000_0000),
            Settings.Cnthctl ?? 0x1,
            Settings.Cntvoff ?? 0,
            Settings.Cntkctl ?? 0);
        return new TraceConfig(Case, Vcpus ?? 1, Frequency ?? TraceReader.DefaultFrequency, aarch32, complete);
    }
}

/// <summary>Reads the fields of one line.</summary>
internal readonly ref struct TraceLineReader(string path, int line, string text)
{
    private static readonly Dictionary<string, SysregAccessor> s_accessors = BuildAccessorIndex();

    public TraceEvent Read()
    {
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            // The position within the line only: the file's line number is already in the message.
            throw Error($"not valid JSON (column {ex.BytePositionInLine + 1})");
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
                e.ConfigLine = ReadConfig(root);
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

    private ConfigLine ReadConfig(JsonElement root)
    {
        bool reset = OptionalBool(root, "reset") ?? true;
        var named = new TraceSettings(
            El: root.TryGetProperty("el", out _) ? OptionalInt(root, "el", 0, 0, 2) : null,
            Hcr: OptionalHex(root, "hcr_el2"),
            Cnthctl: OptionalHex(root, "cnthctl_el2"),
            Cntvoff: OptionalHex(root, "cntvoff_el2"),
            Cntkctl: OptionalHex(root, "cntkctl_el1"));
        int? vcpus = root.TryGetProperty("vcpus", out _) ? OptionalInt(root, "vcpus", 1, 1, 512) : null;
        ulong? frequency = root.TryGetProperty("cntfrq", out _) ? NonZero(Number(root, "cntfrq")) : null;
        bool? aarch32 = OptionalBool(root, "aarch32");
        if (reset && aarch32 == true && (named.El ?? 1) == 1 && named.Hcr is ulong hcr && (hcr & (1UL << 31)) != 0)
        {
            throw Error("an AArch32 EL1 needs HCR_EL2.RW (bit 31) clear in \"hcr_el2\"");
        }

        return new ConfigLine(String(root, "case"), reset, named, vcpus, frequency, aarch32);
    }

    private bool? OptionalBool(JsonElement root, string key) =>
        !root.TryGetProperty(key, out JsonElement v) ? null
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
        : throw Error($"\"{key}\" must be true or false");

    private ulong NonZero(ulong value) => value != 0 ? value : throw Error("\"cntfrq\" must not be 0");

    private void ReadRegister(JsonElement root, TraceEvent e)
    {
        string name = String(root, "reg");
        e.RegisterName = name;
        e.IsSupported = s_accessors.TryGetValue(name, out SysregAccessor accessor);
        e.Accessor = accessor;
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

    private bool Bool(JsonElement root, string key) => OptionalBool(root, key) ?? throw Error($"missing key \"{key}\"");

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

    private static Dictionary<string, SysregAccessor> BuildAccessorIndex()
    {
        var index = new Dictionary<string, SysregAccessor>(StringComparer.Ordinal);
        foreach (SysregAccessorInfo info in SysregTable.Accessors)
        {
            index[info.Name] = info.Accessor;
        }

        return index;
    }
}
