using Lisor.Pure.Common;
using Lisor.Pure.Kernels;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

/// <summary>
/// The lane-major inference (<see cref="LaneInference"/>, <see cref="LaneProduct"/>, <see cref="Cells.LaneSteps"/>) against
/// the row-major forward pass: the same bits where the row-major cells use 256-bit arithmetic for every unit (H a multiple
/// of 8), float rounding apart otherwise; awkward batch sizes, empty sequences, every input kind, 1 and 2 threads.
/// </summary>
public class LaneInferenceTests
{
    private static readonly string[] LaneKinds = ["srn", "mgu", "gru", "lstm"];

    // both widths where the CPU has 512-bit vectors (LaneProduct512), the 256-bit tiles alone elsewhere
    private static IEnumerable<bool> Widths => KernelPaths.Has512 ? [false, true] : [false];

    [Test]
    public void The_prefix_key_is_its_definition_for_every_symbol_width_and_length()
    {
        // key = Σ_u (id_u + 1) · 2^(64 − (u + 1) b) over the first ⌊64 / b⌋ symbols, ids up to 2^b − 2 (id + 1 fits in b bits)
        var rng = new Rng(7);
        for (int bits = 1; bits <= 31; bits++)   // (ids are ints: V ≤ 2³¹ − 1)
        {
            int prefix = 64 / bits;
            for (int length = 0; length <= prefix; length++)
                for (int rep = 0; rep < 3; rep++)
                {
                    var ids = new int[length + 4];   // (room past the symbols, holding <unk>: not read)
                    for (int u = 0; u < ids.Length; u++) ids[u] = u < length && bits > 1 ? 1 + (int)(rng.NextUInt64() % ((1UL << bits) - 2)) : 0;   // (b = 1: V = 1, <unk> alone)
                    if (rep == 1 && length > 0) ids[rng.NextInt(length)] = 0;   // one <unk> among them
                    ulong expected = 0;
                    for (int u = 0; u < length; u++) expected += (ulong)(ids[u] + 1) << (64 - (u + 1) * bits);
                    bool unknown = false;
                    Assert.That(LaneInference.PrefixKey(ids.AsSpan(0, length), bits, ref unknown), Is.EqualTo(expected), $"b = {bits}, {length} symbols");
                    Assert.That(unknown, Is.EqualTo(ids.AsSpan(0, length).Contains(0)), $"<unk> among b = {bits}, {length} symbols");
                    unknown = true;
                    LaneInference.PrefixKey(ids.AsSpan(0, length), bits, ref unknown);
                    Assert.That(unknown, Is.True, "set, never cleared");
                }
        }
    }

    [Test]
    public void A_short_copy_copies_exactly_its_numbers_at_every_length()
    {
        // lengths below a 256-bit vector, one, between two and past several (the last piece overlapping), at odd offsets
        for (int n = 0; n <= 40; n++)
        {
            var from = Enumerable.Range(0, n + 3).Select(i => i + 0.5f).ToArray();
            var to = Enumerable.Repeat(-1f, n + 5).ToArray();
            LaneInference.CopyShort(from.AsSpan(3, n), to.AsSpan(1, n + 2));
            var expected = new[] { -1f }.Concat(from.Skip(3)).Concat(Enumerable.Repeat(-1f, 4)).ToArray();
            Assert.That(to, Is.EqualTo(expected), $"n = {n}");
        }
        Assert.Throws<ArgumentException>(() => LaneInference.CopyShort(new float[9], new float[8]));
    }

    [TestCaseSource(nameof(Widths))]
    public void The_lane_product_is_the_fma_chain_of_the_definition_bit_for_bit(bool wide)
    {
        if (!LanesHere()) return;
        bool was = LaneProduct.Wide;
        LaneProduct.Wide = wide;
        try { LaneProductAgainstDefinition(); }
        finally { LaneProduct.Wide = was; }
    }

    private static void LaneProductAgainstDefinition()
    {
        const int L = LaneProduct.Lanes;
        var rng = new Rng(5);
        foreach (int k in new[] { 1, 2, 3, 7, 10, 17 })
            foreach (int n in Enumerable.Range(1, 25).Append(30).Append(40).Append(64))
                foreach (bool first in new[] { true, false })
                {
                    int ldw = n + 3;
                    var s = Random(rng, k * L); var w = Random(rng, (k - 1) * ldw + n); var bias = Random(rng, n);
                    var output = Random(rng, n * L);
                    var expected = (float[])output.Clone();
                    for (int j = 0; j < n; j++)
                        for (int lane = 0; lane < L; lane++)
                        {
                            float acc = 0;
                            for (int p = 0; p < k; p++) acc = MathF.FusedMultiplyAdd(s[p * L + lane], w[p * ldw + j], acc);
                            expected[j * L + lane] = (first ? bias[j] : expected[j * L + lane]) + acc;
                        }
                    LaneProduct.Run(k, n, s, w, ldw, first ? bias : default, output);
                    Assert.That(output, Is.EqualTo(expected), $"k {k}, n {n}, first {first}");
                }
    }

    [TestCaseSource(nameof(Widths))]
    public void A_non_linearity_in_the_lane_products_store_gives_the_bits_of_the_product_then_its_map(bool wide)
    {
        // σ and tanh taken in the store: op(base + acc) for every element, as Run followed by VecDriver.Map of op over the
        // output; sums from −30 to 30 (σ and tanh saturating at both ends), NaN and ±∞ among the bases
        if (!LanesHere()) return;
        bool was = LaneProduct.Wide;
        LaneProduct.Wide = wide;
        try
        {
            const int L = LaneProduct.Lanes;
            var rng = new Rng(9);
            foreach (int k in new[] { 1, 3, 10, 17 })
                foreach (int n in Enumerable.Range(1, 23).Append(30).Append(40))
                    foreach (bool first in new[] { true, false })
                    {
                        int ldw = n + 1;
                        var s = Random(rng, k * L); var w = Random(rng, (k - 1) * ldw + n);
                        var bias = Random(rng, n); var output = Random(rng, n * L);
                        for (int i = 0; i < output.Length; i++) output[i] *= 30;
                        for (int j = 0; j < n; j++) bias[j] *= 30;
                        output[0] = float.NaN; output[output.Length - 1] = float.PositiveInfinity;
                        if (n > 2) bias[2] = float.NegativeInfinity;
                        Check(new SigmoidOp()); Check(new TanhOp());

                        void Check<TOp>(TOp op) where TOp : struct, IUnaryOp
                        {
                            var expected = (float[])output.Clone();
                            LaneProduct.Run(k, n, s, w, ldw, first ? bias : default, expected);
                            VecDriver.Map(KernelPath.Vector256, expected, expected, op);
                            var fused = (float[])output.Clone();
                            LaneProduct.Run(k, n, s, w, ldw, first ? bias : default, fused, op);
                            Assert.That(fused.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)),
                                $"{typeof(TOp).Name}, k {k}, n {n}, first {first}, wide {wide}");
                        }
                    }
        }
        finally { LaneProduct.Wide = was; }
    }

    [Test]
    public void The_lane_product_gives_each_lane_the_bits_the_row_major_product_gives_its_row()
    {
        if (!LanesHere()) return;
        const int L = LaneProduct.Lanes;
        var rng = new Rng(6);
        foreach (var (k, n) in new[] { (2, 10), (10, 10), (10, 40), (13, 7), (32, 128) })
        {
            var s = Random(rng, k * L); var w = Random(rng, k * n); var bias = Random(rng, n);
            var lanes = new float[n * L];
            LaneProduct.Run(k, n, s, w, n, bias, lanes);
            // rows: x [L, k] = sᵀ, c = b, c += x·W (the row-major cells' input projection)
            var x = new float[L * k];
            for (int p = 0; p < k; p++) for (int lane = 0; lane < L; lane++) x[lane * k + p] = s[p * L + lane];
            var c = new float[L * n];
            for (int lane = 0; lane < L; lane++) bias.CopyTo(c, lane * n);
            Gemm.NN(L, n, k, x, k, w, n, c, n);
            for (int j = 0; j < n; j++)
                for (int lane = 0; lane < L; lane++)
                    Assert.That(lanes[j * L + lane], Is.EqualTo(c[lane * n + j]), $"{k}×{n}: unit {j}, lane {lane}");
        }
    }

    // H a multiple of 8: every element-wise call of the row-major cells covers whole 256-bit vectors, so both passes do the same arithmetic.
    [TestCaseSource(nameof(BitCases))]
    public void With_whole_vectors_the_lane_pass_gives_the_bits_of_the_row_major_pass(string kind, int hidden, int layers, InputKind input)
    {
        if (!LanesHere()) return;
        var (lanes, rows) = Both(kind, hidden, layers, input, seed: 7, count: 203);
        Assert.That(lanes.Probabilities, Is.EqualTo(rows.Probabilities));
        Assert.That(lanes.Classes, Is.EqualTo(rows.Classes));
    }

    [TestCase(255, false)]
    [TestCase(256, false)]
    [TestCase(257, true)]
    [TestCase(1000, true)]
    public void Vocabularies_past_a_byte_keep_their_symbols_as_ints_with_the_same_bits(int symbols, bool wide)
    {
        // V = symbols + 1 (<unk>): up to 256 a depth's symbols are kept a byte each (Part.Narrow), past it as ints
        if (!LanesHere()) return;
        var names = Enumerable.Range(0, symbols).Select(i => $"w{i}").ToArray();
        var vocabulary = Vocabulary.FromSymbols([Vocabulary.Unknown, .. names]);
        var net = new Network("gru", 8, 2, 2, vocabulary.Count, InputKind.Embedding, 5, null);
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(41));
        var model = new Model(net, p, vocabulary, ["0", "1"], 1);
        var rng = new Rng(42);
        // the high ids among them (a byte would wrap them), some prefixes shared, some lines past the sort key's symbols
        var data = Enumerable.Range(0, 600).Select(i => new LabeledSequence("", Enumerable.Range(0, 1 + rng.NextInt(i % 5 == 0 ? 40 : 12))
            .Select(u => u < 2 && i % 3 == 0 ? names[^1] : names[symbols - 1 - rng.NextInt(Math.Min(symbols, 300))]).ToArray())).ToList();
        var results = new List<float[]>();
        foreach (bool lanes in new[] { true, false })
        {
            var predictor = new BatchPredictor(model, lanes);
            Assert.That(predictor.RunsLanes, Is.EqualTo(lanes));
            var probabilities = new float[2 * data.Count];
            var classes = new int[BatchPredictor.MaxBatch];
            var batchProbabilities = new float[2 * BatchPredictor.MaxBatch];
            for (int start = 0; start < data.Count; start += predictor.BatchSize)
            {
                var batch = data.GetRange(start, Math.Min(predictor.BatchSize, data.Count - start));
                predictor.Predict(batch, classes, batchProbabilities);
                batchProbabilities.AsSpan(0, 2 * batch.Count).CopyTo(probabilities.AsSpan(2 * start));
            }
            results.Add(probabilities);
        }
        Assert.That(results[0], Is.EqualTo(results[1]), $"{symbols} symbols, kept as {(wide ? "ints" : "bytes")}");
    }

    private static IEnumerable<TestCaseData> BitCases()
    {
        foreach (var kind in LaneKinds)
        {
            yield return new TestCaseData(kind, 8, 3, InputKind.OneHot);
            yield return new TestCaseData(kind, 16, 2, InputKind.Embedding);
            yield return new TestCaseData(kind, 8, 1, InputKind.FixedVectors);
        }
    }

    // Other sizes: the row-major cells give a row's last H mod 8 units the 128-bit or scalar σ and tanh.
    [TestCaseSource(nameof(NearCases))]
    public void At_any_size_the_lane_pass_agrees_with_the_row_major_pass_to_rounding(string kind, int hidden, int layers, InputKind input, int count)
    {
        if (!LanesHere()) return;
        var (lanes, rows) = Both(kind, hidden, layers, input, seed: 8, count);
        for (int i = 0; i < lanes.Probabilities.Length; i++)
            Assert.That(lanes.Probabilities[i], Is.EqualTo(rows.Probabilities[i]).Within(2e-6), $"probability {i}");
        for (int i = 0; i < count; i++)
        {
            float margin = Math.Abs(rows.Probabilities[2 * i] - rows.Probabilities[2 * i + 1]);
            if (margin > 1e-4) Assert.That(lanes.Classes[i], Is.EqualTo(rows.Classes[i]), $"class of sequence {i}");
        }
    }

    private static IEnumerable<TestCaseData> NearCases()
    {
        foreach (var kind in LaneKinds)
        {
            yield return new TestCaseData(kind, 10, 3, InputKind.OneHot, 256);
            yield return new TestCaseData(kind, 1, 2, InputKind.OneHot, 17);
            yield return new TestCaseData(kind, 3, 1, InputKind.Embedding, 1);
            yield return new TestCaseData(kind, 17, 2, InputKind.FixedVectors, 15);
            yield return new TestCaseData(kind, LaneInference.MaxHidden, 1, InputKind.OneHot, 70);
        }
    }

    [Test]
    public void Two_threads_give_the_bits_of_one()
    {
        if (!LanesHere()) return;
        int previous = Parallelism.Threads;
        long partsFrom = LaneInference.PartsFrom;
        try
        {
            LaneInference.PartsFrom = 0;   // two parts however small the batch
            Parallelism.Threads = 1;
            var one = Run("lstm", 32, 2, InputKind.OneHot, seed: 9, count: 256, lanes: true);
            Parallelism.Threads = 2;
            var two = Run("lstm", 32, 2, InputKind.OneHot, seed: 9, count: 256, lanes: true);
            Assert.That(two.Probabilities, Is.EqualTo(one.Probabilities));
        }
        finally { Parallelism.Threads = previous; LaneInference.PartsFrom = partsFrom; }
    }

    // Prefix sharing: a batch's shared prefixes are computed once, so a sequence's bits must not depend on its company.
    [TestCaseSource(nameof(SharingCases))]
    public void A_sequence_gets_the_same_bits_alone_as_among_sequences_that_share_its_prefixes(string kind, int hidden, int layers, InputKind input, int threads)
    {
        if (!LanesHere()) return;
        var net = Net(kind, hidden, input, layers);
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(21));
        var model = new Model(net, p, Vocabulary.Build(Symbols.Select(s => new LabeledSequence("0", [s])).ToList()), ["0", "1"], 1);
        // every string over a, b, z (z unknown) up to length 5, then again (duplicates), then long ones that branch late
        var rng = new Rng(22);
        var data = new List<LabeledSequence>();
        var strings = new List<string[]> { Array.Empty<string>() };
        for (int length = 1; length <= 5; length++)
            strings.AddRange(strings.Where(x => x.Length == length - 1).SelectMany(x => new[] { "a", "b", "z" }.Select(c => x.Append(c).ToArray())).ToList());
        data.AddRange(strings.Select(x => new LabeledSequence("", x)));
        data.AddRange(strings.Take(100).Select(x => new LabeledSequence("", x)));
        var stem = Enumerable.Range(0, 30).Select(_ => Symbols[rng.NextInt(3)]).ToArray();
        for (int i = 0; i < 200; i++)
            data.Add(new LabeledSequence("", stem.Take(rng.NextInt(31)).Concat(Enumerable.Range(0, rng.NextInt(12)).Select(_ => Symbols[rng.NextInt(2)])).ToArray()));
        var shuffled = data.OrderBy(_ => rng.NextInt(1 << 30)).ToList();
        int previous = Parallelism.Threads;
        long partsFrom = LaneInference.PartsFrom;
        try
        {
            Parallelism.Threads = threads;
            LaneInference.PartsFrom = 0;   // as many parts as threads, however small the batch
            var predictor = new BatchPredictor(model);
            Assert.That(shuffled.Count, Is.LessThanOrEqualTo(predictor.BatchSize), "one batch");
            var classes = new int[shuffled.Count];
            var together = new float[2 * shuffled.Count];
            predictor.Predict(shuffled, classes, together);
            Assert.That(predictor.Steps, Is.LessThan(predictor.Symbols / 2), "most states are shared here");
            AssertEachAsAlone(model, shuffled, classes, together);
            // the same predictor again, in batches of 37 in reverse order: the prefixes kept from batch to batch give the
            // same bits, and take fewer steps than without them
            long steps = predictor.Steps;
            var uncached = new BatchPredictor(model, prefixCache: false);
            var again = new float[2 * shuffled.Count];
            var part = new float[2 * 37];
            for (int end = shuffled.Count; end > 0; end -= 37)
            {
                int start = Math.Max(0, end - 37), count = end - start;
                predictor.Predict(shuffled.GetRange(start, count), classes, part);
                part.AsSpan(0, 2 * count).CopyTo(again.AsSpan(2 * start));
                uncached.Predict(shuffled.GetRange(start, count), classes, part);
            }
            Assert.That(again, Is.EqualTo(together));
            Assert.That(predictor.Steps - steps, Is.LessThan(uncached.Steps * 3 / 4), "prefixes kept from batch to batch");
        }
        finally { Parallelism.Threads = previous; LaneInference.PartsFrom = partsFrom; }
    }

    // H = 3, 8, 10, 17: the cache's node-major states moved by tails only, whole 8-unit chunks only, and both (NodeMajor)
    [TestCaseSource(nameof(WarmCases))]
    public void A_warm_predictor_runs_only_the_prefixes_no_earlier_batch_kept_with_the_bits_of_a_fresh_one(string kind, int hidden)
    {
        if (!LanesHere()) return;
        var model = AbcModel(kind, hidden, seed: 31);
        static List<string[]> AllUpTo3(string[] alphabet)
        {
            var all = new List<string[]> { Array.Empty<string>() };
            for (int length = 1; length <= 3; length++)
                all.AddRange(all.Where(x => x.Length == length - 1).SelectMany(x => alphabet.Select(c => x.Append(c).ToArray())).ToList());
            return all.Skip(1).ToList();
        }
        // the 14 strings over a, b of 1–3 symbols, batch after batch, until the cache keeps depths 0–2 (4, 16 and 64 of the
        // 4^(t+1) prefixes of the vocabulary a, b, c, <unk> must have run there first)
        var warm = AllUpTo3(["a", "b"]).Select(x => new LabeledSequence("", x)).ToList();
        var predictor = Warmed(model, warm, rounds: 20);
        var classes = new int[64];
        // then the 39 strings over a, b, c, shuffled: those with a c, 25, are the prefixes no batch has run; a walk from the
        // root stops at a c in position 0, 1 or 2, and the sequence goes on from there depth by depth
        var rng = new Rng(32);
        var batch = AllUpTo3(["a", "b", "c"]).OrderBy(_ => rng.NextInt(1 << 30)).Select(x => new LabeledSequence("", x)).ToList();
        var together = new float[2 * batch.Count];
        long before = predictor.Steps;
        predictor.Predict(batch, classes, together);
        Assert.That(predictor.Steps - before, Is.EqualTo(25));
        AssertEachAsAlone(model, batch, classes, together);
        var again = new float[2 * batch.Count];
        batch.Reverse();
        before = predictor.Steps;
        predictor.Predict(batch, classes, again);
        Assert.That(predictor.Steps - before, Is.Zero, "now all of them are kept");
        for (int i = 0; i < batch.Count; i++)
            Assert.That(again.AsSpan(2 * i, 2).ToArray(), Is.EqualTo(together.AsSpan(2 * (batch.Count - 1 - i), 2).ToArray()));
    }

    [TestCaseSource(nameof(WarmCases))]
    public void A_symbol_outside_the_vocabulary_after_a_warm_cache_grows_its_levels_with_the_bits_of_a_fresh_predictor(string kind, int hidden)
    {
        if (!LanesHere()) return;
        var model = AbcModel(kind, hidden, seed: 33);
        // strings over a, b of 1–4 symbols until the cache keeps its first depths, sized for the prefixes of a, b, c
        var warm = new List<LabeledSequence>();
        foreach (int length in new[] { 1, 2, 3, 4 })
            for (int code = 0; code < 1 << length; code++)
                warm.Add(new LabeledSequence("", Enumerable.Range(0, length).Select(u => (code >> u & 1) == 0 ? "a" : "b").ToArray()));
        var predictor = Warmed(model, warm, rounds: 30);
        // then strings with a symbol outside the vocabulary (<unk>) at each position, among known ones
        var rng = new Rng(34);
        var batch = Enumerable.Range(0, 40).Select(i =>
        {
            var tokens = Enumerable.Range(0, 1 + i % 4).Select(_ => rng.NextInt(2) == 0 ? "a" : "b").ToArray();
            tokens[i % tokens.Length] = i % 3 == 0 ? "zz" : "?";
            return new LabeledSequence("", tokens);
        }).ToList();
        var together = new float[2 * batch.Count];
        var answers = new int[batch.Count];
        predictor.Predict(batch, answers, together);
        AssertEachAsAlone(model, batch, answers, together);
        // the known strings again: their prefixes still kept (the levels grew rather than went)
        long before = predictor.Steps;
        predictor.Predict(warm, new int[warm.Count], new float[2 * warm.Count]);
        Assert.That(predictor.Steps - before, Is.Zero, "the levels kept their nodes");
    }

    // A two-layer one-hot model of `kind` over the symbols a, b, c (and <unk>), its weights drawn from `seed`.
    private static Model AbcModel(string kind, int hidden, ulong seed)
    {
        var net = Net(kind, hidden, InputKind.OneHot, layers: 2);
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(seed));
        return new Model(net, p, Vocabulary.Build(Symbols.Select(s => new LabeledSequence("0", [s])).ToList()), ["0", "1"], 1);
    }

    // A predictor that has run `warm` `rounds` times, and then runs it once more without a step: every prefix is kept.
    private static BatchPredictor Warmed(Model model, List<LabeledSequence> warm, int rounds)
    {
        var predictor = new BatchPredictor(model);
        var classes = new int[warm.Count];
        var probabilities = new float[2 * warm.Count];
        for (int r = 0; r < rounds; r++) predictor.Predict(warm, classes, probabilities);
        long before = predictor.Steps;
        predictor.Predict(warm, classes, probabilities);
        Assert.That(predictor.Steps - before, Is.Zero, "every prefix of the warm batch is kept");
        return predictor;
    }

    private static IEnumerable<TestCaseData> WarmCases()
    {
        foreach (var kind in LaneKinds)
            foreach (int hidden in new[] { 10, 3, 8, 17 })
                yield return new TestCaseData(kind, hidden);
    }

    // Each sequence's class and probabilities in the batch are those a fresh predictor gives it alone, bit for bit.
    private static void AssertEachAsAlone(Model model, List<LabeledSequence> batch, int[] classes, float[] probabilities)
    {
        var one = new float[2];
        var oneClass = new int[1];
        for (int i = 0; i < batch.Count; i++)
        {
            new BatchPredictor(model).Predict([batch[i]], oneClass, one);
            Assert.That(probabilities.AsSpan(2 * i, 2).ToArray(), Is.EqualTo(one), $"sequence {i}: '{string.Join(" ", batch[i].Tokens)}'");
            Assert.That(classes[i], Is.EqualTo(oneClass[0]));
        }
    }

    private static IEnumerable<TestCaseData> SharingCases()
    {
        foreach (var kind in LaneKinds)
        {
            yield return new TestCaseData(kind, 10, 3, InputKind.OneHot, 1);
            yield return new TestCaseData(kind, 7, 2, InputKind.Embedding, 2);
            yield return new TestCaseData(kind, 16, 1, InputKind.FixedVectors, 2);
        }
    }

    [Test]
    public void Every_distinct_prefix_of_a_batch_is_one_step_lane_major_and_every_symbol_one_row_major()
    {
        // all strings over a, b of length 0–6: 126 nonempty distinct prefixes, 2·Σ 2^n·n/2… symbols
        var strings = new List<string[]> { Array.Empty<string>() };
        for (int length = 1; length <= 6; length++)
            strings.AddRange(strings.Where(x => x.Length == length - 1).SelectMany(x => new[] { "a", "b" }.Select(c => x.Append(c).ToArray())).ToList());
        // each string twice: a repeat is copied, not run
        var batch = strings.Concat(strings).Select(x => new LabeledSequence("", x)).Reverse().ToList();
        var net = Net("gru", 10, InputKind.OneHot, 2);
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(23));
        var model = new Model(net, p, Vocabulary.Build(Symbols.Select(s => new LabeledSequence("0", [s])).ToList()), ["0", "1"], 1);
        int symbols = 2 * strings.Sum(x => x.Length);
        var classes = new int[batch.Count];
        var probabilities = new float[2 * batch.Count];
        var rows = new BatchPredictor(model, lanes: false);
        rows.Predict(batch, classes, probabilities);
        Assert.That((rows.Symbols, rows.Steps), Is.EqualTo(((long)symbols, (long)symbols)));
        if (!LanesHere()) return;
        int previous = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            var lanes = new BatchPredictor(model);
            lanes.Predict(batch, classes, probabilities);
            Assert.That((lanes.Symbols, lanes.Steps), Is.EqualTo(((long)symbols, 126L)));
            // the same batch again and again: the prefix cache takes up a depth once as many lines ran there as it has
            // prefixes, so the steps per batch never grow and fall to none once every depth is kept; forgotten, 126 again
            var perBatch = new List<long>();
            for (int pass = 0; pass < 80; pass++)
            {
                long before = lanes.Steps;
                lanes.Predict(batch, classes, probabilities);
                perBatch.Add(lanes.Steps - before);
            }
            Assert.That(perBatch, Is.Ordered.Descending);
            Assert.That((perBatch[0], perBatch[^1]), Is.EqualTo((126L, 0L)), string.Join(" ", perBatch));
            var uncached = new BatchPredictor(model, prefixCache: false);
            uncached.Predict(batch, classes, probabilities);
            uncached.Predict(batch, classes, probabilities);
            Assert.That(uncached.Steps, Is.EqualTo(2L * 126));
            lanes.Forget();
            long forgotten = lanes.Steps;
            lanes.Predict(batch, classes, probabilities);
            Assert.That(lanes.Steps - forgotten, Is.EqualTo(126L));
            // a long line among 200 that stop sharing early (so every line then runs on its own): two more copies of it
            // add no step
            var rng = new Rng(24);
            var line = Enumerable.Range(0, 300).Select(_ => Symbols[rng.NextInt(2)]).ToArray();
            var others = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, 40).Select(_ => Symbols[rng.NextInt(2)]).ToArray()).ToList();
            long Steps(List<string[]> lines)
            {
                var predictor = new BatchPredictor(model);
                predictor.Predict(lines.Select(x => new LabeledSequence("", x)).ToList(), new int[lines.Count], new float[2 * lines.Count]);
                return predictor.Steps;
            }
            long once = Steps([.. others, line]), thrice = Steps([line, .. others, line, line]);
            Assert.That(thrice, Is.EqualTo(once), "repeats of a line are copied");
            Assert.That(once, Is.LessThan(others.Count * 40 + 300), "the 200 share their first symbols");
        }
        finally { Parallelism.Threads = previous; }
    }

    [Test]
    public void Only_small_cells_of_the_four_kinds_run_lane_major()
    {
        bool v256 = KernelPaths.Best == KernelPath.Vector256;
        Assert.That(LaneInference.Takes(Net("lstm", 10, InputKind.OneHot)), Is.EqualTo(v256));
        Assert.That(LaneInference.Takes(Net("srn", LaneInference.MaxHidden, InputKind.OneHot)), Is.EqualTo(v256));
        Assert.That(LaneInference.Takes(Net("srn", LaneInference.MaxHidden + 1, InputKind.OneHot)), Is.False);
        Assert.That(LaneInference.Takes(Net("sru", 10, InputKind.OneHot)), Is.False);
    }

    [Test]
    public void Bench_predict_reports_the_path_and_with_both_the_row_major_rate()
    {
        var lanes = CliRunner.Run("bench", "predict", "--cell", "gru", "--sequences", "300", "--passes", "2", "--path", "both", "--json", "--threads", "1");
        Assert.That(lanes.ExitCode, Is.EqualTo(0), lanes.Err);
        var json = lanes.Json();
        Assert.That(json.GetProperty("path").GetString(), Is.EqualTo(KernelPaths.Best == KernelPath.Vector256 ? "lanes" : "rows"));
        Assert.That(json.GetProperty("per_second").GetDouble(), Is.GreaterThan(0));
        Assert.That(json.GetProperty("rows_per_second").GetDouble(), Is.GreaterThan(0));
        // 300 random strings of lengths 5–20 over two symbols share their first few symbols
        long symbols = json.GetProperty("symbols").GetInt64(), steps = json.GetProperty("steps").GetInt64();
        Assert.That(symbols, Is.InRange(300 * 5, 300 * 20));
        if (KernelPaths.Best == KernelPath.Vector256) Assert.That(steps, Is.LessThan(symbols).And.GreaterThan(symbols / 4));
        else Assert.That(steps, Is.EqualTo(symbols));
        // --prefix-cache both: the same sequences without the prefix cache, alternated; one comparison at a time
        // (where no lane-major pass runs — a CPU without Vector256 — the option does not apply and is refused)
        var cached = CliRunner.Run("bench", "predict", "--cell", "lstm", "--sequences", "2000", "--passes", "1", "--prefix-cache", "both", "--json", "--threads", "1");
        if (KernelPaths.Best == KernelPath.Vector256)
        {
            Assert.That(cached.ExitCode, Is.EqualTo(0), cached.Err);
            Assert.That(cached.Json().GetProperty("uncached_per_second").GetDouble(), Is.GreaterThan(0));
            Assert.That(cached.Json().GetProperty("rows_per_second").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        }
        else Assert.That((cached.ExitCode, cached.Err), Is.EqualTo((2, "error: bench predict: option '--prefix-cache' does not apply: lstm 3×10 runs row-major here (only the lane-major pass keeps prefixes)\n")));
        var both = CliRunner.Run("bench", "predict", "--path", "both", "--prefix-cache", "both");
        Assert.That((both.ExitCode, both.Err.Trim()), Is.EqualTo((2, "error: option '--prefix-cache': 'both' does not go with --path both: compare one thing at a time")));
        var rows = CliRunner.Run("bench", "predict", "--cell", "sru", "--sequences", "100", "--passes", "1", "--json");
        Assert.That(rows.ExitCode, Is.EqualTo(0), rows.Err);
        Assert.That(rows.Json().GetProperty("path").GetString(), Is.EqualTo("rows"), "no lane step for the SRU");
        Assert.That(rows.Json().GetProperty("rows_per_second").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(rows.Json().GetProperty("steps").GetInt64(), Is.EqualTo(rows.Json().GetProperty("symbols").GetInt64()), "row-major: a step per symbol");
        var bad = CliRunner.Run("bench", "predict", "--path", "sideways");
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.Err, Does.Contain("--path"));
    }

    [Test]
    public void Bench_predict_refuses_the_prefix_cache_option_where_no_lane_major_pass_runs()
    {
        // --path rows: the row-major pass keeps no prefix, so the option would be ignored (it was, with exit 0)
        foreach (string value in new[] { "on", "off", "both" })
        {
            var rows = CliRunner.Run("bench", "predict", "--path", "rows", "--prefix-cache", value, "--sequences", "50", "--passes", "1");
            Assert.That((rows.ExitCode, rows.Err.Trim()), Is.EqualTo((2,
                "error: bench predict: option '--prefix-cache' does not apply with --path rows (only the lane-major pass keeps prefixes)")), value);
            Assert.That(rows.Out, Is.Empty);
        }
        // the SRU has no lane step: --path auto runs it row-major on every CPU
        var sru = CliRunner.Run("bench", "predict", "--cell", "sru", "--prefix-cache", "off", "--sequences", "50", "--passes", "1");
        Assert.That((sru.ExitCode, sru.Err.Trim()), Is.EqualTo((2,
            "error: bench predict: option '--prefix-cache' does not apply: sru 3×10 runs row-major here (only the lane-major pass keeps prefixes)")));
        // a small LSTM runs lane-major where the CPU has Vector256: there the option is taken, elsewhere refused
        var lstm = CliRunner.Run("bench", "predict", "--cell", "lstm", "--prefix-cache", "off", "--sequences", "50", "--passes", "1");
        Assert.That(lstm.ExitCode, Is.EqualTo(KernelPaths.Best == KernelPath.Vector256 ? 0 : 2), lstm.Err);
        // without the option, --path rows runs as before
        var plain = CliRunner.Run("bench", "predict", "--path", "rows", "--sequences", "50", "--passes", "1");
        Assert.That(plain.ExitCode, Is.EqualTo(0), plain.Err);
    }

    // Whether this CPU runs the lane-major pass (Vector256 with FMA); where it does not, every small cell must stay row-major.
    [Test]
    public void The_lane_product_throughput_is_measured_where_the_lanes_run_and_zero_elsewhere()
    {
        // bench gemm's lane-major rows: a positive, finite rate on the Vector256 path, 0 (no rows) without it
        double g = KernelThroughput.LaneGflops(10, 40, secondsEach: 0.002, repeats: 1);
        if (KernelPaths.IsSupported(KernelPath.Vector256)) Assert.That(g, Is.GreaterThan(0).And.LessThan(double.PositiveInfinity));
        else Assert.That(g, Is.EqualTo(0));
        Assert.That(KernelThroughput.LaneShapes, Does.Contain((2, 40)).And.Contain((10, 40)), "the paper-size LSTM's products");
        Assert.That(KernelThroughput.LaneShapes.All(s => s.N <= 4 * LaneInference.MaxHidden && s.K <= GemmDriver.KC), Is.True,
            "only shapes the lane-major pass runs");
    }

    private static bool LanesHere()
    {
        if (KernelPaths.Best == KernelPath.Vector256) return true;
        foreach (var kind in LaneKinds)
            Assert.That(new BatchPredictor(new Model(Net(kind, 10, InputKind.OneHot), new float[Net(kind, 10, InputKind.OneHot).ParameterCount],
                Vocabulary.Build(Symbols.Select(s => new LabeledSequence("0", [s])).ToList()), ["0", "1"], 1)).RunsLanes, Is.False,
                $"{kind}: no lane-major pass without Vector256");
        return false;
    }

    private static Network Net(string kind, int hidden, InputKind input, int layers = 1)
    {
        int v = Symbols.Length + 1, x = input == InputKind.OneHot ? v : 5;
        float[]? table = null;
        if (input == InputKind.FixedVectors)
        {
            table = Random(new Rng(3), v * x);
            table.AsSpan(0, x).Clear();   // unknown words are 0
        }
        return new Network(kind, hidden, layers, 2, v, input, x, table);
    }

    private static readonly string[] Symbols = ["a", "b", "c"];

    private static (Result Lanes, Result Rows) Both(string kind, int hidden, int layers, InputKind input, int seed, int count)
        => (Run(kind, hidden, layers, input, seed, count, lanes: true), Run(kind, hidden, layers, input, seed, count, lanes: false));

    private record Result(int[] Classes, float[] Probabilities);

    // count random sequences of lengths 0–24 (some with a symbol the vocabulary lacks), in batches of up to 256.
    private static Result Run(string kind, int hidden, int layers, InputKind input, int seed, int count, bool lanes)
    {
        var net = Net(kind, hidden, input, layers);
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng((ulong)seed));
        var vocabulary = Vocabulary.Build(Symbols.Select(s => new LabeledSequence("0", [s])).ToList());
        var model = new Model(net, p, vocabulary, ["0", "1"], 1);
        var rng = new Rng((ulong)seed + 100);
        var data = Enumerable.Range(0, count).Select(_ =>
            new LabeledSequence("", Enumerable.Range(0, rng.NextInt(25)).Select(_ => rng.NextInt(10) == 0 ? "z" : Symbols[rng.NextInt(3)]).ToArray())).ToList();
        var predictor = new BatchPredictor(model, lanes);
        Assert.That(predictor.RunsLanes, Is.EqualTo(lanes), "the path under test");
        var classes = new int[count];
        var probabilities = new float[2 * count];
        var batchClasses = new int[BatchPredictor.MaxBatch];
        var batchProbabilities = new float[2 * BatchPredictor.MaxBatch];
        for (int start = 0; start < count; start += predictor.BatchSize)
        {
            var batch = data.GetRange(start, Math.Min(predictor.BatchSize, count - start));
            predictor.Predict(batch, batchClasses, batchProbabilities);
            Array.Copy(batchClasses, 0, classes, start, batch.Count);
            Array.Copy(batchProbabilities, 0, probabilities, 2 * start, 2 * batch.Count);
        }
        return new Result(classes, probabilities);
    }

    private static float[] Random(Rng rng, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rng.Uniform(-1, 1);
        return a;
    }
}

public class PrefixCacheTests
{
    private static Network Net(int vocabulary, string kind = "lstm")
        => new(kind, 10, 3, 2, vocabulary, InputKind.OneHot, vocabulary, null);

    [Test]
    public void The_depth_reaches_every_level_that_fits_and_a_level_that_does_not_caps_it_for_good()
    {
        var binary = new PrefixCache(Net(3), lstm: true);
        Assert.That(binary.Plan([1000, 1000, 900, 500]), Is.Zero, "no level before the batches seen fill it");
        Assert.That(binary.Plan([1000, 1000, 900, 500]), Is.EqualTo(4), "3, 9, 27 and 81 prefixes, 500 to 1000 lines seen");
        Assert.That(binary.Levels, Is.EqualTo(4));
        // level 0 holds at most V = 3 nodes however many sequences run, level 1 at most 9 (and a group's columns more)
        Assert.That((binary[0].Capacity, binary[1].Capacity), Is.EqualTo((3 + 16, 9 + 16)));
        Assert.That(binary.Plan([10, 10, 2 * PrefixCache.MaxLevelNodes]), Is.EqualTo(3), "depth 2 has 27 prefixes at most");
        var cache = new PrefixCache(Net(50), lstm: true);
        Assert.That(cache.Plan([5000, 5000, 3000, 5000]), Is.Zero);
        Assert.That(cache.Plan([1000, 1000, 2000, 500]), Is.EqualTo(2), "depth 2 has 50³ prefixes, at most 4096 kept, and 3000 lines ran there");
        // a node at each of depths 0 and 1, each the child of the one before
        int a = cache[0].Add(), b = cache[1].Add();
        cache.RootChildren[7] = a; cache[0].Children[a * 50 + 3] = b;
        Assert.That(cache.Plan([1000, 1000, 900, 500]), Is.EqualTo(2), "5000 lines ran at depth 2, but no batch has counted its prefixes");
        // two batches meet the same 40 prefixes b·s at depth 2: about 40 there, a level of 4096 holds them
        int[] parents = [.. Enumerable.Repeat(b, 40)], symbols = [.. Enumerable.Range(0, 40)];
        cache.Observe(2, parents, symbols);
        cache.Observe(2, parents, symbols);
        Assert.That(cache.Population(2), Is.EqualTo(40));
        Assert.That(cache.Plan([1000, 1000, 900, 500]), Is.EqualTo(3), "depth 3, 50⁴ prefixes, has not been counted");
        int c = cache[2].Add();
        Assert.That(cache[1].Children[b * 50 + 4], Is.EqualTo(PrefixCache.Met), "met, not made");
        cache[1].Children[b * 50 + 4] = c;
        Assert.That(cache[1].Children.Take(50).Count(x => x >= 0), Is.EqualTo(1), "a new node has no other children");
        // more sequences at depth 2 than a level may take: depths 2 and on are dropped, now and later
        Assert.That(cache.Plan([10, 10, PrefixCache.MaxLevelNodes, 10, 10]), Is.EqualTo(2));
        Assert.That(cache.Levels, Is.EqualTo(2));
        Assert.That(cache[1].Children.Take(50), Is.All.EqualTo(-1), "the dropped level's nodes are no one's children");
        Assert.That((cache.RootChildren[7], cache[0].Children[a * 50 + 3]), Is.EqualTo((a, b)), "the levels kept keep their nodes");
        Assert.That(cache.Plan([10, 10, 10, 10, 10]), Is.EqualTo(2));
        cache.Observe(2, [b], [9]);
        Assert.That(cache[1].Children.Take(50), Is.All.EqualTo(-1), "no census past the cache's bound");
    }

    [Test]
    public void Levels_hold_the_prefixes_of_the_training_symbols_until_unk_comes_and_then_grow_once()
    {
        var cache = new PrefixCache(Net(3), lstm: false);   // <unk>, and two symbols
        Assert.That(cache.Plan([1000, 1000, 1000], unknownInBatch: false), Is.Zero);
        Assert.That(cache.Plan([1000, 1000, 1000], unknownInBatch: false), Is.EqualTo(3), "taken up after 3, 9 and 27 lines, as before");
        Assert.That(Enumerable.Range(0, 3).Select(t => cache[t].Capacity), Is.EqualTo(new[] { 2 + 16, 4 + 16, 8 + 16 }), "room for 2^(t+1) prefixes");
        // level 0 full, a child at depth 1 with a state
        int a = cache[0].Add(), b = cache[0].Add(), ab = cache[1].Add();
        cache.RootChildren[1] = a; cache.RootChildren[2] = b; cache[0].Children[a * 3 + 2] = ab;
        cache[1].States[ab * cache[1].Record + 5] = 42f;
        // a batch holding <unk>: 3^(t+1) prefixes from now on; each level grows, keeping its nodes, children and states
        Assert.That(cache.Plan([1000, 1000, 1000], unknownInBatch: true), Is.EqualTo(3));
        Assert.That(Enumerable.Range(0, 3).Select(t => cache[t].Capacity), Is.EqualTo(new[] { 3 + 16, 9 + 16, 27 + 16 }));
        Assert.That((cache[0].Count, cache[1].Count, cache.RootChildren[1], cache.RootChildren[2], cache[0].Children[a * 3 + 2]), Is.EqualTo((2, 1, a, b, ab)));
        Assert.That(cache[1].States[ab * cache[1].Record + 5], Is.EqualTo(42f));
        Assert.That(cache[0].Children.Skip(b * 3).Take(3), Is.All.EqualTo(-1));
        // <unk> is remembered: a batch without it keeps the room
        Assert.That(cache.Plan([1000, 1000, 1000], unknownInBatch: false), Is.EqualTo(3));
        Assert.That(cache[2].Capacity, Is.EqualTo(27 + 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache[2].Grow(27 + 16));
        cache.Forget();
        cache.Plan([1000], unknownInBatch: false);
        Assert.That(cache.Plan([1000], unknownInBatch: false), Is.EqualTo(1));
        Assert.That(cache[0].Capacity, Is.EqualTo(2 + 16), "forgetting forgets <unk> too");
    }

    [Test]
    public void A_census_of_the_first_depth_past_the_cache_estimates_how_many_prefixes_it_holds()
    {
        var cache = new PrefixCache(Net(64), lstm: false);
        cache.Plan([5000]);
        Assert.That(cache.Plan([5000, 5000]), Is.EqualTo(1), "64 prefixes at depth 0; 64² at depth 1 and no census");
        for (int i = 0; i < 64; i++) cache.RootChildren[i] = cache[0].Add();
        Assert.That(cache.Population(1), Is.EqualTo(long.MaxValue), "no batch counted");
        // batch 1 meets prefixes 0 … 99, batch 2 prefixes 50 … 149 (prefix p: node p / 64, symbol p % 64)
        static (int[] Parents, int[] Symbols) Prefixes(int from, int to)
            => ([.. Enumerable.Range(from, to - from).Select(p => p / 64)], [.. Enumerable.Range(from, to - from).Select(p => p % 64)]);
        var (p1, s1) = Prefixes(0, 100);
        cache.Observe(1, p1, s1);
        Assert.That(cache.Population(1), Is.EqualTo(long.MaxValue), "nothing met twice yet");
        var (p2, s2) = Prefixes(50, 150);
        cache.Observe(1, p2, s2);
        // Schnabel: Σ n_b · M_b / Σ m_b = (100 · 0 + 100 · 100) / (0 + 50) = 200, above the 150 met
        Assert.That(cache.Population(1), Is.EqualTo(200));
        Assert.That(cache[0].Children.Take(64 * 3).Count(x => x == PrefixCache.Met), Is.EqualTo(150));
        // every prefix of a third batch met before: (10 000 + 100 · 150) / (50 + 100) = 166.7, so 167
        var (p3, s3) = Prefixes(0, 100);
        cache.Observe(1, p3, s3);
        Assert.That(cache.Population(1), Is.EqualTo(167));
        // only the first depth past the cache is counted
        cache.Observe(2, p3, s3);
        cache.Observe(0, p3, s3);
        Assert.That(cache.Population(2), Is.EqualTo(long.MaxValue));
        // 167 prefixes and 100 running lines fit a level of 4096 nodes; 4000 running lines would not
        Assert.That(cache.Plan([100, 4000]), Is.EqualTo(1));
        Assert.That(cache.Plan([100, 100]), Is.EqualTo(2));
        Assert.That(cache[1].Capacity, Is.EqualTo(PrefixCache.MaxLevelNodes));
        cache.Forget();
        Assert.That(cache.Population(1), Is.EqualTo(long.MaxValue), "forgetting forgets the census");
    }

    [Test]
    public void A_depth_whose_prefixes_a_level_cannot_hold_is_not_cached_and_one_whose_prefixes_repeat_is()
    {
        // lines of 14 random symbols over {a, b} (V = 3 with <unk>: from depth 7 on, 3^(t+1) > 4096 prefixes, counted):
        // depth 10 has 2048 prefixes, depth 11 4096 — no level of 4096 nodes holds those and a batch's new ones, and 30
        // batches of 1024 lines meet nearly all of them, so the census finds about 4096
        var net = new Network("gru", 10, 1, 2, 3, InputKind.OneHot, 3, null);   // <unk>, a, b
        if (!LaneInference.Takes(net)) Assert.Ignore("lane-major inference does not run on this CPU");
        var p = new float[net.ParameterCount];
        net.Initialize(p, new Rng(31));
        var model = new Model(net, p, Vocabulary.Build([new LabeledSequence("0", ["a", "b"])]), ["0", "1"], 1);
        int previous = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            var rng = new Rng(32);
            var lanes = new BatchPredictor(model);
            for (int b = 0; b < 30; b++)
            {
                var batch = Enumerable.Range(0, 1024).Select(_ => new LabeledSequence("", [.. Enumerable.Range(0, 14).Select(_ => rng.NextInt(2) == 0 ? "a" : "b")])).ToList();
                lanes.Predict(batch, new int[1024], new float[2048]);
            }
            var cache = lanes.Caches.Single();
            Assert.That((cache.Levels, cache.LevelsMade), Is.EqualTo((11, 11)), "depths 0 … 10 cached, 11 never made");
            Assert.That(cache.Population(11), Is.InRange(3700, 4500), "about 4096 prefixes of 12 symbols");
            // the same 1024 lines of 14 symbols again and again: the census finds 1024 prefixes at each depth, and the
            // cache takes them all up; a batch then runs no step
            var fixedBatch = Enumerable.Range(0, 1024).Select(_ => new LabeledSequence("", [.. Enumerable.Range(0, 14).Select(_ => rng.NextInt(2) == 0 ? "a" : "b")])).ToList();
            var repeating = new BatchPredictor(model);
            long last = -1;
            for (int b = 0; b < 60 && last != 0; b++)
            {
                long before = repeating.Steps;
                repeating.Predict(fixedBatch, new int[1024], new float[2048]);
                last = repeating.Steps - before;
            }
            Assert.That(last, Is.Zero);
            Assert.That(repeating.Caches.Single().Levels, Is.EqualTo(14));
        }
        finally { Parallelism.Threads = previous; }
    }

    [Test]
    public void The_levels_stay_within_the_memory_budget()
    {
        // 64 symbols: from depth 1 on a level takes 4096 nodes of 3 · 10 · 2 words of states and 64 of child table
        var cache = new PrefixCache(Net(PrefixCache.MaxVocabulary), lstm: true);
        int[] running = Enumerable.Repeat(100, 40).ToArray();
        cache.Plan(Enumerable.Repeat(100_000, 40).ToArray());
        // each depth past the cache counted by two batches that meet the same 10 prefixes (a level holds them)
        int depth = 0;
        for (int round = 0; round < 45; round++)
        {
            depth = cache.Plan(running);
            int t = cache.Levels;
            if (t == 0) continue;
            if (cache[t - 1].Count == 0) cache[t - 1].Add();
            int[] parents = new int[10], symbols = [.. Enumerable.Range(0, 10)];
            cache.Observe(t, parents, symbols);
            cache.Observe(t, parents, symbols);
        }
        long words = Enumerable.Range(0, cache.Levels).Sum(t => (long)cache[t].Capacity * cache[t].WordsPerNode);
        Assert.That(words, Is.LessThanOrEqualTo(PrefixCache.BudgetWords));
        Assert.That(depth, Is.InRange(2, 39), "the budget, not the lines, ends the cache");
        Assert.That(cache.Plan(running), Is.EqualTo(depth), "and for good");
    }

    [Test]
    public void Large_vocabularies_are_not_cached_and_forgetting_starts_over()
    {
        var large = new PrefixCache(Net(PrefixCache.MaxVocabulary + 1), lstm: false);
        large.Plan([5000, 5000]);
        Assert.That(large.Plan([5000, 5000]), Is.Zero);
        var cache = new PrefixCache(Net(PrefixCache.MaxVocabulary), lstm: false);
        cache.Plan([5000, 5000]);
        Assert.That(cache.Plan([5, 5]), Is.EqualTo(1), "depth 1's 64² prefixes not counted yet");
        cache[0].Add(); cache[0].Add(); cache[0].Add();
        cache.RootChildren[1] = 0;
        cache.Forget();
        Assert.That(cache.RootChildren[1], Is.EqualTo(-1));
        Assert.That(cache.Plan([5, 5]), Is.Zero, "the lines seen are forgotten too");
        Assert.That(cache.Levels, Is.Zero, "and the levels");
    }
}
