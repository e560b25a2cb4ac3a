using Lisor.Pure.Cells;
using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Cells;

/// <summary>
/// A forward-only workspace (<see cref="CellWorkspace.Rolling"/>) keeps two steps of a cell's per-step caches instead of
/// every step: Forward must give the bits a full workspace gives (every cell, shallow and wide inputs, rows leaving the
/// batch, a start state, sizes around the vector widths), and what needs every step must refuse it.
/// </summary>
public class RollingWorkspaceTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var kind in RecurrentCell.Kinds)
            foreach (int x in (int[])[2, 11])          // a shallow input (projected step by step) and a wider one
                foreach (int h in (int[])[1, 8, 17, 40])
                    yield return new TestCaseData(kind, x, h);
    }

    [TestCaseSource(nameof(Cases))]
    public void Forward_in_a_rolling_workspace_gives_the_bits_of_a_full_one(string kind, int inputSize, int hidden)
    {
        var cell = RecurrentCell.Create(kind, inputSize, hidden);
        var p = new float[cell.ParameterCount];
        cell.Initialize(p, new Rng((ulong)(hidden * 31 + inputSize)));
        var rng = new Rng(7);
        foreach (int steps in (int[])[1, 2, 3, 7])
            foreach (bool start in (bool[])[false, true])
            {
                const int batch = 5;
                // rows leave the batch as the steps go on (active non-increasing), as the packed batches do
                int[] active = Enumerable.Range(0, steps).Select(t => Math.Max(1, batch - t)).ToArray();
                var x = Enumerable.Range(0, steps * batch * inputSize).Select(_ => rng.Uniform(-1f, 1f)).ToArray();
                var full = cell.CreateWorkspace(steps + 2, batch + 1);
                var rolling = cell.CreateWorkspace(steps + 2, batch + 1, rolling: true);
                if (start)
                {
                    var h0 = Enumerable.Range(0, batch * hidden).Select(_ => rng.Uniform(-1f, 1f)).ToArray();
                    var c0 = Enumerable.Range(0, batch * hidden).Select(_ => rng.Uniform(-1f, 1f)).ToArray();
                    foreach (var ws in new[] { full, rolling }) { ws.StartHidden = h0; ws.StartMemory = c0; }
                }
                var hFull = new float[steps * batch * hidden];
                var hRolling = Enumerable.Repeat(float.NaN, steps * batch * hidden).ToArray();
                cell.Forward(p, full, x, batch, active, hFull);
                cell.Forward(p, rolling, x, batch, active, hRolling);
                for (int i = 0; i < hFull.Length; i++)
                    if (BitConverter.SingleToInt32Bits(hFull[i]) != BitConverter.SingleToInt32Bits(hRolling[i]))
                        Assert.Fail($"{kind} X {inputSize} H {hidden}, {steps} steps, start {start}: h[{i}] {hRolling[i]} against {hFull[i]}");
            }
    }

    [Test]
    public void Rolling_is_what_each_cell_can_keep()
    {
        // SRU runs its input projections for all steps in one product, and so does an SRN with a wide input: those keep every step
        foreach (var kind in RecurrentCell.Kinds)
            foreach (int x in (int[])[2, 11])
            {
                bool expected = kind != "sru" && (kind != "srn" || GemmShallow.Takes(x));
                Assert.That(RecurrentCell.Create(kind, x, 4).CreateWorkspace(5, 3, rolling: true).Rolling, Is.EqualTo(expected), $"{kind}, X {x}");
                Assert.That(RecurrentCell.Create(kind, x, 4).CreateWorkspace(5, 3).Rolling, Is.False);
            }
    }

    [TestCaseSource(typeof(RecurrentCell), nameof(RecurrentCell.Kinds))]
    public void Backward_and_the_cell_states_of_every_step_refuse_a_rolling_workspace(string kind)
    {
        var cell = RecurrentCell.Create(kind, 2, 4);
        var ws = cell.CreateWorkspace(3, 2, rolling: true);
        if (!ws.Rolling) return;   // (SRU keeps every step: nothing to refuse)
        var p = new float[cell.ParameterCount];
        cell.Initialize(p, new Rng(3));
        int[] active = [2, 2, 1];
        var x = new float[3 * 2 * 2]; var h = new float[3 * 2 * 4];
        cell.Forward(p, ws, x, 2, active, h);
        var e = Assert.Throws<InvalidOperationException>(() => cell.Backward(p, ws, x, 2, active, h, new float[h.Length], new float[x.Length], new float[p.Length]));
        Assert.That(e!.Message, Does.Contain("Backward"));
        if (cell is ICellStateSource source)
            Assert.Throws<InvalidOperationException>(() => source.CopyCellState(ws, 2, 0, 2, new float[8]));
    }

    private static (Network Net, EncodedData Data, int[] Order) Setup(string kind)
    {
        var vocabulary = Sequences.Vocabulary.FromSymbols(["<unk>", "0", "1"]);
        var rng = new Rng(23);
        var sequences = new List<Sequences.LabeledSequence>();
        for (int s = 0; s < 40; s++)
        {
            var symbols = new string[(int)(rng.NextFloat() * 15)];   // 0 … 14 symbols: ragged and empty rows
            for (int t = 0; t < symbols.Length; t++) symbols[t] = rng.NextFloat() < 0.5f ? "0" : "1";
            sequences.Add(new Sequences.LabeledSequence(rng.NextFloat() < 0.5f ? "a" : "b", symbols));
        }
        var net = new Network(kind, hidden: 12, layers: 2, classes: 2, vocabulary.Count, InputKind.OneHot, vocabulary.Count, null);
        var data = new Model(net, new float[net.ParameterCount], vocabulary, ["a", "b"], -1).Encode(sequences);
        return (net, data, data.ByLength());
    }

    [TestCaseSource(typeof(RecurrentCell), nameof(RecurrentCell.Kinds))]
    public void A_forward_only_runner_gives_the_losses_predictions_probabilities_and_hidden_states_of_a_full_one(string kind)
    {
        var (net, data, order) = Setup(kind);
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(5));
        (double, int, int[], float[], float[][]) Run(bool keepSteps)
        {
            var runner = new DataParallel(net, data.MaxLength, data.Count, training: false, keepSteps: keepSteps);
            var predictions = new int[data.Count]; var probabilities = new float[data.Count * 2]; var hidden = new float[data.Count][];
            var (loss, correct) = runner.Run(p, data, order, 0, data.Count, predictions: predictions, hidden: hidden, hiddenLayer: 1,
                probabilities: probabilities);
            return (loss, correct, predictions, probabilities, hidden);
        }
        var full = Run(true); var rolling = Run(false);
        Assert.That(rolling.Item1, Is.EqualTo(full.Item1), "loss");
        Assert.That(rolling.Item2, Is.EqualTo(full.Item2), "correct");
        Assert.That(rolling.Item3, Is.EqualTo(full.Item3), "predictions");
        Assert.That(rolling.Item4.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(full.Item4.Select(BitConverter.SingleToInt32Bits)), "probabilities");
        for (int i = 0; i < data.Count; i++)
            Assert.That((rolling.Item5[i] ?? []).Select(BitConverter.SingleToInt32Bits), Is.EqualTo((full.Item5[i] ?? []).Select(BitConverter.SingleToInt32Bits)), $"hidden states of sequence {i}");
    }

    [Test]
    public void A_forward_only_runner_refuses_cell_states_and_training_keeps_every_step()
    {
        var (net, data, order) = Setup("lstm");
        Assert.Throws<ArgumentException>(() => new DataParallel(net, data.MaxLength, 8, training: true, keepSteps: false));
        var runner = new DataParallel(net, data.MaxLength, data.Count, training: false, keepSteps: false);
        var p = new float[net.ParameterCount];
        var hidden = new float[data.Count][];
        Assert.Throws<InvalidOperationException>(() => runner.Run(p, data, order, 0, data.Count, hidden: hidden, cellState: true));
        Assert.DoesNotThrow(() => runner.Run(p, data, order, 0, data.Count, hidden: hidden));
    }
}
