using System.Diagnostics;
using Lisor.Pure.Automata;
using Lisor.Pure.Clustering;
using Lisor.Pure.Data;
using Lisor.Pure.Experiments;
using Lisor.Pure.Training;

namespace Lisor.Pure.Extraction;

/// <summary>
/// The default extraction: the smallest FSA that agrees with R, with no tuning.
/// <list type="number">
/// <item><b>States once.</b> Build the prefix tree of the learning strings with R's stacked state
///   and R's answer at every prefix (<see cref="PrefixTree"/>; ε is the root, h_0 = 0).</item>
/// <item><b>Clusters.</b> For k = 1, 2, … cluster the z-scored stacked states with k-means++ (the
///   clustering of LISOR, on distinct prefixes).</item>
/// <item><b>Refinement.</b> Split each cluster by R's answer, then split the blocks whose moves on a
///   symbol reach different blocks, until the partition is a consistent automaton
///   (<see cref="Refinement"/>) — it then agrees with R on every prefix of the learning strings.</item>
/// <item><b>Merge</b> states whose seen moves are compatible (<see cref="StateMerging"/>), then
///   <b>minimise</b> (Hopcroft, <see cref="Minimiser"/>), and keep the smallest FSA whose fidelity
///   reaches the target within the state budget; stop the search a few k past it.</item>
/// <item><b>Probe.</b> Compare that FSA with R on strings beyond the data (<see cref="ProbeStrings"/>:
///   exhaustive up to a length, then random). Add the shortest disagreeing strings to the tree (their
///   prefixes bring R's states and answers where the FSA was wrong) and learn again, for a few rounds.</item>
/// </list>
/// Deterministic for a seed. R runs: the learning strings once, the probes once, each counterexample once.
/// </summary>
public static class AutoExtraction
{
    /// <summary>Extracts from <paramref name="model"/> on the learning strings <paramref name="data"/>.</summary>
    /// <param name="model">R.</param>
    /// <param name="data">The learning strings (their labels are not used: R's answers are).</param>
    /// <param name="o">Target, budget and seed.</param>
    /// <param name="log">Receives one line per (round, k) tried, when given.</param>
    public static AutoExtractionResult Extract(Model model, IReadOnlyList<LabeledSequence> data, AutoExtractionOptions o,
        Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        return Extract(new ModelOracle(model), data.Select(e => e.Tokens).ToList(), o, log);
    }

    /// <summary>The same with any <see cref="IStateOracle"/> as R, on the learning strings <paramref name="data"/>.</summary>
    public static AutoExtractionResult Extract(IStateOracle model, IReadOnlyList<string[]> data, AutoExtractionOptions o,
        Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(o);
        if (data.Count == 0) throw new ArgumentException("the data set is empty: there is nothing to learn from");
        if (o.MaxStates < 1) throw new ArgumentException($"--max-states {o.MaxStates}: must be at least 1");
        if (o.Clusters is < 1) throw new ArgumentException($"--clusters {o.Clusters}: must be at least 1");
        var clock = Stopwatch.StartNew();
        var tree = new PrefixTree(model, data);
        int baseNodes = tree.Count, dim = tree.Dim;
        if (o.Clusters > baseNodes)
            throw new ArgumentException($"--clusters {o.Clusters}: larger than the number of distinct prefixes in the data ({baseNodes})");

        // The learning strings as symbol ids, and R's answers on them (the labels of their end nodes).
        var learnIds = new int[data.Count][];
        var learnR = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            learnIds[i] = data[i].Select(tree.SymbolIndex).ToArray();
            learnR[i] = tree.Label(tree.Find(data[i]));
        }

        var scaling = PointScaling.Of(tree.States, baseNodes, dim, standardise: true);
        float[] scaled = scaling.Apply(tree.States[..(baseNodes * dim)], baseNodes);
        var clusterings = new Dictionary<int, KMeansResult>();
        var refinement = new Refinement();
        int maxLength = data.Max(s => s.Length);
        var probes = ProbeStrings.Generate(tree.Alphabet, maxLength, o.ProbeStrings, o.ProbeSymbols, o.Seed);
        int[] probeR = probes.Count == 0 ? [] : model.Answer(probes.Tokens);

        var curve = new List<KPoint>();
        Candidate? overall = null;
        int counterexamples = 0, rounds = 0;
        for (int round = 0; ; round++)
        {
            var initial = new int[tree.Count];
            float[] points = scaling.Apply(tree.States[..(tree.Count * dim)], tree.Count);
            Candidate? best = null;
            int maxK = o.Clusters ?? Math.Min(o.MaxStates, baseNodes);
            for (int k = o.Clusters ?? 1; k <= maxK; k++)
            {
                var clustering = clusterings.TryGetValue(k, out var known) ? known
                    : clusterings[k] = KMeans.Fit(scaled, baseNodes, dim, k, new KMeansOptions { Seed = o.Seed });
                Assign(tree, scaling, clustering, baseNodes, initial);
                var c = Evaluate(tree, points, refinement, initial, k, o, model, learnIds, learnR);
                curve.Add(c.Point with { Round = round });
                log?.Invoke($"round {round} k = {k}: clusters {c.Point.ClusteredFidelity:0.0000} → refined {c.Point.Fidelity:0.0000}, " +
                    $"{c.Point.States} states, {c.Point.MinimisedStates} minimised{(c.Point.Converged ? "" : " (state budget reached)")}");
                if (Better(c, best, o)) best = c;
                if (o.Clusters is null && best!.Qualifies(o) && k >= best.Minimised.StateCount + o.Patience) break;
            }
            // Equivalence query by probing: where does the chosen FSA disagree with R?
            var disagreeing = Disagreements(best!.Minimised, probes, probeR);
            best = best with { ProbeAgreement = probes.Count == 0 ? 1 : 1 - (double)disagreeing.Count / probes.Count };
            bool progress = overall is null || best.ProbeAgreement > overall.ProbeAgreement;
            if (overall is null || Preferred(best, overall, o)) overall = best;
            // Stop when R agrees everywhere probed, when the rounds are spent, or when the last counterexamples did not help
            // (R is then not regular within the budget, or disagrees with every small FSA on a few long strings).
            if (disagreeing.Count == 0 || round >= o.MaxRounds || (!progress && overall.Qualifies(o) && overall.ProbeAgreement >= ProbeEnough)) break;
            var added = disagreeing.OrderBy(i => probes.Ids[i].Length).ThenBy(i => i).Take(o.CounterexamplesPerRound)
                .Select(i => probes.Tokens[i]).ToList();
            tree.Add(added);
            counterexamples += added.Count;
            rounds = round + 1;
        }
        return new AutoExtractionResult(overall.Minimised, overall.Raw, overall.K, overall.Fidelity, overall.Qualifies(o),
            overall.ProbeAgreement, probes.Count, probes.ExhaustiveLength, rounds, counterexamples, tree.RRuns + probes.Count,
            curve, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Probe agreement at which rounds that bring no progress stop.</summary>
    private const double ProbeEnough = 0.995;

    private sealed record Candidate(int K, Fsa Raw, Fsa Minimised, double Fidelity, KPoint Point, double ProbeAgreement)
    {
        public bool Qualifies(AutoExtractionOptions o) => Fidelity >= o.Fidelity - 1e-12 && Minimised.StateCount <= o.MaxStates;
    }

    /// <summary>Within a round: qualifying first, then fewer minimised states, then (not qualifying) higher fidelity; ties keep the smaller k.</summary>
    private static bool Better(Candidate c, Candidate? best, AutoExtractionOptions o)
    {
        if (best is null) return true;
        bool q = c.Qualifies(o), qb = best.Qualifies(o);
        if (q != qb) return q;
        if (q) return c.Minimised.StateCount < best.Minimised.StateCount;
        return c.Fidelity > best.Fidelity || (c.Fidelity == best.Fidelity && c.Minimised.StateCount < best.Minimised.StateCount);
    }

    /// <summary>Across rounds: qualifying first, then higher probe agreement, then fewer states.</summary>
    private static bool Preferred(Candidate c, Candidate best, AutoExtractionOptions o)
    {
        bool q = c.Qualifies(o), qb = best.Qualifies(o);
        if (q != qb) return q;
        if (c.ProbeAgreement != best.ProbeAgreement) return c.ProbeAgreement > best.ProbeAgreement;
        return c.Minimised.StateCount < best.Minimised.StateCount;
    }

    /// <summary>Cluster of every node: k-means' own for the learning prefixes, the nearest centre for added ones.</summary>
    private static void Assign(PrefixTree tree, PointScaling scaling, KMeansResult clustering, int baseNodes, int[] initial)
    {
        Array.Copy(clustering.Assignments, initial, baseNodes);
        int dim = tree.Dim, k = clustering.K;
        if (tree.Count == baseNodes) return;
        float[] added = scaling.Apply(tree.States[(baseNodes * dim)..(tree.Count * dim)], tree.Count - baseNodes);
        for (int v = baseNodes; v < tree.Count; v++)
        {
            var x = added.AsSpan((v - baseNodes) * dim, dim);
            int nearest = 0;
            double bestDistance = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                // Centres are in R's coordinates; compare in the scaled space the clustering used.
                double d = 0;
                for (int j = 0; j < dim; j++)
                {
                    double e = x[j] - (clustering.Centres[c * dim + j] - scaling.Shift[j]) / scaling.Scale[j];
                    d += e * e;
                }
                if (d < bestDistance) { bestDistance = d; nearest = c; }
            }
            initial[v] = nearest;
        }
    }

    /// <summary>Split–merge cycles after the first refinement (see <see cref="Evaluate"/>).</summary>
    private const int MergeCycles = 4;

    /// <summary>
    /// Clusters → split by R's answer (the "clustered" FSA) → refined → minimised. When k-means cut one
    /// state of R into several clusters, moves into the copies look like conflicts and refinement splits
    /// their predecessors too, a cascade that minimisation undoes but that may first hit the budget. So
    /// the minimised FSA's states are mapped back onto the nodes (merge) and refined again (split), for
    /// a few cycles; the best candidate of the cycles is kept.
    /// </summary>
    private static Candidate Evaluate(PrefixTree tree, float[] points, Refinement refinement, int[] initial, int k, AutoExtractionOptions o,
        IStateOracle model, int[][] learnIds, int[] learnR)
    {
        var clustered = refinement.Refine(tree, points, initial, k, maxBlocks: 0);
        double clusteredFidelity = Fidelity(PartitionAutomaton.Build(tree, clustered, model.Classes, model.PositiveClass), learnIds, learnR);
        Candidate? best = null;
        int[] start = initial;
        int startBlocks = k, splits = 0;
        for (int cycle = 0; cycle <= MergeCycles; cycle++)
        {
            var refined = refinement.Refine(tree, points, start, startBlocks, 2 * o.MaxStates);
            splits += refined.Splits;
            var raw = PartitionAutomaton.Build(tree, refined, model.Classes, model.PositiveClass, out int[] stateOfBlock);
            var merged = StateMerging.Merge(raw, out int[] mergedOf);
            var minimisation = Minimiser.Minimise(merged);
            var minimised = minimisation.Minimal;
            double fidelity = Fidelity(minimised, learnIds, learnR);
            var point = new KPoint(0, k, clusteredFidelity, fidelity, raw.StateCount, minimised.StateCount, splits, refined.Converged);
            var candidate = new Candidate(k, raw, minimised, fidelity, point, 0);
            if (best is null || Better(candidate, best, o)) best = candidate;
            if (refined.Converged) break; // consistent: minimisation has already merged what can be merged
            // Merge: node → its minimised state; states the minimiser dropped (dead-equivalent or unreachable) keep their own block.
            start = new int[tree.Count];
            startBlocks = minimised.StateCount;
            var extra = new int[raw.StateCount];
            Array.Fill(extra, -1);
            for (int v = 0; v < tree.Count; v++)
            {
                int q = stateOfBlock[refined.BlockOf[v]], m = minimisation.StateMap[mergedOf[q]];
                if (m < 0) m = extra[q] >= 0 ? extra[q] : extra[q] = startBlocks++;
                start[v] = m;
            }
        }
        return best!;
    }

    /// <summary>Fraction of strings on which <paramref name="fsa"/> (dead policy) answers R's class.</summary>
    private static double Fidelity(Fsa fsa, int[][] ids, int[] r)
    {
        var run = new CompiledFsa(fsa, MissingPolicy.Dead);
        long missing = 0;
        int agree = 0;
        for (int i = 0; i < ids.Length; i++) if (run.Classify(ids[i], ref missing) == r[i]) agree++;
        return ids.Length == 0 ? 1 : (double)agree / ids.Length;
    }

    private static List<int> Disagreements(Fsa fsa, ProbeStrings probes, int[] r)
    {
        var run = new CompiledFsa(fsa, MissingPolicy.Dead);
        long missing = 0;
        var result = new List<int>();
        for (int i = 0; i < probes.Count; i++) if (run.Classify(probes.Ids[i], ref missing) != r[i]) result.Add(i);
        return result;
    }
}
