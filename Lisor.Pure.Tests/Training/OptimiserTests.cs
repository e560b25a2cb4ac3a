using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

/// <summary>
/// The optimiser's parts on numbers worked out by hand: clipping by global norm, Adam's first steps (bias
/// correction included) and early stopping's tie-break.
/// </summary>
public class OptimiserTests
{
    [Test]
    public void Clipping_scales_a_gradient_above_the_norm_onto_it_and_returns_the_norm_before()
    {
        float[] g = [3f, 4f];                                   // ‖g‖ = 5
        Assert.That(Adam.ClipByGlobalNorm(g, 1.0), Is.EqualTo(5.0));
        Assert.That(g, Is.EqualTo(new[] { 0.6f, 0.8f }).Within(1e-7f).AsCollection);
        float[] h = [1f, -2f, 2f, 0f];                          // ‖h‖ = 3, one global scale for every element
        Assert.That(Adam.ClipByGlobalNorm(h, 1.5), Is.EqualTo(3.0));
        Assert.That(h, Is.EqualTo(new[] { 0.5f, -1f, 1f, 0f }).Within(1e-7f).AsCollection);
        Assert.That(Math.Sqrt(h.Sum(x => (double)x * x)), Is.EqualTo(1.5).Within(1e-6));
    }

    [Test]
    public void Clipping_leaves_a_gradient_at_or_below_the_norm_untouched()
    {
        float[] atNorm = [3f, 4f], below = [0.3f, -0.4f];
        Assert.That(Adam.ClipByGlobalNorm(atNorm, 5.0), Is.EqualTo(5.0));
        Assert.That(atNorm, Is.EqualTo(new[] { 3f, 4f }).AsCollection, "‖g‖ = max is not clipped");
        Assert.That(Adam.ClipByGlobalNorm(below, 5.0), Is.EqualTo(0.5).Within(1e-7));
        Assert.That(below, Is.EqualTo(new[] { 0.3f, -0.4f }).AsCollection);
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    public void A_norm_of_zero_or_less_turns_clipping_off(double maxNorm)
    {
        float[] g = [30f, 40f];
        Assert.That(Adam.ClipByGlobalNorm(g, maxNorm), Is.EqualTo(50.0));
        Assert.That(g, Is.EqualTo(new[] { 30f, 40f }).AsCollection);
    }

    [Test]
    public void Clipping_edge_cases_empty_zero_huge_and_broken_gradients()
    {
        Assert.That(Adam.ClipByGlobalNorm(Span<float>.Empty, 1.0), Is.Zero);
        float[] zero = [0f, 0f, 0f];
        Assert.That(Adam.ClipByGlobalNorm(zero, 1.0), Is.Zero);
        Assert.That(zero, Is.All.Zero);
        // Squares overflow float but not the double accumulator: the norm is still right, and the clip lands on 1.
        float[] huge = [3e30f, 4e30f];
        Assert.That(Adam.ClipByGlobalNorm(huge, 1.0), Is.EqualTo(5e30).Within(1e24));
        Assert.That(huge, Is.EqualTo(new[] { 0.6f, 0.8f }).Within(1e-6f).AsCollection);
        // NaN or ∞ is reported to the caller (training stops) and the gradient is left as it was.
        float[] nan = [1f, float.NaN], inf = [1f, float.PositiveInfinity];
        Assert.That(Adam.ClipByGlobalNorm(nan, 1.0), Is.NaN);
        Assert.That(nan[0], Is.EqualTo(1f));
        Assert.That(Adam.ClipByGlobalNorm(inf, 1.0), Is.EqualTo(double.PositiveInfinity));
        Assert.That(inf[0], Is.EqualTo(1f));
    }

    [Test]
    public void Adam_first_three_steps_match_hand_computed_values_with_bias_correction()
    {
        // m ← 0.9 m + 0.1 g, v ← 0.999 v + 0.001 g², θ ← θ − lr · (m / (1 − 0.9ᵗ)) / (√(v / (1 − 0.999ᵗ)) + 1e-8), lr = 0.1.
        // Step 1: m̂ = g and v̂ = g², so every non-zero element moves by lr · sign(g) (without bias correction:
        // 0.1 · 0.1 g / √(0.001 g²) ≈ 0.316 · sign(g)). Step 2, element 0 (g = 1, then 0.5): m = 0.14, v = 0.001249,
        // m̂ = 0.14 / 0.19 = 0.736842, v̂ = 0.001249 / 0.001999 = 0.624812, Δ = 0.1 · 0.736842 / 0.790451 = 0.093218.
        var adam = new Adam(4);
        float[] theta = [1f, -0.5f, 0.25f, 2f];
        float[][] steps = [[1f, -2f, 0.5f, 0f], [0.5f, 1f, -1f, 0f], [-0.25f, 3f, 0f, 1e-3f]];
        double[][] expected =
        [
            [0.900000001, -0.4000000005, 0.150000002, 2.0],
            [0.8067820382981611, -0.37336629670243154, 0.18661035424056535, 2.0],
            [0.7504159014963296, -0.4123052755013415, 0.2149102625501887, 1.9361197459454316],
        ];
        for (int t = 0; t < steps.Length; t++)
        {
            adam.Step(theta, steps[t], 0.1f);
            for (int i = 0; i < theta.Length; i++)
                Assert.That(theta[i], Is.EqualTo(expected[t][i]).Within(2e-6), $"step {t + 1}, element {i}");
        }
    }

    [Test]
    public void Early_stopping_prefers_accuracy_then_strictly_lower_loss_and_keeps_the_earlier_model_on_a_full_tie()
    {
        Assert.That(Trainer.IsBetter(0.9, 0.5, 0.8, 0.1), Is.True, "higher accuracy wins even with a higher loss");
        Assert.That(Trainer.IsBetter(0.8, 0.1, 0.9, 0.5), Is.False, "lower accuracy loses even with a lower loss");
        Assert.That(Trainer.IsBetter(0.9, 0.2, 0.9, 0.3), Is.True, "equal accuracy: the lower loss wins");
        Assert.That(Trainer.IsBetter(0.9, 0.3, 0.9, 0.2), Is.False, "equal accuracy: a higher loss does not replace the best");
        Assert.That(Trainer.IsBetter(0.9, 0.3, 0.9, 0.3), Is.False, "a full tie keeps the earlier model");
        Assert.That(Trainer.IsBetter(0.0, 5.0, -1, double.PositiveInfinity), Is.True, "the first epoch always becomes the best");
    }
}
