using System.Globalization;
using System.Text;
using SysregGen.Registers;

namespace SysregGen.Tests.Conformance;

public sealed partial class ReferenceModelPropertyTests
{
    /// <summary>The sequence as a trace with the model's expectations; <c>sysreg replay</c> reports where the runtime differs.</summary>
    private static string ToTrace(Step[] sequence)
    {
        var model = new ReferenceModel(Vcpus);
        var trace = new StringBuilder();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int v = 0; v < Vcpus; v++)
        {
            // The state a case starts in, which needs no line.
            foreach (int ppi in new[] { ReferenceModel.Ptimer, ReferenceModel.Vtimer })
            {
                seen[$"level {v} {ppi}"] = $$"""{"kind":"level","intid":{{ppi}},"level":false,"vcpu":{{v}}}""";
                seen[$"raises {v} {ppi}"] = $$"""{"kind":"raises","intid":{{ppi}},"count":0,"vcpu":{{v}}}""";
            }

            seen[$"wake {v}"] = $$"""{"kind":"wake","expected":false,"vcpu":{{v}}}""";
            seen[$"deadline {v}"] = $$"""{"kind":"deadline","expected":"none","vcpu":{{v}}}""";
        }

        trace.AppendLine("Save the lines below as a .jsonl file and run: sysreg replay FILE");
        trace.AppendLine($$"""{"kind":"config","case":"property-shrunk","el":1,"hcr_el2":"0x80000000","cnthctl_el2":"0x1","cntvoff_el2":"0x0","vcpus":{{Vcpus}}}""");
        foreach (Step s in sequence)
        {
            string vcpu = $"\"vcpu\":{s.Vcpu}";
            switch (s.Kind)
            {
                case OpKind.Access:
                {
                    string name = s_registers[s.Index];
                    ulong now = model.Now;
                    ulong? value = model.Access(s.Vcpu, name, s.Write, s.Value);
                    bool narrow = SysregTable.Accessors[s.Index].Kind == AccessorKind.AArch32;
                    ulong written = narrow ? s.Value & 0xFFFF_FFFF : s.Value;
                    trace.AppendLine(value is null
                        ? $$"""{"kind":"trap","reg":"{{name}}","dir":"{{(s.Write ? "write" : "read")}}","value":"{{Hex(written)}}","esr":"0x2000000","to_el":1,{{vcpu}}}"""
                        : $$"""{"kind":"{{(s.Write ? "write" : "read")}}","reg":"{{name}}","value":"{{Hex(s.Write ? written : value.Value)}}","cnt":"{{Hex(now)}}",{{vcpu}}}""");
                    break;
                }

                case OpKind.Advance or OpKind.Jump:
                    ulong to = Target(model.Now, s);
                    model.AdvanceTo(to);
                    trace.AppendLine($$"""{"kind":"advance","cnt":"{{Hex(to)}}"}""");
                    break;
                case OpKind.Block:
                    model.Block(s.Vcpu);
                    trace.AppendLine($$"""{"kind":"block",{{vcpu}}}""");
                    break;
                case OpKind.Load:
                    model.Load(s.Vcpu);
                    trace.AppendLine($$"""{"kind":"load",{{vcpu}}}""");
                    break;
                case OpKind.Put:
                    model.Put(s.Vcpu);
                    trace.AppendLine($$"""{"kind":"put",{{vcpu}}}""");
                    break;
                case OpKind.SetReg:
                    model.SetReg(s.Vcpu, s_oneRegs[s.Index], s.Value);
                    trace.AppendLine($$"""{"kind":"set_reg","id":"{{s_oneRegs[s.Index]}}","value":"{{Hex(s.Value)}}",{{vcpu}}}""");
                    break;
                case OpKind.GetReg:
                    trace.AppendLine($$"""{"kind":"get_reg","id":"{{s_oneRegs[s.Index]}}","value":"{{Hex(model.GetReg(s.Vcpu, s_oneRegs[s.Index]))}}",{{vcpu}}}""");
                    break;
                case OpKind.Reset:
                    model.Reset(s.Vcpu);
                    trace.AppendLine($$"""{"kind":"reset",{{vcpu}}}""");
                    break;
                default:
                    trace.AppendLine("""{"kind":"snapshot"}""");
                    break;
            }

            // Observations, each written when it changes (the runtime is checked against all of them
            // after every step; the trace keeps the ones that say something new).
            for (int v = 0; v < Vcpus; v++)
            {
                foreach (int ppi in new[] { ReferenceModel.Ptimer, ReferenceModel.Vtimer })
                {
                    Observe(seen, trace, $"level {v} {ppi}", $$"""{"kind":"level","intid":{{ppi}},"level":{{(model.Level(v, ppi) ? "true" : "false")}},"vcpu":{{v}}}""");
                    Observe(seen, trace, $"raises {v} {ppi}", $$"""{"kind":"raises","intid":{{ppi}},"count":{{model.Raises(v, ppi)}},"vcpu":{{v}}}""");
                }

                Observe(seen, trace, $"wake {v}", $$"""{"kind":"wake","expected":{{(model.Woken(v) ? "true" : "false")}},"vcpu":{{v}}}""");
                Observe(seen, trace, $"deadline {v}", $$"""{"kind":"deadline","expected":"{{(model.Deadline(v) is UInt128 d ? "0x" + d.ToString("x", CultureInfo.InvariantCulture) : "none")}}","vcpu":{{v}}}""");
            }
        }

        // A long trace can be cut short in a test log: the whole one goes to a file too.
        string path = Path.Combine(Path.GetTempPath(), $"sysreggen-property-{Environment.ProcessId}-{Interlocked.Increment(ref s_traceFiles)}.jsonl");
        File.WriteAllText(path, string.Join('\n', trace.ToString().Split('\n').Where(l => l.StartsWith('{'))) + "\n");
        return $"The whole trace is in {path}\n" + trace;
    }

    private static int s_traceFiles;

    private static void Observe(Dictionary<string, string> seen, StringBuilder trace, string key, string line)
    {
        if (!seen.TryGetValue(key, out string? last) || last != line)
        {
            seen[key] = line;
            trace.AppendLine(line);
        }
    }

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
