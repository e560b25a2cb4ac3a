using Lisor.Pure.Cells;
using Lisor.Pure.Data;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

/// <summary>The per-step loss (`--step-loss`): its gradient against central finite differences, and that it changes the loss as defined (its allocation test is in <see cref="AllocationTests"/>).</summary>
public class StepLossTests
{
    private static IEnumerable<string> Kinds => RecurrentCell.Kinds;

    private static readonly LabeledSequence[] Data = NetworkGradientCheck.Sequences;

    private static (Network Net, float[] P, EncodedData Data, int[] Order) Setup(string kind, float weight)
    {
        var (net, p, data) = NetworkGradientCheck.TinyNetwork(kind, InputKind.Embedding, layers: 2, hidden: 4, Data, weight);
        return (net, p, data, data.ByLength());
    }

    [TestCaseSource(nameof(Kinds))]
    public void Backward_with_the_step_loss_matches_finite_differences(string kind)
    {
        var (net, p, data, _) = Setup(kind, 0.7f);
        var (worst, worstIndex, _) = NetworkGradientCheck.Run(net, p, data);
        Assert.That(worst, Is.LessThan(2e-2), $"{kind}: worst relative error at parameter {worstIndex} of {p.Length}");
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
}
