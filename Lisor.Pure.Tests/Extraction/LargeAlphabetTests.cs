using Lisor.Pure.Automata;
using Lisor.Pure.Extraction;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;
using Lisor.Pure.Tests.Training;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Extraction;

/// <summary>
/// Alphabets of thousands of symbols (a text model's words): the prefix tree, R's query cache and the minimiser keep
/// memory in proportion to what they hold, not to that times |Σ|, and answer as on a small alphabet. (With a row of |Σ|
/// entries per node, `extract --method lstar --time-limit 3` on 9 332 words took 35 s and 7 653 MB, `--mode auto` on
/// 857 e-mails more than 17 325 MB: docs/results-extraction/large-alphabet-e920269.md.)
/// </summary>
public class LargeAlphabetTests
{
    private static long Allocated(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    // 400 strings of 1 … 12 symbols w0 … w(σ − 1), and an R that reads them (SymbolBlindOracle).
    private static List<string[]> Strings(int sigma, out IStateOracle oracle)
    {
        var rng = new Rng(4);
        oracle = new SymbolBlindOracle(RandomDfa.Minimal(3, 2, seed: 1));
        return Enumerable.Range(0, 400).Select(_ => Enumerable.Range(0, 1 + rng.NextInt(12))
            .Select(_ => $"w{(rng.NextInt(3) == 0 ? rng.NextInt(sigma) : rng.NextInt(Math.Min(sigma, 3)))}").ToArray()).ToList();
    }

    [TestCase(3), TestCase(TrieMoves.DenseAlphabet), TestCase(TrieMoves.DenseAlphabet + 1), TestCase(300)]
    public void The_prefix_tree_holds_every_prefix_once_and_finds_it_by_parent_and_symbol(int sigma)
    {
        var strings = Strings(sigma, out var oracle);
        var tree = new PrefixTree(oracle, strings);
        var nodeOf = new Dictionary<string, int> { [""] = 0 };
        foreach (var s in strings)
            for (int t = 1; t <= s.Length; t++)
            {
                string prefix = string.Join(' ', s[..t]), parent = string.Join(' ', s[..(t - 1)]);
                int node = tree.Find(s[..t]);
                Assert.That(node, Is.GreaterThan(0));
                if (nodeOf.TryGetValue(prefix, out int seen)) Assert.That(node, Is.EqualTo(seen), "one node per distinct prefix");
                nodeOf[prefix] = node;
                Assert.That(tree.Parent(node), Is.EqualTo(nodeOf[parent]).And.LessThan(node));
                Assert.That(tree.SymbolOf(node), Is.EqualTo(tree.SymbolIndex(s[t - 1])));
                Assert.That(tree.Child(tree.Parent(node), tree.SymbolOf(node)), Is.EqualTo(node));
            }
        Assert.That(tree.Count, Is.EqualTo(nodeOf.Count));
        Assert.That((tree.Parent(0), tree.SymbolOf(0)), Is.EqualTo((-1, -1)));
        // and a move no string made is −1
        var rng = new Rng(9);
        for (int i = 0; i < 2000; i++)
        {
            int v = rng.NextInt(tree.Count), a = rng.NextInt(tree.Alphabet.Count), c = tree.Child(v, a);
            if (c >= 0) Assert.That((tree.Parent(c), tree.SymbolOf(c)), Is.EqualTo((v, a)));
        }
        Assert.That(Enumerable.Range(0, tree.Alphabet.Count).Count(a => tree.Child(0, a) >= 0),
            Is.EqualTo(strings.Select(s => s[0]).Distinct().Count()));
    }

    [Test]
    public void A_prefix_tree_over_5000_symbols_takes_memory_for_its_nodes_not_nodes_times_symbols()
    {
        var alphabet = Enumerable.Range(0, 5000).Select(i => $"w{i}").ToArray();
        var rng = new Rng(2);
        var strings = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, 8).Select(_ => alphabet[rng.NextInt(alphabet.Length)]).ToArray()).ToList();
        strings.Add(alphabet);   // every symbol in Σ
        var dfa = RandomDfa.Minimal(3, 2, seed: 1);
        var oracle = new SymbolBlindOracle(dfa);
        PrefixTree? tree = null;
        long bytes = Allocated(() => tree = new PrefixTree(oracle, strings));
        // ≈ 6 600 nodes; a row of 5 000 entries each would be 132 MB
        Assert.That(tree!.Count, Is.GreaterThan(6000));
        Assert.That(bytes, Is.LessThan(16L << 20), $"{bytes} bytes");
    }

    [Test]
    public void The_oracle_over_5000_symbols_answers_as_the_model_and_caches_in_memory_for_its_prefixes()
    {
        var model = StepApiTests.RandomModel("gru", 2, InputKind.OneHot);
        // a, b, c and 4 997 words R has never seen (read as <unk>)
        var alphabet = new[] { "a", "b", "c" }.Concat(Enumerable.Range(0, 4997).Select(i => $"w{i}")).ToArray();
        RnnOracle? oracle = null;
        long construction = Allocated(() => oracle = new RnnOracle(model, alphabet));
        var rng = new Rng(5);
        var words = Enumerable.Range(0, 1500).Select(_ => Enumerable.Range(0, 1 + rng.NextInt(6))
            .Select(_ => rng.NextInt(4) == 0 ? rng.NextInt(alphabet.Length) : rng.NextInt(3)).ToArray()).ToList();
        var answers = new int[words.Count];
        long queries = Allocated(() => { for (int i = 0; i < words.Count; i++) answers[i] = oracle!.Classify(words[i]); });
        var batched = model.Predict(words.Select(w => new LabeledSequence("0", w.Select(a => alphabet[a]).ToArray())).ToList());
        Assert.That(answers, Is.EqualTo(batched));
        Assert.That(oracle!.CachedPrefixes, Is.GreaterThan(1024), "the cache grew past its first capacity");
        // rows of 5 000 entries: 20 MB for the first 1 024 nodes, 40 MB more when they double
        Assert.That(construction + queries, Is.LessThan(4L << 20), $"{construction} + {queries} bytes");
    }

    [Test]
    public void Minimising_a_partial_fsa_over_3000_symbols_gives_the_minimal_equivalent_one()
    {
        // Ten copies of "count symbol 0 mod 5" (state 5c + j: copy c, count j); symbol 0 counts, symbol 1 moves to the
        // next copy, symbols 2 … 1499 stay, symbols from 1500 on are missing (the dead state). Count 0 accepts.
        const int sigma = 3000, copies = 10;
        var alphabet = Enumerable.Range(0, sigma).Select(i => $"s{i}").ToArray();
        var states = Enumerable.Range(0, 5 * copies).Select(q => new FsaState(q, q % 5 == 0 ? 1 : 0, 1)).ToArray();
        var moves = new List<FsaTransition>();
        for (int q = 0; q < states.Length; q++)
        {
            int c = q / 5, j = q % 5;
            moves.Add(new FsaTransition(q, 0, c * 5 + (j + 1) % 5, 1));
            moves.Add(new FsaTransition(q, 1, (c + 1) % copies * 5 + j, 1));
            for (int a = 2; a < 1500; a++) moves.Add(new FsaTransition(q, a, q, 1));
        }
        var fsa = new Fsa(alphabet, ["0", "1"], 1, states, moves);
        Minimisation? result = null;
        long bytes = Allocated(() => result = Minimiser.Minimise(fsa));
        var minimal = result!.Minimal;
        Assert.That(minimal.StateCount, Is.EqualTo(5));
        Assert.That(Equivalence.Check(fsa, minimal).Equivalent, Is.True);
        Assert.That(result.StateMap, Is.EqualTo(Enumerable.Range(0, 5 * copies).Select(q => q % 5).ToArray()));
        // the completed automaton as arrays [51, 3 000] and the result's 7 500 moves: ≈ 5 MB (as an FSA of transition
        // records, its 153 000 moves completed, sorted and pruned, it took 31 MB)
        Assert.That(bytes, Is.LessThan(12L << 20), $"{bytes} bytes");
    }

    /// <summary>A DFA over {0, 1} read from symbol i as i mod 2, with one-hot states: any alphabet.</summary>
    private sealed class SymbolBlindOracle(Fsa dfa) : IStateOracle
    {
        public int Dim => dfa.StateCount;
        public IReadOnlyList<string> Classes => dfa.Classes;
        public int PositiveClass => dfa.PositiveClass;
        public (float[] State, int Answer) Initial => (OneHot(Fsa.Start), dfa.States[Fsa.Start].Label);

        public void Run(IReadOnlyList<string[]> strings, float[][] states, int[][] answers)
        {
            for (int i = 0; i < strings.Count; i++)
            {
                var s = strings[i];
                states[i] = new float[s.Length * Dim];
                answers[i] = new int[s.Length];
                int q = Fsa.Start;
                for (int t = 0; t < s.Length; t++)
                {
                    q = dfa.Next(q, int.Parse(s[t].AsSpan(1)) % 2);
                    OneHot(q).CopyTo(states[i].AsSpan(t * Dim, Dim));
                    answers[i][t] = dfa.States[q].Label;
                }
            }
        }

        public int[] Answer(IReadOnlyList<string[]> strings)
            => strings.Select(s => { var states = new float[1][]; var answers = new int[1][]; Run([s], states, answers); return s.Length == 0 ? Initial.Answer : answers[0][^1]; }).ToArray();

        private float[] OneHot(int q)
        {
            var x = new float[Dim];
            x[q] = 1;
            return x;
        }
    }
}
