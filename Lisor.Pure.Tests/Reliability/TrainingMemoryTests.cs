using Lisor.Pure.Cli;
using Lisor.Pure.Common;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Reliability;

/// <summary>Training sizes that cannot fit are refused before allocation, naming the options (issue 17, class 7).</summary>
public class TrainingMemoryTests
{
    private static readonly List<LabeledSequence> Data =
        [new("0", ["0", "1", "1", "0"]), new("1", ["1", "1"]), new("0", ["0"])];

    [Test]
    public void Sizes_whose_weights_need_more_than_the_available_memory_are_refused_naming_the_options()
    {
        // 3 layers of 10 000 units: P ≥ 2·10⁸ parameters, ≥ 5·P·4 bytes = 4 GB of weights and optimiser state
        var o = new TrainingOptions { Cell = "srn", Hidden = 10_000, Layers = 3, Batch = 32 };
        var e = Assert.Throws<InputException>(() => TrainingMemory.Check(o, Data, available: 1L << 30));
        Assert.That(e!.Message, Does.Contain("--hidden 10000").And.Contain("--layers 3").And.Contain("--batch 32").And.Contain("1 GB"));
        Assert.DoesNotThrow(() => TrainingMemory.Check(o, Data, available: 64L << 30));
    }

    [Test]
    public void Sizes_the_machine_can_hold_pass_and_an_unknown_amount_of_memory_refuses_only_what_no_array_holds()
    {
        Assert.DoesNotThrow(() => TrainingMemory.Check(new TrainingOptions { Cell = "lstm", Hidden = 256, Layers = 2 }, Data, available: 1L << 30));
        Assert.DoesNotThrow(() => TrainingMemory.Check(new TrainingOptions { Cell = "srn", Hidden = 10_000, Layers = 3 }, Data, available: 0));
        var e = Assert.Throws<InputException>(() =>
            TrainingMemory.Check(new TrainingOptions { Cell = "srn", Hidden = 100_000, Layers = 1000 }, Data, available: 0));
        Assert.That(e!.Message, Does.Contain("--hidden 100000").And.Contain("--layers 1000"));
    }
}
