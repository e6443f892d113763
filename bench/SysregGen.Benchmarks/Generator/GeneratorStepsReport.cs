using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace SysregGen.Benchmarks.Generator;

/// <summary>
/// <c>--generator-steps</c>: where a generator run's time goes, from the driver's own step timings.
/// For the cold run and the one-spec edit on 1,000 synthetic registers, the mean over a few runs
/// of: wall time, the time inside the generator's pipeline, and each named step's share. Step
/// tracking makes each run take seconds (Roslyn walks every output's input graph without
/// remembering visited steps, see SourceOutput), which the steps' own timings leave out and the
/// wall time includes; builds do not track steps.
/// </summary>
internal static class GeneratorStepsReport
{
    public static int Run()
    {
        IReadOnlyList<InMemorySpec> specs = GeneratorInputs.SyntheticSpecs(GeneratorBenchmarks.SyntheticCount);
        var compilation = GeneratorInputs.Compilation("namespace User { public class C { } }");
        InMemorySpec target = specs[specs.Count / 2];
        InMemorySpec edited = GeneratorInputs.EditDescription(target);

        // Warm up the JIT on both paths; with tracking, each run takes seconds.
        GeneratorDriver warm = GeneratorInputs.CreateDriver(specs, trackSteps: true).RunGenerators(compilation);
        warm.ReplaceAdditionalText(target, edited).RunGenerators(compilation);

        Report("Cold run, 1,000 synthetic registers", 3, () => GeneratorInputs.CreateDriver(specs, trackSteps: true).RunGenerators(compilation));
        Report("One spec edited, 1,000 synthetic registers", 5, () => warm.ReplaceAdditionalText(target, edited).RunGenerators(compilation));
        return 0;
    }

    private static void Report(string title, int runs, Func<GeneratorDriver> run)
    {
        var steps = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        TimeSpan wall = TimeSpan.Zero;
        TimeSpan generator = TimeSpan.Zero;
        int files = 0;
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            GeneratorDriver driver = run();
            wall += Stopwatch.GetElapsedTime(start);
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            generator += driver.GetTimingInfo().GeneratorTimes.Single().ElapsedTime;
            files = result.GeneratedSources.Length;
            foreach ((string name, ImmutableArrayOfSteps value) in result.TrackedSteps.Select(p => (p.Key, new ImmutableArrayOfSteps(p.Value)))
                .Concat(result.TrackedOutputSteps.Select(p => (p.Key, new ImmutableArrayOfSteps(p.Value)))))
            {
                steps[name] = steps.GetValueOrDefault(name) + value.Elapsed;
            }
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{title} ({files} generated files), mean of {runs} runs:"));
        Console.WriteLine(string.Create(c, $"  wall time                        {wall.TotalMilliseconds / runs,8:F2} ms"));
        Console.WriteLine(string.Create(c, $"  generator pipeline (driver's)    {generator.TotalMilliseconds / runs,8:F2} ms"));
        foreach ((string name, TimeSpan time) in steps.OrderByDescending(p => p.Value))
        {
            Console.WriteLine(string.Create(c, $"    step {name,-26}  {time.TotalMilliseconds / runs,8:F2} ms"));
        }

        Console.WriteLine(string.Create(c, $"  outside the pipeline             {(wall - generator).TotalMilliseconds / runs,8:F2} ms"));
        Console.WriteLine();
    }

    private readonly struct ImmutableArrayOfSteps(System.Collections.Immutable.ImmutableArray<IncrementalGeneratorRunStep> steps)
    {
        public TimeSpan Elapsed => steps.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.ElapsedTime);
    }
}
