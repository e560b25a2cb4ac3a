using Lisor.Pure.Cells;
using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

/// <summary>The per-step loss (`--step-loss`): its gradient against central finite differences, and that it changes the loss as defined.</summary>
public class StepLossTests
{
    private static IEnumerable<string> Kinds => RecurrentCell.Kinds;

    // Ragged lengths, an empty sequence, three classes, an unknown symbol.
    private static readonly LabeledSequence[] Data =
    [
        new("a", ["x", "y", "z", "x", "y"]), new("b", ["y"]), new("c", []), new("a", ["z", "z", "x"]),
        new("b", ["x", "y"]), new("c", ["y", "x", "z", "q"]),
    ];

    private static (Network Net, float[] P, EncodedData Data, int[] Order) Setup(string kind, float weight)
    {
        var vocabulary = Vocabulary.FromSymbols(["<unk>", "x", "y", "z"]);
        var net = new Network(kind, hidden: 4, layers: 2, classes: 3, vocabulary.Count, InputKind.Embedding, 3, null) { StepLossWeight = weight };
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(7));
        var rng = new Rng(8);
        for (int i = net.HeadWeightOffset; i < net.ParameterCount; i++) p[i] = rng.Uniform(-1f, 1f);
        var data = new Model(net, p, vocabulary, ["a", "b", "c"], -1).Encode(Data);
        return (net, p, data, data.ByLength());
    }

    [TestCaseSource(nameof(Kinds))]
    public void Backward_with_the_step_loss_matches_finite_differences(string kind)
    {
        var (net, p, data, order) = Setup(kind, 0.7f);
        var trainer = new DataParallel(net, data.MaxLength, data.Count, training: true);
        var evaluator = new DataParallel(net, data.MaxLength, data.Count, training: false);
        var g = new float[net.ParameterCount];
        trainer.Run(p, data, order, 0, data.Count, g);
        double MeanLoss() => evaluator.Run(p, data, order, 0, data.Count).Loss / data.Count;
        const float eps = 4e-3f;
        double worst = 0;
        for (int i = 0; i < p.Length; i++)
        {
            float saved = p[i];
            p[i] = saved + eps; double up = MeanLoss();
            p[i] = saved - eps; double down = MeanLoss();
            p[i] = saved;
            double numeric = (up - down) / (2 * eps);
            worst = Math.Max(worst, Math.Abs(numeric - g[i]) / (1e-2 + Math.Abs(numeric) + Math.Abs(g[i])));
        }
        Assert.That(worst, Is.LessThan(2e-2), kind);
    }

    [Test]
    public void The_step_term_is_lambda_times_the_mean_per_step_cross_entropy()
    {
        // Loss(λ) − Loss(0) = λ Σ_i (1/T_i) Σ_t CE(h_t·W + b, y_i), computed here from the hidden states directly.
        var (net0, p, data, order) = Setup("mgu", 0f);
        var (net1, _, _, _) = Setup("mgu", 0.5f);
        double plain = new DataParallel(net0, data.MaxLength, data.Count, training: false).Run(p, data, order, 0, data.Count).Loss;
        double withStep = new DataParallel(net1, data.MaxLength, data.Count, training: false).Run(p, data, order, 0, data.Count).Loss;
        var model = new Model(net0, p, Vocabulary.FromSymbols(["<unk>", "x", "y", "z"]), ["a", "b", "c"], -1);
        var hidden = model.HiddenStates(Data);
        double expected = 0;
        for (int s = 0; s < Data.Length; s++)
        {
            int T = Data[s].Tokens.Length, y = model.ClassIndex(Data[s].Label);
            for (int t = 0; t < T; t++)
            {
                var z = new double[3];
                for (int c = 0; c < 3; c++)
                {
                    z[c] = p[net0.HeadBiasOffset + c];
                    for (int h = 0; h < 4; h++) z[c] += hidden[s][t * 4 + h] * p[net0.HeadWeightOffset + h * 3 + c];
                }
                expected += 0.5 / T * (Math.Log(z.Sum(Math.Exp)) - z[y]);
            }
        }
        Assert.That(withStep - plain, Is.EqualTo(expected).Within(1e-4 * Math.Max(1, expected)));
        Assert.That(expected, Is.GreaterThan(0.1));
    }

    [Test]
    public void A_training_step_with_the_step_loss_allocates_nothing_after_warm_up()
    {
        var task = SyntheticTasks.Generate("000", new TaskOptions(Train: 200), seed: 1);
        var vocabulary = Vocabulary.Build(task.Train);
        var net = new Network("mgu", 10, 2, 2, vocabulary.Count, InputKind.Embedding, 4, null) { StepLossWeight = 1 };
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(1));
        var data = new Model(net, p, vocabulary, ["0", "1"], 1).Encode(task.Train);
        var plan = new EpochPlan(data, 32);
        var runner = new DataParallel(net, data.MaxLength, 32, training: true);
        var g = new float[net.ParameterCount];
        int previous = Parallelism.Threads;
        Parallelism.Threads = 1;   // Parallel.For itself allocates a little per call
        try
        {
            void Epoch()
            {
                for (int b = 0; b < plan.BatchCount; b++)
                {
                    var (start, count) = plan.Batch(b);
                    runner.Run(p, data, plan.Order, start, count, g);
                }
            }
            Epoch();
            long before = GC.GetAllocatedBytesForCurrentThread();
            Epoch();
            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.EqualTo(0));
        }
        finally { Parallelism.Threads = previous; }
    }
}
