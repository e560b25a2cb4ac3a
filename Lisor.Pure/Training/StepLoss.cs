using Lisor.Pure.Kernels;

namespace Lisor.Pure.Training;

/// <summary>
/// An optional per-step (prefix) classification loss (our extension, `train --step-loss λ`): besides
/// the last step, the output layer is applied to the top layer's h_t at EVERY step and asked for the
/// sequence's label, so the hidden state carries the running decision ("spam so far" / "ham so far")
/// and two clusters of hidden states split along it — what a k = 2 FSA needs. For sequence i of
/// length T_i with label y_i, z_{t,i} = h_{t,i}·W + b and
///     L_i = CE(z_{T_i,i}, y_i) + λ · (1 / T_i) Σ_{t=1…T_i} CE(z_{t,i}, y_i),   CE(z, y) = log Σ_c e^{z_c} − z_y,
/// averaged over the batch. Its gradient, with s = scale·λ / T_i:
///     ∂/∂z_{t,i} = s·(softmax(z_{t,i}) − onehot(y_i)),  ∂h_{t,i} += ∂z_{t,i}·Wᵀ,  ∂W += Σ h_{t,i}ᵀ ∂z_{t,i},  ∂b += Σ ∂z_{t,i}.
/// The logits of all T·n rows (padding rows included: they are 0 and get a zero gradient) are one GEMM.
/// </summary>
internal static class StepLoss
{
    /// <summary>
    /// Forward and loss of the step term on the batch in <paramref name="ws"/> (after <see cref="Network.Forward"/>):
    /// fills ws.StepDLogits with ∂(scale·loss)/∂z (zeros when <paramref name="scale"/> = 0) and returns Σ_i λ/T_i Σ_t CE.
    /// </summary>
    public static double Forward(Network net, ReadOnlySpan<float> p, ShardWorkspace ws, float scale)
    {
        int n = ws.Rows, T = ws.Steps, H = net.Hidden, C = net.Classes, rows = T * n;
        float weight = net.StepLossWeight;
        if (weight <= 0 || rows == 0) return 0;
        var z = ws.StepLogits.AsSpan(0, rows * C);
        var dz = scale == 0 ? Span<float>.Empty : ws.StepDLogits.AsSpan(0, rows * C);
        var b = p.Slice(net.HeadBiasOffset, C);
        for (int r = 0; r < rows; r++) b.CopyTo(z.Slice(r * C, C));
        Gemm.NN(rows, C, H, ws.H[net.Layers - 1].AsSpan(0, rows * H), H, p.Slice(net.HeadWeightOffset, H * C), C, z, C);
        dz.Clear();
        double loss = 0;
        for (int t = 0; t < T; t++)
            for (int i = 0; i < ws.Active[t]; i++)
            {
                int y = ws.Labels[i];
                if (y < 0) continue;
                double w = (double)weight / ws.Lengths[i];
                var zr = z.Slice((t * n + i) * C, C);
                double max = zr[0];
                for (int c = 1; c < C; c++) max = Math.Max(max, zr[c]);
                double sum = 0;
                for (int c = 0; c < C; c++) sum += Math.Exp(zr[c] - max);
                loss += w * (Math.Log(sum) + max - zr[y]);
                if (scale == 0) continue;
                var dr = dz.Slice((t * n + i) * C, C);
                for (int c = 0; c < C; c++) dr[c] = (float)(scale * w * (Math.Exp(zr[c] - max) / sum - (c == y ? 1 : 0)));
            }
        return loss;
    }

    /// <summary>Adds the step term's gradient: into ∂h_top (ws.DH[top], already holding the last-step part), ∂W and ∂b.</summary>
    public static void Backward(Network net, ReadOnlySpan<float> p, ShardWorkspace ws, Span<float> g)
    {
        int n = ws.Rows, T = ws.Steps, H = net.Hidden, C = net.Classes, rows = T * n;
        if (net.StepLossWeight <= 0 || rows == 0) return;
        var dz = ws.StepDLogits.AsSpan(0, rows * C);
        Gemm.NT(rows, H, C, dz, C, p.Slice(net.HeadWeightOffset, H * C), C, ws.DH[net.Layers - 1].AsSpan(0, rows * H), H);
        Gemm.TN(H, C, rows, ws.H[net.Layers - 1].AsSpan(0, rows * H), H, dz, C, g.Slice(net.HeadWeightOffset, H * C), C);
        var db = g.Slice(net.HeadBiasOffset, C);
        for (int r = 0; r < rows; r++) Vec.Add(db, dz.Slice(r * C, C), db);
    }
}
