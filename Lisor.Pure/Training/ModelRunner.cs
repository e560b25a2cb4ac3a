using Lisor.Pure.Cells;
using Lisor.Pure.Kernels;

namespace Lisor.Pure.Training;

/// <summary>
/// The machinery behind <see cref="RnnState"/>: R advanced by one symbol with the cells' own Forward, run as a batch
/// of one sequence of one step that starts from the given state (<see cref="CellWorkspace.StartHidden"/>) instead of
/// zero. It computes what <see cref="Network.Forward"/> computes for that step with the same kernels, so the
/// step-by-step and the batched answers agree (the tests compare them for every cell). From the zero state the
/// first step takes the zero-start path, as the batch does.
/// One step, for layer l = 0 … L−1 (x⁰ = the symbol's input vector, xˡ = hˡ⁻¹_t):
///     (hˡ_t, cˡ_t) = cellˡ(xˡ, hˡ_{t−1}, cˡ_{t−1});   output z = h^{L−1}_t·W + b,  p = softmax(z).
/// All buffers are made once with the runner; a step allocates nothing.
/// </summary>
internal sealed class ModelRunner
{
    private readonly Network _net;
    private readonly float[] _weights;
    private readonly CellWorkspace[] _space;     // [L], one step × one row each
    private readonly float[][] _startH, _startC; // [L][H]: h_{t−1}, c_{t−1} handed to the cell
    private readonly float[] _x;                 // [X] the symbol's input vector
    private readonly float[][] _h;               // [L][H] the layers' new h_t
    private readonly float[] _logits;            // [C]
    private readonly int[] _active = [1];        // one row, one step
    private readonly bool _memory;               // LSTM, SRU: c_t is part of the state

    public ModelRunner(Network net, float[] weights)
    {
        _net = net; _weights = weights;
        int L = net.Layers, H = net.Hidden;
        _memory = net.Cells[0] is ICellStateSource;
        _space = new CellWorkspace[L];
        _startH = new float[L][]; _startC = new float[L][]; _h = new float[L][];
        for (int l = 0; l < L; l++)
        {
            _space[l] = net.Cells[l].CreateWorkspace(1, 1);
            _space[l].ParameterVersion = -1;   // one model's fixed weights: pack the recurrent weights once
            _startH[l] = new float[H]; _startC[l] = new float[H]; _h[l] = new float[H];
        }
        _x = new float[net.InputSize];
        _logits = new float[net.Classes];
        StateSize = (_memory ? 2 : 1) * L * H;
    }

    /// <summary>Floats in a state vector: L·H, or 2·L·H with memories.</summary>
    public int StateSize { get; }

    /// <summary>Advances <paramref name="state"/> [StateSize] (laid out as in <see cref="RnnState.Vector"/>) by the symbol of id
    /// <paramref name="id"/>; <paramref name="fromZero"/> when no symbol was read yet.</summary>
    public void Step(Span<float> state, int id, bool fromZero)
    {
        int L = _net.Layers, H = _net.Hidden, X = _net.InputSize;
        if ((uint)id >= (uint)_net.VocabularySize) ThrowId(id);
        var p = _weights.AsSpan();
        switch (_net.Input)
        {
            case InputKind.OneHot: Array.Clear(_x); _x[id] = 1f; break;
            case InputKind.Embedding: p.Slice(_net.EmbeddingOffset + id * X, X).CopyTo(_x); break;
            default: _net.FixedTable.AsSpan(id * X, X).CopyTo(_x); break;
        }
        for (int l = 0; l < L; l++)
        {
            var ws = _space[l];
            var h = state.Slice(l * H, H);
            var c = _memory ? state.Slice((L + l) * H, H) : Span<float>.Empty;
            if (fromZero) { ws.StartHidden = null; ws.StartMemory = null; }
            else
            {
                h.CopyTo(_startH[l]); c.CopyTo(_startC[l]);
                ws.StartHidden = _startH[l]; ws.StartMemory = _startC[l];
            }
            ReadOnlySpan<float> input = l == 0 ? _x : _h[l - 1];
            _net.Cells[l].Forward(_net.CellParameters(p, l), ws, input, 1, _active, _h[l]);
            _h[l].CopyTo(h);
            if (_memory) ((ICellStateSource)_net.Cells[l]).CopyCellState(ws, 1, 0, 1, c);
        }
    }

    /// <summary>The logits z = h_top·W + b of <paramref name="state"/> (h_top = 0 before the first symbol, as for an empty
    /// sequence in the batch) and their argmax; with a non-empty <paramref name="probabilities"/> [C] also softmax(z),
    /// computed in double as the loss does.</summary>
    public int Output(ReadOnlySpan<float> state, Span<float> probabilities)
    {
        int L = _net.Layers, H = _net.Hidden, C = _net.Classes;
        var p = _weights.AsSpan();
        var z = _logits.AsSpan();
        p.Slice(_net.HeadBiasOffset, C).CopyTo(z);
        Gemm.NN(1, C, H, state.Slice((L - 1) * H, H), H, p.Slice(_net.HeadWeightOffset, H * C), C, z, C);
        if (!probabilities.IsEmpty)
        {
            double max = z[0];
            for (int c = 1; c < C; c++) max = Math.Max(max, z[c]);
            double sum = 0;
            for (int c = 0; c < C; c++) sum += Math.Exp(z[c] - max);
            for (int c = 0; c < C; c++) probabilities[c] = (float)(Math.Exp(z[c] - max) / sum);
        }
        return Vec.Argmax(z);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn, System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ThrowId(int id) => throw new ArgumentOutOfRangeException(nameof(id), $"symbol id {id}: the vocabulary has ids 0…{_net.VocabularySize - 1}");
}
