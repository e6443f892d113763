using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CsCheck;
using SysregGen.Registers;
using SysregGen.Runtime;
using SysregGen.Runtime.Snapshots;
using SysregGen.Runtime.Timers;
using SysregGen.Runtime.Userspace;
using SysregGen.Tests.Infrastructure;
using static SysregGen.Tests.Infrastructure.RuntimeTestHelpers;

namespace SysregGen.Tests.Runtime;

/// <summary>
/// Mangled real snapshots: every invalid one is rejected with a message naming the field (or, for
/// text that is not JSON, the line and byte), and the VM it was to be restored into is left exactly
/// as it was.
/// </summary>
public sealed class SnapshotFuzzTests
{
    public enum Mutation
    {
        Truncate,
        ReplaceCharacter,
        OutOfRangeNumber,
        RemoveField,
        ExtraField,
        HugeArray,
        WrongType,
    }

    /// <summary>Numbers no field of a snapshot holds: negative, past 64 bits, fractional, past a double.</summary>
    private static readonly string[] BadNumbers = { "-1", "-9223372036854775809", "18446744073709551616", "1.5", "1e400" };

    /// <summary>The fields a snapshot cannot do without (versions 1 and 2).</summary>
    private static readonly HashSet<string> Required = new() { "version", "frequency", "hostMode", "ppis", "vcpus", "id", "timers", "ctl", "cval" };

    /// <summary>A real snapshot and a VM it fits: the same shape, with a different state of its own.</summary>
    private sealed record Case(string Name, string Json, Func<TestVm> Target);

    private static readonly Case[] Cases =
    {
        new("two vCPUs, one blocked, one with an expired timer", TimerSnapshot.Capture(Busy(nested: false).Vm, FixedClock).ToJson(), () => Target(nested: false)),
        new("nested virtualisation, four timers", TimerSnapshot.Capture(Busy(nested: true).Vm, FixedClock).ToJson(), () => Target(nested: true)),
        new("format version 1", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Runtime", "Fixtures", "snapshot-v1.json")), () => Target(nested: false)),
    };

    private static TestVm Busy(bool nested)
    {
        var t = new TestVm(vcpus: 2, features: Features(nested), nested: nested);
        t.Counter.AdvanceTo(0x3000);
        t.Write(SysregAccessor.CntpCvalEl0, 0x3100);
        t.Write(SysregAccessor.CntpCtlEl0, Enable);
        t.Write(SysregAccessor.CntvTvalEl0, 0, vcpu: 1);
        t.Write(SysregAccessor.CntvCtlEl0, Enable, vcpu: 1);
        if (nested)
        {
            Assert.Equal(KvmResult.Ok, t.Vm.Vcpus[1].SetVirtualEl2(new VirtualEl2State(false, true, 0x40, 0x80, CntpoffApplies: true)));
        }

        t.Vm.Vcpus[0].RecordWakes();
        t.Vm.Vcpus[0].Block();
        return t;
    }

    private static TestVm Target(bool nested)
    {
        var t = new TestVm(vcpus: 2, features: Features(nested), nested: nested);
        t.Counter.AdvanceTo(0x9000);
        t.Vm.Vcpus[1].WriteOneReg(KvmRegisterIds.PtimerCval, 0x1234);
        t.Vm.Vcpus[1].WriteOneReg(KvmRegisterIds.PtimerCtl, Enable | Imask);
        t.Vcpu.WriteOneReg(KvmRegisterIds.TimerCnt, 0x777);
        return t;
    }

    private static SysregFeatures Features(bool nested) => nested ? SysregFeatures.Vhe | SysregFeatures.Ecv : SysregFeatures.Vhe;

    [Fact]
    public void TenThousandMangledSnapshotsAreRejectedByFieldAndChangeNothing()
    {
        var tried = new ConcurrentDictionary<Mutation, int>();
        Gen.Select(Gen.Int[0, Cases.Length - 1], Gen.Enum<Mutation>(), Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue]).Sample((c, mutation, pick, value) =>
        {
            Case @case = Cases[c];
            (string text, string? field, bool invalid) = Mutate(@case.Json, mutation, pick, value);
            tried.AddOrUpdate(mutation, 1, (_, n) => n + 1);

            TestVm target = @case.Target();
            string before = State(target);
            string? error;
            bool restored = TimerSnapshot.TryParse(text, out TimerSnapshot? snapshot, out error) && snapshot!.TryRestore(target.Vm, out error);
            if (restored)
            {
                Assert.False(invalid, $"{mutation} of {@case.Name} was accepted:\n{text}");
                return;
            }

            Assert.False(string.IsNullOrWhiteSpace(error));
            Assert.Equal(before, State(target));
            if (mutation == Mutation.Truncate)
            {
                Assert.Matches(@"^The snapshot is not valid JSON at line \d+, byte \d+\.$", error);
            }
            else if (field is not null && invalid)
            {
                Assert.True(error!.Contains(field, StringComparison.Ordinal), $"{mutation} of '{field}' in {@case.Name}: '{error}' does not name it");
            }
        }, iter: 10_000);

        Assert.Equal(10_000, tried.Values.Sum());
        Assert.All(Enum.GetValues<Mutation>(), m => Assert.True(tried.GetValueOrDefault(m) > 1_000, $"{m}: {tried.GetValueOrDefault(m)}"));
    }

    /// <summary>The VM's state bit for bit: its capture, and every register and line as its VMM reads them.</summary>
    private static string State(TestVm t)
    {
        IEnumerable<string> registers = t.Vm.Vcpus.SelectMany(v =>
            (t.Vm.Options.NestedVirtualization ? KvmRegisterIds.All.Concat(KvmRegisterIds.Nested) : KvmRegisterIds.All)
            .Select(id => $"{v.Id}:{KvmRegisterIds.NameOf(id)}={v.ReadOneReg(id):x} {v.DeviceIrqLevel}"));
        return TimerSnapshot.Capture(t.Vm, FixedClock).ToJson() + string.Join("\n", registers) + string.Join(",", t.Irq.Changes);
    }

    /// <summary>
    /// Applies <paramref name="mutation"/> at the place <paramref name="pick"/> selects. Returns the
    /// text, the field a message must name (the innermost property at the place), and whether the
    /// result is invalid whatever the rest of the snapshot says.
    /// </summary>
    private static (string Text, string? Field, bool Invalid) Mutate(string json, Mutation mutation, int pick, int value)
    {
        switch (mutation)
        {
            case Mutation.Truncate:
                return (json[..(1 + (pick % (json.Length - 2)))], null, true);
            case Mutation.ReplaceCharacter:
                const string characters = "{}[]\":,0123456789-+.eEnulltruefalsx \\\u00e9\u0000";
                int at = pick % json.Length;
                return (string.Concat(json.AsSpan(0, at), characters[value % characters.Length].ToString(), json.AsSpan(at + 1)), null, false);
        }

        JsonNode root = JsonNode.Parse(json)!;
        var places = new List<(JsonNode? Node, JsonNode Parent, string Field, string? Key)>();
        Collect(root, "(the snapshot)", places);
        var candidates = mutation switch
        {
            Mutation.OutOfRangeNumber => places.Where(p => p.Node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number).ToList(),
            Mutation.RemoveField => places.Where(p => p.Key is not null).ToList(),
            Mutation.ExtraField => places.Where(p => p.Node is JsonObject).ToList(),
            Mutation.HugeArray => places.Where(p => p.Node is JsonArray).ToList(),
            _ => places.Where(p => p.Node is not null).ToList(),
        };
        if (mutation == Mutation.ExtraField)
        {
            candidates.Add((root, root, "(the snapshot)", null));
        }

        (JsonNode? node, JsonNode parent, string field, string? key) = candidates[pick % candidates.Count];
        bool invalid = true;
        switch (mutation)
        {
            case Mutation.OutOfRangeNumber:
                Replace(node!, JsonNode.Parse(BadNumbers[value % BadNumbers.Length]));
                break;
            case Mutation.RemoveField:
                ((JsonObject)parent).Remove(key!);
                invalid = Required.Contains(key!);
                break;
            case Mutation.ExtraField:
                ((JsonObject)node!).Add("bogus", value);
                field = "bogus";
                break;
            case Mutation.HugeArray:
                var huge = new JsonArray();
                JsonNode? item = node!.AsArray().FirstOrDefault();
                for (int i = 0; i < VmTimers.MaxVcpus + 1 + (value % 200); i++)
                {
                    huge.Add(item?.DeepClone() ?? JsonValue.Create(i));
                }

                Replace(node, huge);
                break;
            case Mutation.WrongType:
                Replace(node!, node!.GetValueKind() switch
                {
                    System.Text.Json.JsonValueKind.Number => JsonValue.Create("x"),
                    System.Text.Json.JsonValueKind.String => JsonValue.Create(12),
                    System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => JsonValue.Create("yes"),
                    System.Text.Json.JsonValueKind.Array => new JsonObject(),
                    _ => new JsonArray(),
                });
                break;
        }

        return (root.ToJsonString(), field, invalid);
    }

    /// <summary>Every value under <paramref name="node"/>, with its parent and the innermost property name above it.</summary>
    private static void Collect(JsonNode? node, string field, List<(JsonNode?, JsonNode, string, string?)> places)
    {
        if (node is JsonObject o)
        {
            foreach ((string key, JsonNode? child) in o)
            {
                places.Add((child, o, key, key));
                Collect(child, key, places);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (JsonNode? child in a)
            {
                places.Add((child, a, field, null));
                Collect(child, field, places);
            }
        }
    }

    private static void Replace(JsonNode node, JsonNode? replacement)
    {
        switch (node.Parent)
        {
            case JsonObject o:
                o[node.GetPropertyName()] = replacement;
                break;
            case JsonArray a:
                a[node.GetElementIndex()] = replacement;
                break;
        }
    }
}
