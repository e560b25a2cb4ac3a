using Lisor.Pure.Cells;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

/// <summary>The step-by-step API (Model.Start / Step / Output / Predict(tokens)) against the batched forward.</summary>
public class StepApiTests
{
    private static IEnumerable<TestCaseData> Shapes()
    {
        foreach (var kind in RecurrentCell.Kinds)
            foreach (var (layers, input) in new[] { (1, InputKind.OneHot), (3, InputKind.OneHot), (2, InputKind.Embedding) })
                yield return new TestCaseData(kind, layers, input).SetName($"{kind}_{layers}_layers_{input}");
    }

    /// <summary>A model with random weights scaled up (so answers differ between sequences) over symbols a, b, c.</summary>
    internal static Model RandomModel(string kind, int layers, InputKind input, int classes = 3, ulong seed = 7)
    {
        var vocabulary = Vocabulary.FromSymbols([Vocabulary.Unknown, "a", "b", "c"]);
        int inputSize = input == InputKind.OneHot ? vocabulary.Count : 5;
        var net = new Network(kind, 6, layers, classes, vocabulary.Count, input, inputSize, null);
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(seed));
        for (int i = 0; i < p.Length; i++) p[i] *= 2.5f;
        var names = Enumerable.Range(0, classes).Select(c => c.ToString()).ToArray();
        return new Model(net, p, vocabulary, names, classes == 2 ? 1 : -1);
    }

    /// <summary>Every string over {a, b, c} up to length 4, a few longer ones, and one with an unknown symbol.</summary>
    private static List<LabeledSequence> Strings()
    {
        var all = new List<LabeledSequence> { new("0", []) };
        var frontier = new List<string[]> { Array.Empty<string>() };
        for (int n = 1; n <= 4; n++)
        {
            frontier = frontier.SelectMany(w => new[] { "a", "b", "c" }.Select(s => (string[])[.. w, s])).ToList();
            all.AddRange(frontier.Select(w => new LabeledSequence("0", w)));
        }
        var rng = new Rng(3);
        for (int i = 0; i < 40; i++)
            all.Add(new LabeledSequence("0", Enumerable.Range(0, 5 + rng.NextInt(20)).Select(_ => "abc"[rng.NextInt(3)].ToString()).ToArray()));
        all.Add(new LabeledSequence("0", ["a", "zzz", "b"]));
        return all;
    }

    [TestCaseSource(nameof(Shapes))]
    public void Step_by_step_gives_the_batched_class_state_and_probabilities(string kind, int layers, InputKind input)
    {
        var data = Strings();
        // The first seed whose model answers more than one class on the strings (a constant model would prove little).
        var model = Enumerable.Range(1, 20).Select(seed => RandomModel(kind, layers, input, seed: (ulong)seed))
            .FirstOrDefault(m => m.Predict(data).Distinct().Count() > 1);
        Assert.That(model, Is.Not.Null, "no seed gave a model with more than one class");
        int[] batched = model!.Predict(data);
        var top = model.HiddenStates(data);
        for (int i = 0; i < data.Count; i++)
        {
            var output = model.Predict(data[i].Tokens);
            Assert.That(output.Class, Is.EqualTo(batched[i]), data[i].ToString());
            Assert.That(output.Label, Is.EqualTo(model.Classes[batched[i]]));
            Assert.That(output.Probabilities.Sum(), Is.EqualTo(1).Within(1e-5));
            Assert.That(Array.IndexOf(output.Probabilities, output.Probabilities.Max()), Is.EqualTo(output.Class));
            // The last top-layer state and R's probabilities from it, up to rounding: the batch's own bits depend on how
            // many sequences share a step (the products' row blocking), so only the class is exact.
            var state = model.Start();
            foreach (var token in data[i].Tokens) model.Step(state, token);
            int T = data[i].Tokens.Length;
            var last = T == 0 ? new float[model.Hidden] : top[i].AsSpan((T - 1) * model.Hidden, model.Hidden).ToArray();
            Assert.That(state.TopHidden.ToArray(), Is.EqualTo(last).Within(1e-5).AsCollection, data[i].ToString());
            var expected = Softmax(model, last);
            Assert.That(output.Probabilities, Is.EqualTo(expected).Within(1e-5).AsCollection);
        }
    }

    [TestCaseSource(nameof(Shapes))]
    public void Memory_cells_carry_the_batched_memory(string kind, int layers, InputKind input)
    {
        var model = RandomModel(kind, layers, input);
        if (!model.HasCellState) { Assert.That(model.Start().Steps, Is.Zero); return; }
        var data = Strings().Where(s => s.Tokens.Length > 0).ToList();
        var c = model.CellStates(data, 0);
        for (int i = 0; i < data.Count; i++)
        {
            var state = model.Start();
            foreach (var token in data[i].Tokens) model.Step(state, token);
            int T = data[i].Tokens.Length;
            // Layer 0's memory sits at [L·H, L·H + H) of the state vector.
            var memory = state.Vector.AsSpan(model.Layers * model.Hidden, model.Hidden).ToArray();
            Assert.That(memory, Is.EqualTo(c[i].AsSpan((T - 1) * model.Hidden, model.Hidden).ToArray()).Within(1e-5).AsCollection);
        }
    }

    [Test]
    public void Ids_and_tokens_step_alike_and_states_copy_and_reset()
    {
        var model = RandomModel("gru", 2, InputKind.Embedding);
        var byToken = model.Start();
        var byId = model.Start();
        foreach (var token in new[] { "a", "c", "b", "b" })
        {
            model.Step(byToken, token);
            model.Step(byId, model.Vocabulary.IdOf(token));
        }
        Assert.That(byId.Vector, Is.EqualTo(byToken.Vector).AsCollection);
        Assert.That(byId.Steps, Is.EqualTo(4));
        var copy = model.Start();
        copy.CopyFrom(byToken);
        model.Step(copy, "a"); model.Step(byToken, "a");
        Assert.That(copy.Vector, Is.EqualTo(byToken.Vector).AsCollection);
        copy.Reset();
        Assert.That(model.Output(copy).Class, Is.EqualTo(model.Predict(Array.Empty<string>()).Class));
        Assert.That(copy.Steps, Is.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Step(copy, model.Vocabulary.Count));
        var other = RandomModel("gru", 2, InputKind.Embedding);
        Assert.Throws<ArgumentException>(() => other.Step(copy, 1));
    }

    [TestCaseSource(nameof(Kinds))]
    public void A_step_and_an_output_allocate_nothing_once_warm(string kind)
    {
        var model = RandomModel(kind, 3, InputKind.Embedding);
        var state = model.Start();
        Span<float> p = stackalloc float[model.Classes.Count];
        for (int i = 0; i < 10; i++) { model.Step(state, i % 4); model.Output(state, p); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) { model.Step(state, i % 4); model.Output(state, p); }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static IEnumerable<string> Kinds => RecurrentCell.Kinds;

    private static float[] Softmax(Model model, float[] h)
    {
        int C = model.Classes.Count, H = model.Hidden;
        var z = new double[C];
        for (int c = 0; c < C; c++)
        {
            z[c] = model.Weights[model.Network.HeadBiasOffset + c];
            for (int j = 0; j < H; j++) z[c] += h[j] * model.Weights[model.Network.HeadWeightOffset + j * C + c];
        }
        double max = z.Max(), sum = z.Sum(v => Math.Exp(v - max));
        return z.Select(v => (float)(Math.Exp(v - max) / sum)).ToArray();
    }
}
