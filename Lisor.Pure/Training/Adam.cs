namespace Lisor.Pure.Training;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) with β₁ = 0.9, β₂ = 0.999, ε = 1e-8, over one flat parameter buffer:
///     m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
///     θ ← θ − lr · m̂ / (√v̂ + ε)   with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ).
/// </summary>
internal sealed class Adam(int parameterCount)
{
    public const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;
    private readonly float[] _m = new float[parameterCount], _v = new float[parameterCount];
    private int _step;

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient, float learningRate)
    {
        _step++;
        float c1 = (float)(1 - Math.Pow(Beta1, _step)), c2 = (float)(1 - Math.Pow(Beta2, _step));
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradient[i];
            float m = _m[i] = Beta1 * _m[i] + (1 - Beta1) * g;
            float v = _v[i] = Beta2 * _v[i] + (1 - Beta2) * g * g;
            parameters[i] -= learningRate * (m / c1) / (MathF.Sqrt(v / c2) + Epsilon);
        }
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
