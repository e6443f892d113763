using System.Globalization;
using SysregGen.Generator.Emitting;

namespace SysregGen.Tests.Generator;

/// <summary>
/// The emitters' writer: an interpolated line is written straight into the buffer (a handler), and
/// must come out exactly as the same line written as a string would, whatever the thread's culture;
/// a rented writer's buffer is reused without leaking the previous text.
/// </summary>
public sealed class IndentedWriterTests
{
    [Fact]
    public void AnInterpolatedLineIsWrittenAsTheSameStringWouldBe()
    {
        int value = -42;
        ulong bits = 0xABCD;
        string name = "CNTP_CTL_EL0";
        string? none = null;

        var handled = new IndentedWriter();
        var plain = new IndentedWriter();
        handled.Open("class C").Line($"int X = {value}; // {name} 0x{bits:X8} [{value,6}] [{name,-14}] [{none}]").Line($"{none}").Close();
        plain.Open("class C").Line(string.Create(CultureInfo.InvariantCulture, $"int X = {value}; // {name} 0x{bits:X8} [{value,6}] [{name,-14}] [{none}]")).Line("").Close();

        Assert.Equal(plain.ToString(), handled.ToString());
        Assert.Equal("class C\n{\n    int X = -42; // CNTP_CTL_EL0 0x0000ABCD [   -42] [CNTP_CTL_EL0  ] []\n\n}\n", handled.ToString());
    }

    [Fact]
    public void NumbersAreWrittenInvariantlyWhateverTheCulture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            // A culture whose minus sign is not '-' and whose decimal separator is ',' (made from the
            // invariant one, so the test needs no culture data).
            var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            culture.NumberFormat.NegativeSign = "\u2212";
            culture.NumberFormat.NumberDecimalSeparator = ",";
            CultureInfo.CurrentCulture = culture;
            int negative = -1;
            double half = 0.5;
            var w = new IndentedWriter();
            w.Line($"{negative} {half}");
            Assert.Equal("-1 0.5\n", w.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void ARentedWriterStartsEmptyAndUnindented()
    {
        IndentedWriter first = IndentedWriter.Rent();
        first.Indent().Line($"first {1}");
        Assert.Equal("    first 1\n", first.ToStringAndReturn());

        IndentedWriter second = IndentedWriter.Rent();
        second.Line($"second {2}");
        Assert.Equal("second 2\n", second.ToStringAndReturn());
    }
}
