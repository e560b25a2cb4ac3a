using Lisor.Pure.Kernels;

namespace Lisor.Pure.Training;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) with β₁ = 0.9, β₂ = 0.999, ε = 1e-8, over one flat parameter buffer:
///     m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
///     θ ← θ − lr · m̂ / (√v̂ + ε)   with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ).
/// </summary>
internal sealed class Adam(int parameterCount)
{
    public const float Beta1 = AdamUpdate.Beta1, Beta2 = AdamUpdate.Beta2, Epsilon = AdamUpdate.Epsilon;
    private readonly float[] _m = new float[parameterCount], _v = new float[parameterCount];
    private int _step;

    /// <summary>One step over every parameter: the bias corrections c₁ = 1 − β₁ᵗ and c₂ = 1 − β₂ᵗ (in double, then
    /// rounded to float), and the update element by element (<see cref="AdamUpdate"/>: vectors, the scalar loop's bits).</summary>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient, float learningRate)
    {
        _step++;
        float c1 = (float)(1 - Math.Pow(Beta1, _step)), c2 = (float)(1 - Math.Pow(Beta2, _step));
        AdamUpdate.Update(parameters, gradient, _m.AsSpan(0, parameters.Length), _v.AsSpan(0, parameters.Length), learningRate, c1, c2);
    }

    /// <summary>
    /// Clipping by global norm: when ‖g‖₂ &gt; maxNorm, g ← g · maxNorm / ‖g‖₂. Returns ‖g‖₂ before
    /// clipping (computed in double; NaN or ∞ when the gradient is broken). maxNorm ≤ 0 disables clipping.
    /// </summary>
    public static double ClipByGlobalNorm(Span<float> gradient, double maxNorm)
    {
        double sum = 0;
        foreach (float g in gradient) sum += (double)g * g;
        double norm = Math.Sqrt(sum);
        if (maxNorm > 0 && norm > maxNorm && double.IsFinite(norm))
        {
            float scale = (float)(maxNorm / norm);
            for (int i = 0; i < gradient.Length; i++) gradient[i] *= scale;
        }
        return norm;
    }
}
