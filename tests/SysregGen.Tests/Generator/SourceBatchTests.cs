using SysregGen.Generator;
using SysregGen.Specs.Model;

namespace SysregGen.Tests.Generator;

/// <summary>
/// How the generator splits its files among outputs (<see cref="SourceOutput.Batches"/>): every file
/// once, in order; a small project in batches of <see cref="SourceOutput.MinBatchSize"/>; never more
/// than <see cref="SourceOutput.MaxBatches"/> outputs, because a tracked run costs each output a walk
/// of the whole input graph.
/// </summary>
public sealed class SourceBatchTests
{
    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1, 1, 1)]
    [InlineData(20, 1, 20)]
    [InlineData(100, 4, 32)]
    [InlineData(512, 16, 32)]
    [InlineData(513, 16, 33)]
    [InlineData(1_006, 16, 63)]
    [InlineData(1_606, 16, 101)]
    public void FilesGoInOrderIntoAtMostSixteenBatches(int files, int batches, int firstBatch)
    {
        PlannedSource[] planned = Enumerable.Range(0, files).Select(i => new PlannedSource($"F{i}.g.cs", "")).ToArray();

        EquatableArray<SourceBatch> result = SourceOutput.Batches(planned);

        Assert.Equal(batches, result.Count);
        Assert.InRange(result.Count, 0, SourceOutput.MaxBatches);
        Assert.Equal(planned, result.SelectMany(b => b.Files));
        if (files > 0)
        {
            Assert.Equal(firstBatch, result[0].Files.Count);
            Assert.All(result.Take(result.Count - 1), b => Assert.Equal(firstBatch, b.Files.Count));
        }
    }
}
