using Lisor.Pure.Automata;
using Lisor.Pure.Extraction;
using Lisor.Pure.Tensors;
using Lisor.Pure.Tests.Automata;
using NUnit.Framework;

namespace Lisor.Pure.Tests.Extraction;

[TestFixture]
public class ProbeTreeTests
{
    // Random strings over σ symbols: repeats, ε, shared prefixes (some strings extend an earlier one).
    private static int[][] Strings(Rng rng, int count, int sigma, int longest)
    {
        var strings = new int[count][];
        for (int i = 0; i < count; i++)
        {
            if (i > 0 && rng.NextInt(4) == 0)
            {
                var earlier = strings[rng.NextInt(i)];
                int cut = rng.NextInt(earlier.Length + 1);
                strings[i] = earlier.Take(cut).Concat(Enumerable.Range(0, rng.NextInt(4)).Select(_ => rng.NextInt(sigma))).ToArray();
            }
            else strings[i] = Enumerable.Range(0, rng.NextInt(longest + 1)).Select(_ => rng.NextInt(sigma)).ToArray();
        }
        return strings;
    }

    [Test]
    public void Each_string_ends_at_the_node_of_its_prefixes_and_each_distinct_prefix_is_one_node(
        [Values(1, 2, 3, 7)] int sigma, [Values(0, 1, 40, 700)] int count)
    {
        var rng = new Rng((ulong)(sigma * 1000 + count));
        var strings = Strings(rng, count, sigma, longest: 15);
        var tree = ProbeTree.Of(strings, sigma);
        // every node but ε has an earlier parent and a symbol in Σ, and depth never falls as the ids grow
        var depth = new int[tree.Count];
        Assert.That(tree.Parent[0], Is.EqualTo(-1));
        for (int v = 1; v < tree.Count; v++)
        {
            Assert.That(tree.Parent[v], Is.InRange(0, v - 1));
            Assert.That(tree.Symbol[v], Is.InRange(0, sigma - 1));
            depth[v] = depth[tree.Parent[v]] + 1;
            Assert.That(depth[v], Is.GreaterThanOrEqualTo(depth[v - 1]), "numbered depth by depth");
        }
        // the path from a string's node up to ε spells the string
        for (int i = 0; i < count; i++)
        {
            var spelled = new List<int>();
            for (int v = tree.End[i]; v > 0; v = tree.Parent[v]) spelled.Add(tree.Symbol[v]);
            spelled.Reverse();
            Assert.That(spelled, Is.EqualTo(strings[i]), $"string {i}");
        }
        var prefixes = new HashSet<string>();
        foreach (var s in strings)
            for (int l = 1; l <= s.Length; l++) prefixes.Add(string.Join(",", s.Take(l)));
        Assert.That(tree.Count, Is.EqualTo(prefixes.Count + 1), "ε and each distinct non-empty prefix once");
    }

    [Test]
    public void A_symbol_outside_the_alphabet_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ProbeTree.Of([[0, 1], [0, 2]], 2));
        Assert.Throws<ArgumentException>(() => ProbeTree.Of([[-1]], 2));
    }

    [Test]
    public void Running_the_tree_gives_every_string_the_class_of_its_own_run([Values] MissingPolicy policy)
    {
        var rng = new Rng(11 + (ulong)policy);
        for (int trial = 0; trial < 30; trial++)
        {
            int sigma = 1 + rng.NextInt(4);
            var fsa = RandomFsa.Make(rng, states: 1 + rng.NextInt(9), symbols: sigma, density: 0.6);
            var compiled = new CompiledFsa(fsa, policy);
            var strings = Strings(rng, 200, sigma, longest: 12);
            var tree = ProbeTree.Of(strings, sigma);
            var labels = new int[tree.Count];
            compiled.ClassifyTree(tree.Parent, tree.Symbol, labels);
            for (int i = 0; i < strings.Length; i++)
            {
                long missing = 0;
                Assert.That(labels[tree.End[i]], Is.EqualTo(compiled.Classify(strings[i], ref missing)), $"trial {trial}, string {i}");
            }
        }
    }

    [Test]
    public void The_probe_strings_tree_has_every_probe_and_fewer_nodes_than_symbols()
    {
        var probes = ProbeStrings.Generate(["a", "b"], maxLength: 16, maxStrings: 3000, maxSymbols: 40_000, seed: 5);
        var tree = probes.Tree;
        Assert.That(tree.End, Has.Length.EqualTo(probes.Count));
        for (int i = 0; i < probes.Count; i += 37)
        {
            int length = 0;
            for (int v = tree.End[i]; v > 0; v = tree.Parent[v]) length++;
            Assert.That(length, Is.EqualTo(probes.Ids[i].Length));
        }
        long symbols = probes.Ids.Sum(s => (long)s.Length);
        Assert.That(tree.Count, Is.LessThan(symbols / 2), "the exhaustive part shares its prefixes");
        Assert.That(probes.Tree, Is.SameAs(tree), "made once");
    }
}
