using Lisor.Pure.Common;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

/// <summary>
/// A DataParallel runner reuses its workspaces (a small pool shared by the shards of a batch) and the recurrent
/// weights each workspace packed for a batch. Neither may leak into results: a runner that already ran other
/// batches, of other shapes and with other parameter values, must give the bits of a fresh runner.
/// </summary>
public class DataParallelTests
{
    private static (Network Net, EncodedData Data, int[] Order) Setup(string kind)
    {
        var vocabulary = Vocabulary.FromSymbols(["<unk>", "0", "1"]);
        var rng = new Rng(17);
        var sequences = new List<LabeledSequence>();
        for (int s = 0; s < 60; s++)
        {
            int length = (int)(rng.NextFloat() * 15);   // 0 … 14, so batches have ragged and empty rows
            var symbols = new string[length];
            for (int t = 0; t < length; t++) symbols[t] = rng.NextFloat() < 0.5f ? "0" : "1";
            sequences.Add(new LabeledSequence(rng.NextFloat() < 0.5f ? "a" : "b", symbols));
        }
        // 2 layers × 24: a batch of 40 is ≈ 40 · 8 · 2 · 2 000 · 3 multiply-adds or more, above DataParallel.SerialBelow
        // for the gated cells, so with two threads two workspaces of the pool really run at once.
        var net = new Network(kind, hidden: 24, layers: 2, classes: 2, vocabulary.Count, InputKind.OneHot, vocabulary.Count, null);
        var model = new Model(net, new float[net.ParameterCount], vocabulary, ["a", "b"], -1);
        var data = model.Encode(sequences);
        return (net, data, data.ByLength());
    }

    private static float[] Parameters(Network net, ulong seed)
    {
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(seed));
        return p;
    }

    private static (double Loss, int Correct, float[] Gradient) Step(DataParallel runner, Network net, float[] p, EncodedData data,
        int[] order, int start, int count)
    {
        var g = new float[net.ParameterCount];
        var (loss, correct) = runner.Run(p, data, order, start, count, g);
        return (loss, correct, g);
    }

    [Test]
    public void A_reused_runner_gives_the_bits_of_a_fresh_one_after_other_batches_and_other_weights(
        [Values("srn", "mgu", "gru", "lstm", "sru")] string kind, [Values(1, 2)] int threads)
    {
        int previous = Parallelism.Threads;
        Parallelism.Threads = threads;
        try
        {
            var (net, data, order) = Setup(kind);
            float[] p1 = Parameters(net, 1), p2 = Parameters(net, 2);
            var fresh = Step(new DataParallel(net, data.MaxLength, 40, training: true), net, p2, data, order, 20, 40);

            var reused = new DataParallel(net, data.MaxLength, 40, training: true);
            Step(reused, net, p1, data, order, 0, 40);    // the shortest sequences, other weights
            Step(reused, net, p1, data, order, 50, 10);   // a small batch of the longest
            var again = Step(reused, net, p2, data, order, 20, 40);

            Assert.That(again.Loss, Is.EqualTo(fresh.Loss));
            Assert.That(again.Correct, Is.EqualTo(fresh.Correct));
            Assert.That(again.Gradient, Is.EqualTo(fresh.Gradient).AsCollection, "gradient bits");
        }
        finally { Parallelism.Threads = previous; }
    }

    [Test]
    public void Weights_changed_in_place_between_batches_are_packed_again([Values("srn", "lstm", "gru")] string kind)
    {
        // The trainer updates the parameter array in place (Adam): the runner must not keep the weights it packed before.
        var (net, data, order) = Setup(kind);
        var p = Parameters(net, 3);
        var runner = new DataParallel(net, data.MaxLength, 40, training: true);
        Step(runner, net, p, data, order, 20, 40);
        Parameters(net, 4).CopyTo(p, 0);
        var after = Step(runner, net, p, data, order, 20, 40);
        var fresh = Step(new DataParallel(net, data.MaxLength, 40, training: true), net, Parameters(net, 4), data, order, 20, 40);
        Assert.That(after.Loss, Is.EqualTo(fresh.Loss));
        Assert.That(after.Gradient, Is.EqualTo(fresh.Gradient).AsCollection);
    }

    /// <summary>Every order the four shards of a batch can finish in that matters for a sum: forward, backward, interleaved.</summary>
    private static readonly int[][] CompletionOrders = [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]];

    [Test]
    public void The_shard_sums_do_not_depend_on_which_shard_finishes_first([Values("srn", "gru", "lstm")] string kind)
    {
        // Each order is forced deterministically (the shards run one after the other in it), so a reduction in
        // completion order gives other float bits here on every run, not only when threads happen to race.
        var (net, data, order) = Setup(kind);
        var p = Parameters(net, 9);
        var reference = Step(new DataParallel(net, data.MaxLength, 40, training: true), net, p, data, order, 10, 40);
        var runner = new DataParallel(net, data.MaxLength, 40, training: true);
        foreach (var completion in CompletionOrders)
        {
            runner.ShardRunOrder = completion;
            var forced = Step(runner, net, p, data, order, 10, 40);
            string which = string.Join(" ", completion);
            Assert.That(forced.Loss, Is.EqualTo(reference.Loss), $"loss bits, order {which}");
            Assert.That(forced.Correct, Is.EqualTo(reference.Correct));
            Assert.That(forced.Gradient, Is.EqualTo(reference.Gradient).AsCollection, $"gradient bits, order {which}");
        }
        // The sums are the shard-order sums: g = g_0 + g_1 + g_2 + g_3 of four one-shard runs.
        var sum = new float[net.ParameterCount];
        double loss = 0;
        var single = new DataParallel(net, data.MaxLength, 10, training: true);
        for (int s = 0; s < 4; s++)
        {
            var part = Step(single, net, p, data, order, 10 + 10 * s, 10);
            for (int i = 0; i < sum.Length; i++) sum[i] += part.Gradient[i] * 10f / 40f;
            loss += part.Loss;
        }
        Assert.That(reference.Loss, Is.EqualTo(loss).Within(1e-9 * Math.Abs(loss)));
        for (int i = 0; i < sum.Length; i++) Assert.That(reference.Gradient[i], Is.EqualTo(sum[i]).Within(1e-5f + 1e-4f * Math.Abs(sum[i])), $"gradient {i}");
    }
}
