using Lisor.Pure.Kernels;

namespace Lisor.Pure.Cells;

/// <summary>
/// One forward step of a cell with <see cref="LaneProduct.Lanes"/> sequences side by side (lane-major: every
/// vector is [units, Lanes], unit j of every sequence in row j), for inference with small cells. The formulas are
/// the cells' own (Srn.cs, Mgu.cs, Gru.cs, Lstm.cs; docs/method.md §2) in the same order of operations, with the
/// same element-wise ops (σ, tanh, the gated update h_{t−1} + z ⊙ (h̃ − h_{t−1}), the memory update f ⊙ c_{t−1} + i ⊙ c̃)
/// at 256-bit width: every element gets the Vector256 arithmetic. (The row-major cells give a row's last H mod 8
/// units the 128-bit or scalar forms of the same formulas, which may round differently in the last bit.)
/// Every cell's parameters are Wx [X, G], Wh [H, G], b [G] with G = gates·H, in this order. At the first step
/// (h_{−1} = c_{−1} = 0) the recurrent products are skipped, as the row-major cells skip them, and
/// the hidden state h_{−1} passed in must hold zeros.
/// </summary>
internal static class LaneSteps
{
    private const int L = LaneProduct.Lanes;
    private const KernelPath Path = KernelPath.Vector256;

    /// <summary>The cells that have a lane step, by their gates per unit (G / H); <see cref="LaneCell.None"/> for the others.</summary>
    public static LaneCell CellOf(string kind) => kind switch
    {
        "srn" => LaneCell.Srn, "mgu" => LaneCell.Mgu, "gru" => LaneCell.Gru, "lstm" => LaneCell.Lstm, _ => LaneCell.None,
    };

    /// <summary>
    /// Step t of one layer: x [X, L] → h [H, L] from hp = h_{t−1} [H, L] (and, for the LSTM, c [H, L]: c_{t−1} in,
    /// c_t out). <paramref name="a"/> [G, L] and <paramref name="tmp"/> [H, L] are scratch.
    /// </summary>
    public static void Step(LaneCell cell, ReadOnlySpan<float> p, int X, int H, ReadOnlySpan<float> x, ReadOnlySpan<float> hp, bool first,
        Span<float> c, Span<float> a, Span<float> tmp, Span<float> h)
    {
        int G = (int)cell * H;
        var wx = p.Slice(0, X * G); var wh = p.Slice(X * G, H * G); var b = p.Slice(X * G + H * G, G);
        int u = H * L;                                                                    // floats of one [H, L] block
        // The non-linearity of a gate's last product is applied in its store (LaneProduct.Run with an op: the bits of the
        // product followed by the op's Map); at the first step, with no recurrent product, by a Map as before.
        if (cell == LaneCell.Srn)
        {
            h = h.Slice(0, u);
            LaneProduct.Run(X, G, x, wx, G, b, h);                                        // h = b + x·Wx
            if (!first) LaneProduct.Run(H, H, hp, wh, G, default, h, new TanhOp());      // h = tanh(h + h_{t−1}·Wh)
            else VecDriver.Map(Path, h, h, new TanhOp());                                 // h = tanh(b + x·Wx)
            return;
        }
        a = a.Slice(0, G * L);
        LaneProduct.Run(X, G, x, wx, G, b, a);                                            // a = b + x·Wx
        switch (cell)
        {
            case LaneCell.Mgu:
            {
                var f = a.Slice(0, u); var ah = a.Slice(u, u);
                if (!first) LaneProduct.Run(H, H, hp, wh, G, default, f, new SigmoidOp()); // f = σ(a_f + h_{t−1}·Wh_f)
                else VecDriver.Map(Path, f, f, new SigmoidOp());                          // f = σ(a_f)
                VecDriver.Zip(Path, f, hp.Slice(0, u), tmp, new MultiplyOp());            // f ⊙ h_{t−1}
                if (!first) LaneProduct.Run(H, H, tmp, wh.Slice(H), G, default, ah, new TanhOp()); // h̃ = tanh(a_h + (f ⊙ h_{t−1})·Wh_h)
                else VecDriver.Map(Path, ah, ah, new TanhOp());                           // h̃ = tanh(a_h)
                VecDriver.Map3(Path, f, ah, hp.Slice(0, u), h.Slice(0, u), new GatedUpdateOp());   // h = h_{t−1} + f ⊙ (h̃ − h_{t−1})
                break;
            }
            case LaneCell.Gru:
            {
                var zr = a.Slice(0, 2 * u); var z = a.Slice(0, u); var r = a.Slice(u, u); var ah = a.Slice(2 * u, u);
                if (!first) LaneProduct.Run(H, 2 * H, hp, wh, G, default, zr, new SigmoidOp()); // z, r = σ([a_z | a_r] + h_{t−1}·[Wh_z | Wh_r])
                else VecDriver.Map(Path, zr, zr, new SigmoidOp());                        // z = σ(a_z), r = σ(a_r)
                VecDriver.Zip(Path, r, hp.Slice(0, u), tmp, new MultiplyOp());            // r ⊙ h_{t−1}
                if (!first) LaneProduct.Run(H, H, tmp, wh.Slice(2 * H), G, default, ah, new TanhOp()); // h̃ = tanh(a_h + (r ⊙ h_{t−1})·Wh_h)
                else VecDriver.Map(Path, ah, ah, new TanhOp());                           // h̃ = tanh(a_h)
                VecDriver.Map3(Path, z, ah, hp.Slice(0, u), h.Slice(0, u), new GatedUpdateOp());   // h = h_{t−1} + z ⊙ (h̃ − h_{t−1})
                break;
            }
            case LaneCell.Lstm:
            {
                var ifo = a.Slice(0, 3 * u); var cTilde = a.Slice(3 * u, u);
                if (!first)
                {
                    LaneProduct.Run(H, 3 * H, hp, wh, G, default, ifo, new SigmoidOp());   // i, f, o = σ(a_{i,f,o} + h_{t−1}·Wh_{i,f,o})
                    LaneProduct.Run(H, H, hp, wh.Slice(3 * H), G, default, cTilde, new TanhOp());   // c̃ = tanh(a_c + h_{t−1}·Wh_c)
                }
                else
                {
                    VecDriver.Map(Path, ifo, ifo, new SigmoidOp());                       // i, f, o = σ(a_{i,f,o})
                    VecDriver.Map(Path, cTilde, cTilde, new TanhOp());                    // c̃ = tanh(a_c)
                }
                var ct = c.Slice(0, u);
                VecDriver.Map4(Path, a.Slice(u, u), ct, a.Slice(0, u), cTilde, ct, new CellUpdateOp());   // c = f ⊙ c_{t−1} + i ⊙ c̃
                VecDriver.Map(Path, ct, tmp, new TanhOp());                               // tanh(c)
                VecDriver.Zip(Path, a.Slice(2 * u, u), tmp, h.Slice(0, u), new MultiplyOp());          // h = o ⊙ tanh(c)
                break;
            }
            default: throw new ArgumentException($"no lane step for cell {cell}", nameof(cell));
        }
    }
}

/// <summary>A cell that has a lane step; the value is its gates per unit (G / H).</summary>
internal enum LaneCell
{
    /// <summary>No lane step (the SRU, for one).</summary>
    None = 0,
    /// <summary>h = tanh(a).</summary>
    Srn = 1,
    /// <summary>Forget gate and candidate.</summary>
    Mgu = 2,
    /// <summary>Update and reset gates and candidate.</summary>
    Gru = 3,
    /// <summary>Input, forget and output gates and candidate.</summary>
    Lstm = 4,
}
