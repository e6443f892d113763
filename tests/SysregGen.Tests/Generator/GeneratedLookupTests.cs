using SysregGen.Registers;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Generator;

/// <summary>
/// The generated lookups that index by an enum (the runtime's compiled copy of the generated code,
/// so what a consumer calls): a value no spec defines, say <c>(SysregAccessor)999</c>, is an
/// ArgumentOutOfRangeException naming the parameter and the value, never a bare
/// IndexOutOfRangeException; a defined value costs no allocation.
/// </summary>
public sealed class GeneratedLookupTests
{
    private const SysregAccessor Undefined = (SysregAccessor)999;

    public static TheoryData<string, Action> UndefinedValueCalls => new()
    {
        { "accessor", () => SysregTable.Get(Undefined) },
        { "accessor", () => Undefined.Encoding() },
        { "accessor", () => TrapDecisions.Decide(Undefined, isWrite: false, el: 1, default) },
        { "accessor", () => Dispatch(Undefined) },
        { "register", () => SysregCatalog.Get((Sysreg)999) },
    };

    [Theory]
    [MemberData(nameof(UndefinedValueCalls))]
    public void AnUndefinedValueIsAnArgumentOutOfRangeExceptionNamingIt(string parameter, Action call)
    {
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(call);
        Assert.Equal(parameter, e.ParamName);
        Assert.Equal(999, Convert.ToInt32(e.ActualValue, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("No spec defines", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLastDefinedValuesAreFound()
    {
        var last = (SysregAccessor)(SysregTable.Accessors.Length - 1);
        Assert.Equal(last, SysregTable.Get(last).Accessor);
        Assert.Throws<ArgumentOutOfRangeException>(() => SysregTable.Get(last + 1));
        var lastRegister = (Sysreg)(SysregCatalog.All.Count - 1);
        Assert.Equal(lastRegister, SysregCatalog.Get(lastRegister).Register);
    }

    [Fact]
    public void ADefinedLookupAllocatesNothing()
    {
        int sum = 0;
        for (int i = 0; i < 1_000; i++)
        {
            sum += Lookups(); // warm up: tiering
        }

        long fewest = Allocations.Fewest(() => sum += Lookups());
        Assert.Equal(0, fewest);
        Assert.NotEqual(0, sum);
    }

    private static int Lookups()
    {
        int sum = 0;
        for (int a = 0; a < SysregTable.Accessors.Length; a++)
        {
            sum += SysregTable.Get((SysregAccessor)a).MinEl + (int)((SysregAccessor)a).Encoding().Kind;
        }

        return sum;
    }

    private static void Dispatch(SysregAccessor accessor)
    {
        var handler = new NoHandler();
        var access = new SysregAccess(default, isWrite: false, 0);
        SysregDispatcher.Dispatch(ref handler, ref access, accessor);
    }

    private struct NoHandler : ITimerAccessHandler, ISysregAccessHandler<Sysreg>
    {
        public readonly AccessOutcome AccessTimer(TimerId timer, TimerRegister timerRegister, ref SysregAccess access) => AccessOutcome.Handled;

        public readonly AccessOutcome AccessRegister(Sysreg sysreg, ref SysregAccess access) => AccessOutcome.Handled;
    }
}
