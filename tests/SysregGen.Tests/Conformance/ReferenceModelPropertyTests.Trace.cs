using System.Globalization;
using System.Text;
using SysregGen.Registers;
using CsCheck;
using SysregGen.Runtime.Timers;
using SysregGen.Simulation.Replay;

namespace SysregGen.Tests.Conformance;

public sealed partial class ReferenceModelPropertyTests
{
    /// <summary>The replayer's own VM offset under a guest hypervisor (ReplayOptions.GuestHypervisorVmOffset): its host counts are the trace's plus this.</summary>
    private const ulong ReplayVmOffset = 0x0000_0123_4567_8000;

    private const string CaseName = "property-shrunk";

    private static int s_traceFiles;

    /// <summary>
    /// The sequence as a trace (format version 2) with the model's expectations; <c>sysreg replay</c>
    /// reports where the runtime differs. Counts are the guest hypervisor's physical count (the guest's
    /// own without virtual EL2). What the format cannot express is said in the text before the lines.
    /// </summary>
    private static string ToTrace(Case c)
    {
        var w = new TraceWriter(c);
        foreach (Step s in c.Steps)
        {
            w.Write(s);
        }

        string lines = w.Lines.ToString();

        // A long trace can be cut short in a test log: the whole one goes to a file too.
        string path = Path.Combine(Path.GetTempPath(), $"sysreggen-property-{Environment.ProcessId}-{Interlocked.Increment(ref s_traceFiles)}.jsonl");
        File.WriteAllText(path, lines);
        return $"The whole trace is in {path}\nSave the lines below as a .jsonl file and run: sysreg replay FILE\n{w.Notes}{lines}";
    }

    /// <summary>
    /// The traces a failure prints are faithful: for cases the format can express, the printed trace
    /// of a sequence the runtime passes replays with no mismatch (and nothing skipped).
    /// </summary>
    [Fact]
    public void ThePrintedTraceReplaysWithNoMismatch()
    {
        s_case.Select(Expressible).Sample(
            c =>
            {
                Run(c);
                var w = new TraceWriter(c);
                foreach (Step s in c.Steps)
                {
                    w.Write(s);
                }

                // The replayer's deadlines are its host's counts (DeadlinesAreTheGuestHypervisorsCounts):
                // with a VM offset of 0 they are the guest hypervisor's too.
                TraceFile trace = TraceReader.Read("printed.jsonl", w.Lines.ToString());
                ReplayResult result = TraceReplayer.Replay(trace, new ReplayOptions { GuestHypervisorVmOffset = 0 });
                Assert.True(result.Mismatches.Count == 0 && result.Skipped.Count == 0, string.Join("\n", result.Mismatches.Concat<object>(result.Skipped)) + "\n" + w.Lines);
            },
            iter: 300);
    }

    /// <summary>A case the trace format can express: no FEAT_ECV.</summary>
    private static Case Expressible(Case c) => c with { Vm = c.Vm with { Ecv = false } };

    /// <summary>Runs the model over a case and writes each step, and each observation that changed, as trace lines.</summary>
    private sealed class TraceWriter
    {
        private readonly Case _case;
        private readonly ReferenceModel _model;
        private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);
        private readonly int[] _ppis;
        private (int El, ulong Hcr) _configured;
        private int _step;

        public TraceWriter(Case c)
        {
            _case = c;
            _model = new ReferenceModel(c.Vm);
            _ppis = c.Vm.Nested ? ReferenceModel.Ppis : new[] { ReferenceModel.Ptimer, ReferenceModel.Vtimer };
            _configured = (_model.El(0), _model.Hcr(0));
            for (int v = 0; v < Vcpus; v++)
            {
                // The state a case starts in, which needs no line.
                Observations(v, _seen);
            }

            if (c.Vm.Nested)
            {
                Notes.AppendLine($"The VM has virtual EL2 (a guest hypervisor) and the VM counter offset {Hex(c.Vm.VmOffset)}, which the guest never sees: counts below are the guest hypervisor's physical count; sysreg replay picks its own offset ({Hex(ReplayVmOffset)}).");
                Notes.AppendLine($"This run's host: --host {HostName(c.Host)} (what the guest sees does not depend on it).");
                Notes.AppendLine("Deadlines below are the guest hypervisor's counts too; sysreg replay compares them with its host's (a simulation bug), so its deadline lines differ by its VM offset.");
            }

            if (c.Vm.Ecv)
            {
                Notes.AppendLine("The VM shows FEAT_ECV, which the trace format cannot express (a replay shows FEAT_VHE only): lines that depend on it (CNTPOFF_EL2, CNTPCTSS/CNTVCTSS, CNTHCTL_EL2 bits 12-17, CNTKCTL_EL1 bit 17) differ in a replay.");
            }

            Line($$"""{"kind":"config","case":"{{CaseName}}","el":{{_configured.El}},"hcr_el2":"{{Hex(_configured.Hcr)}}","cnthctl_el2":"{{Hex(c.Vm.Nested ? ReferenceModel.CnthctlReset : 0x1)}}","cntvoff_el2":"0x0","cntkctl_el1":"0x0","vcpus":{{Vcpus}}}""");
        }

        public StringBuilder Lines { get; } = new();

        public StringBuilder Notes { get; } = new();

        public void Write(Step s)
        {
            string vcpu = $"\"vcpu\":{s.Vcpu}";
            switch (s.Kind)
            {
                case OpKind.Access:
                    Access(s, vcpu);
                    break;
                case OpKind.Advance or OpKind.Jump:
                    ulong to = Target(_model.Now, s);
                    _model.AdvanceTo(to);
                    Line($$"""{"kind":"advance","cnt":"{{Hex(Count(_model.Now))}}"}""");
                    if (_case.Vm.Nested && (UInt128)Count(_model.Now) + ReplayVmOffset > ulong.MaxValue)
                    {
                        Note($"advances the guest hypervisor's count to {Hex(Count(_model.Now))}, past what the replayer's VM offset leaves of the host's counter: a replay cannot follow");
                    }

                    break;
                case OpKind.Block:
                    _model.Block(s.Vcpu);
                    Line($$"""{"kind":"block",{{vcpu}}}""");
                    break;
                case OpKind.Load:
                    _model.Load(s.Vcpu);
                    Line($$"""{"kind":"load",{{vcpu}}}""");
                    break;
                case OpKind.Put:
                    _model.Put(s.Vcpu);
                    Line($$"""{"kind":"put",{{vcpu}}}""");
                    break;
                case OpKind.SetReg or OpKind.GetReg:
                    OneReg(s, vcpu);
                    break;
                case OpKind.Reset:
                    _model.Reset(s.Vcpu);
                    Line($$"""{"kind":"reset",{{vcpu}}}""");
                    break;
                case OpKind.Snapshot:
                    _model.Restore();
                    Line("""{"kind":"snapshot"}""");
                    break;
                default:
                    // The vCPU changes its own state, so it runs: a config line names the state it ends in.
                    if (!_model.IsLoaded(s.Vcpu))
                    {
                        Line($$"""{"kind":"load",{{vcpu}}}""");
                    }

                    ChangeState(_model, s);
                    Configure(s.Vcpu);
                    break;
            }

            // Observations, each written when it changes (the runtime is checked against all of them
            // after every step; the trace keeps the ones that say something new).
            for (int v = 0; v < Vcpus; v++)
            {
                var now = new Dictionary<string, string>(StringComparer.Ordinal);
                Observations(v, now);
                foreach ((string key, string line) in now)
                {
                    if (!_seen.TryGetValue(key, out string? last) || last != line)
                    {
                        _seen[key] = line;
                        Line(line);
                    }
                }
            }

            _step++;
        }

        private void Access(Step s, string vcpu)
        {
            string name = s_registers[s.Index];
            if (!_model.CanAccess(s.Vcpu, name))
            {
                _model.Access(s.Vcpu, name, s.Write, s.Value);
                return; // no access: nothing to write
            }

            // Config lines name one state for every vCPU: before a vCPU's access, its own.
            Configure(s.Vcpu);
            ulong cnt = Count(_model.Now);
            ModelOutcome o = _model.Access(s.Vcpu, name, s.Write, s.Value)!.Value;
            bool narrow = s_accessors[s.Index].Kind == AccessorKind.AArch32;
            ulong written = narrow ? s.Value & 0xFFFF_FFFF : s.Value;
            string dir = s.Write ? "write" : "read";
            Line(o.Kind == ModelOutcomeKind.Completed
                ? $$"""{"kind":"{{dir}}","reg":"{{name}}","value":"{{Hex(s.Write ? written : o.Value)}}","cnt":"{{Hex(cnt)}}",{{vcpu}}}"""
                : $$"""{"kind":"trap","reg":"{{name}}","dir":"{{dir}}","value":"{{Hex(written)}}","esr":"{{Hex(o.Esr)}}","to_el":{{o.TargetEl}},{{vcpu}}}""");
        }

        private void OneReg(Step s, string vcpu)
        {
            string id = s_oneRegs[s.Index];
            if (!_model.HasOneReg(id))
            {
                Note($"{(s.Kind == OpKind.SetReg ? "set_reg" : "get_reg")} {id} on vCPU {s.Vcpu}, which has no virtual EL2, fails with NoSuchRegister: the format has no line for a failing one-reg access");
            }
            else if (s.Kind == OpKind.SetReg)
            {
                _model.SetReg(s.Vcpu, id, s.Value);
                Line($$"""{"kind":"set_reg","id":"{{id}}","value":"{{Hex(s.Value)}}",{{vcpu}}}""");
            }
            else
            {
                Line($$"""{"kind":"get_reg","id":"{{id}}","value":"{{Hex(_model.GetReg(s.Vcpu, id))}}",{{vcpu}}}""");
            }
        }

        /// <summary>A config line (reset false) with the vCPU's EL and HCR_EL2, if the last one named another state.</summary>
        private void Configure(int vcpu)
        {
            (int El, ulong Hcr) state = (_model.El(vcpu), _model.Hcr(vcpu));
            if (state == _configured)
            {
                return;
            }

            _configured = state;
            Line(_case.Vm.Nested
                ? $$"""{"kind":"config","case":"{{CaseName}}","el":{{state.El}},"hcr_el2":"{{Hex(state.Hcr)}}","reset":false}"""
                : $$"""{"kind":"config","case":"{{CaseName}}","el":{{state.El}},"reset":false}""");
        }

        private void Observations(int v, Dictionary<string, string> into)
        {
            foreach (int ppi in _ppis)
            {
                into[$"level {v} {ppi}"] = $$"""{"kind":"level","intid":{{ppi}},"level":{{(_model.Level(v, ppi) ? "true" : "false")}},"vcpu":{{v}}}""";
                into[$"raises {v} {ppi}"] = $$"""{"kind":"raises","intid":{{ppi}},"count":{{_model.Raises(v, ppi)}},"vcpu":{{v}}}""";
            }

            into[$"wake {v}"] = $$"""{"kind":"wake","expected":{{(_model.Woken(v) ? "true" : "false")}},"vcpu":{{v}}}""";
            string deadline = _model.Deadline(v) is UInt128 d ? "0x" + Count(d).ToString("x", CultureInfo.InvariantCulture) : "none";
            into[$"deadline {v}"] = $$"""{"kind":"deadline","expected":"{{deadline}}","vcpu":{{v}}}""";
        }

        /// <summary>A host count as the trace states counts: the guest hypervisor's physical count with virtual EL2, else the host's.</summary>
        private ulong Count(ulong host) => host - (_case.Vm.Nested ? _case.Vm.VmOffset : 0);

        private UInt128 Count(UInt128 host) => host - (_case.Vm.Nested ? _case.Vm.VmOffset : 0);

        private void Line(string line) => Lines.Append(line).Append('\n');

        private void Note(string text) => Notes.AppendLine($"Step {_step}: {text}.");

        private static string HostName(HostMode mode) => mode switch
        {
            HostMode.NonVhe => "nvhe",
            HostMode.Vhe => "vhe",
            _ => "vhe-ecv",
        };
    }

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
