using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Lisor.Pure.Automata;
using Lisor.Pure.Clustering;
using Lisor.Pure.Common;
using Lisor.Pure.Sequences;
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
///   reaches the target within the state budget; stop the search a few k past it. The clusters
///   before refinement are candidates too. When no FSA reaches the target, keep the smallest within
///   <see cref="FallbackSlack"/> of the best fidelity.</item>
/// <item><b>L*.</b> When nothing from the clusters reaches the target (R's states do not fall into clean groups, or R is
///   not regular within the budget), L* asks R itself and its hypotheses join the candidates (<see cref="LStarCandidates"/>).</item>
/// <item><b>Compact fit.</b> When still nothing reaches the target (R is not regular within the budget),
///   small complete DFAs fitted to R's answers on a fresh sample join the candidates
///   (<see cref="CompactSearch"/>), and the probes choose among all of them.</item>
/// <item><b>Probe.</b> Compare that FSA with R on strings beyond the data (<see cref="ProbeStrings"/>:
///   exhaustive up to a length, then random). Add the shortest disagreeing strings to the tree (their
///   prefixes bring R's states and answers where the FSA was wrong) and learn again, for a few rounds — only while the
///   clusters reach the target: the strings feed their refinement, and L*'s hypotheses do not change with them.</item>
/// </list>
/// Deterministic for a seed, whatever the thread count: on several threads the k search works out its next few k side
/// by side and takes them in order (those past the k where it stops are dropped), and the tolerant ladder runs all at
/// once (<see cref="KSearch"/>). R runs: the learning strings once, the probes once, each counterexample once.
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

    /// <summary>A field of <see cref="AutoExtractionOptions"/> and its value, named in a bad-input message.</summary>
    private static Setting Option(string field, int? value) => new($"{nameof(AutoExtractionOptions)}.{field}", $"{value}");

    /// <summary>The same with any <see cref="IStateOracle"/> as R, on the learning strings <paramref name="data"/>.</summary>
    public static AutoExtractionResult Extract(IStateOracle model, IReadOnlyList<string[]> data, AutoExtractionOptions o,
        Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(o);
        if (data.Count == 0) throw new ArgumentException("the data set is empty: there is nothing to learn from");
        if (o.MaxStates < 1) throw new SettingArgumentException(n => $"{n(Option(nameof(o.MaxStates), o.MaxStates))}: must be at least 1");
        if (o.Clusters is < 1) throw new SettingArgumentException(n => $"{n(Option(nameof(o.Clusters), o.Clusters))}: must be at least 1");
        var clock = Stopwatch.StartNew();
        var tree = new PrefixTree(model, data);
        int baseNodes = tree.Count, dim = tree.Dim;
        if (o.Clusters > baseNodes)
            throw new SettingArgumentException(n => $"{n(Option(nameof(o.Clusters), o.Clusters))}: larger than the number of distinct prefixes in the data ({baseNodes})");

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
        var refinements = new ConcurrentBag<Refinement>();   // workspaces, one per job running
        int maxLength = data.Max(s => s.Length);
        var probes = ProbeStrings.Generate(tree.Alphabet, maxLength, o.ProbeStrings, o.ProbeSymbols, o.Seed, data.Select(s => s.Length).ToHashSet());
        log?.Invoke($"prefix tree: {baseNodes} nodes; {probes.Count} probe strings");
        int[] probeR = probes.Count == 0 ? [] : model.Answer(probes.Tokens);
        log?.Invoke("the model answered the probes");
        // every string up to L is a probe only when the data skips no length up to L
        bool probesComplete = probes.Count > 0 && probes.ExhaustiveFromOne == probes.ExhaustiveLength;
        var lengthShare = new double[maxLength + 1];
        foreach (var s in data) lengthShare[s.Length] += 1.0 / data.Count;

        AgreementFit? fit = null;
        long fitRuns = 0, lstarRuns = 0;
        List<Candidate>? lstar = null;
        var lstarPoints = new List<LStarPoint>();
        var compact = new List<CompactPoint>();
        var curve = new List<KPoint>();
        Candidate? overall = null;
        int counterexamples = 0, rounds = 0;
        for (int round = 0; ; round++)
        {
            float[] points = scaling.Apply(tree.States[..(tree.Count * dim)], tree.Count);
            var search = new KSearch(tree, points, scaled, scaling, baseNodes, clusterings, refinements, o, model, learnIds, learnR);
            var pool = new List<Candidate>();
            int maxTried = 0;
            int maxK = o.Clusters ?? Math.Min(ClusterStatesOf(o), baseNodes);
            // k = 1, 2, … in turn; with more than one thread, the next few k are worked out side by side and taken in
            // order, those past the k where the search stops dropped (each is what it would be alone: the same result)
            bool done = false;
            int width = Math.Clamp(Parallelism.Threads, 1, Lookahead);
            for (int k0 = o.Clusters ?? 1; k0 <= maxK && !done; k0 += width)
            {
                var jobs = Enumerable.Range(k0, Math.Min(width, maxK - k0 + 1)).Select(k => (k, 0.0)).ToArray();
                foreach (var (k, (point, candidates)) in jobs.Select(j => j.k).Zip(search.Run(jobs)))
                {
                    curve.Add(point with { Round = round });
                    pool.AddRange(candidates);
                    log?.Invoke($"round {round} k = {k}: clusters {point.ClusteredFidelity:0.0000} → refined {point.Fidelity:0.0000}, " +
                        $"{point.States} states, {point.MinimisedStates} minimised{(point.Converged ? "" : " (state budget reached)")}");
                    maxTried = k;
                    if (o.Clusters is null && (SearchDone(pool, k, o) || ProbePerfect(pool, candidates, o, probes, probeR, probesComplete)))
                    {
                        done = true;
                        break;
                    }
                }
            }
            // Out of reach: R is not regular within the budget on these strings. Then refine again tolerating
            // a bounded disagreement, a ladder of candidates from which the probes choose (all side by side).
            if (probes.Count > 0 && !pool.Any(c => c.Qualifies(o)))
            {
                var jobs = Tolerances.SelectMany(tolerance => Enumerable.Range(o.Clusters ?? 1, maxTried - (o.Clusters ?? 1) + 1)
                    .Select(k => (k, tolerance))).ToArray();
                foreach (var ((k, tolerance), (point, candidates)) in jobs.Zip(search.Run(jobs)))
                {
                    pool.AddRange(candidates.Skip(1));
                    log?.Invoke($"round {round} k = {k} tolerating {tolerance}: refined {point.Fidelity:0.0000}, {point.MinimisedStates} minimised");
                }
            }
            // Whether the clusters reached the target: the rounds below add strings for their refinement only.
            bool clustersReached = pool.Any(c => c.Qualifies(o));
            // Still out of reach: L* asks R itself (its answers, not its states); every hypothesis joins the candidates.
            // Once per extraction (the learning strings do not change), and not for a k the user fixed.
            if (probes.Count > 0 && o.Clusters is null && tree.Alphabet.Count <= MaxLStarSymbols && !pool.Any(c => c.Qualifies(o)))
            {
                if (lstar is null)
                {
                    var hypotheses = LStarCandidates.Learn(model, tree, learnIds, o.MaxStates, o.Seed, out lstarRuns);
                    lstar = hypotheses.Select(h => new Candidate(0, h, h, Fidelity(h, learnIds, learnR), 0, CandidateSource.LStar)).ToList();
                    var agreement = Agreements(hypotheses, probes, probeR, lengthShare);
                    lstarPoints.AddRange(lstar.Select((c, i) => new LStarPoint(c.Minimised, c.Fidelity, agreement[i])));
                    log?.Invoke("L*: hypotheses (states: probe agreement) " +
                        string.Join(", ", lstarPoints.Select(p => $"{p.Fsa.StateCount}: {p.ProbeAgreement:0.0000}")));
                }
                pool.AddRange(lstar);
            }
            // Still out of reach: small DFAs fitted to R's answers on a fresh sample join the candidates.
            if (probes.Count > 0 && tree.Alphabet.Count <= MaxFitSymbols && !pool.Any(c => c.Qualifies(o)))
            {
                fit ??= CompactSearch.Sample(model, data, tree.Alphabet, o.FitStrings, lengthShare, o.Seed + 2, out fitRuns);
                // (seeded from the clusters' candidates: L*'s hypotheses are candidates as they are)
                var small = pool.Where(c => c.Source == CandidateSource.Clusters && c.Minimised.StateCount < Math.Min(o.MaxStates, MaxFitSeed)).ToList();
                var smallAgreement = Agreements(small.Select(c => c.Minimised).ToList(), probes, probeR, lengthShare);
                var seeds = small.Select((c, i) => c with { ProbeAgreement = smallAgreement[i] })
                    .OrderByDescending(c => c.ProbeAgreement).ThenBy(c => c.Minimised.StateCount).Take(1).ToList();
                foreach (var seedCandidate in seeds)
                    foreach (var fitted in CompactSearch.Curve(fit, seedCandidate.Minimised))
                    {
                        pool.Add(new Candidate(seedCandidate.K, fitted, fitted, Fidelity(fitted, learnIds, learnR), 0, CandidateSource.CompactFit));
                        compact.Add(new CompactPoint(round, fitted, pool[^1].Fidelity, Agreement(fitted, probes, probeR, lengthShare)));
                    }
                log?.Invoke($"round {round}: compact fits (states: probe agreement) " +
                    string.Join(", ", compact.Where(c => c.Round == round).Select(c => $"{c.Fsa.StateCount}: {c.ProbeAgreement:0.0000}")));
            }
            var best = Choose(pool, o, probes, probeR, lengthShare);
            // Equivalence query by probing: where does the chosen FSA disagree with R?
            var disagreeing = Disagreements(best!.Minimised, probes, probeR);
            best = best with { ProbeAgreement = probes.Count == 0 ? 1 : 1 - (double)disagreeing.Count / probes.Count };
            bool progress = overall is null || best.ProbeAgreement > overall.ProbeAgreement;
            if (overall is null || Preferred(best, overall, o)) overall = best;
            // Stop when R agrees everywhere probed, when the rounds are spent, or when the last counterexamples did not help
            // (R is then not regular within the budget, or disagrees with every small FSA on a few long strings).
            // Also stop when nothing reached the target: R is then not regular within the budget, and more strings will not change that.
            // And when the clusters did not reach it (the FSA is L*'s or a compact fit's): the counterexamples are strings for the
            // clusters' refinement, which fell short of the target on fewer strings and will not reach it on more, while L*'s
            // hypotheses are kept as they are and the compact fits' sample is fixed; another round would only repeat the k search.
            if (disagreeing.Count == 0 || round >= o.MaxRounds || !best.Qualifies(o) || !clustersReached
                || (!progress && overall.ProbeAgreement >= ProbeEnough)) break;
            var added = disagreeing.OrderBy(i => probes.Ids[i].Length).ThenBy(i => i).Take(o.CounterexamplesPerRound)
                .Select(i => probes.Tokens[i]).ToList();
            tree.Add(added);
            counterexamples += added.Count;
            rounds = round + 1;
        }
        return new AutoExtractionResult(overall.Minimised, overall.Raw, overall.K, overall.Fidelity, overall.Qualifies(o),
            overall.ProbeAgreement, probes.Count, probes.ExhaustiveFromOne, rounds, counterexamples, tree.RRuns + probes.Count + fitRuns + lstarRuns,
            curve, clock.Elapsed.TotalSeconds)
        {
            Compact = compact, ExhaustiveLengths = probes.ExhaustiveLengths, MaxStates = o.MaxStates,
            Source = overall.Source, LStar = lstarPoints,
        };
    }

    /// <summary>
    /// The most k worked out side by side: a search that stops drops the ones past its k, and a larger k costs more
    /// (more clusters to fit and refine), so a wider batch would mostly add work that is thrown away.
    /// </summary>
    private const int Lookahead = 4;

    /// <summary>The largest refined FSA (states, dead state not counted) a compact fit starts from (the search costs ~ m³).</summary>
    private const int MaxFitSeed = 32;

    /// <summary>The largest alphabet a compact fit runs on (each move tries every target: the search grows with |Σ|).</summary>
    private const int MaxFitSymbols = 32;

    /// <summary>The largest alphabet L*'s hypotheses are asked for (its table has a row per state and symbol, and each
    /// counterexample round runs them all; the compact fits' bound, for the same reason).</summary>
    private const int MaxLStarSymbols = MaxFitSymbols;

    /// <summary>
    /// The states the clusters' route works with when k is searched, whatever <see cref="AutoExtractionOptions.MaxStates"/>
    /// is: k up to it, refinement up to twice as many blocks. Larger FSAs are L*'s to find (its hypotheses may have up to
    /// MaxStates states): L*'s cost grows with the states it learns, the k search's with k times the blocks refined. On a
    /// stress model with --max-states 500 the k search and its tolerant ladder took 70 s, L* 0.15 s, for L*'s FSA.
    /// </summary>
    public const int ClusterStates = 64;

    /// <summary>The clusters' state budget: <see cref="ClusterStates"/> at most when k is searched, MaxStates for a k the user fixed (no L* then).</summary>
    private static int ClusterStatesOf(AutoExtractionOptions o) => o.Clusters is null ? Math.Min(o.MaxStates, ClusterStates) : o.MaxStates;

    /// <summary>Probe agreement at which rounds that bring no progress stop.</summary>
    private const double ProbeEnough = 0.995;

    private sealed record Candidate(int K, Fsa Raw, Fsa Minimised, double Fidelity, double ProbeAgreement,
        CandidateSource Source = CandidateSource.Clusters)
    {
        public bool Qualifies(AutoExtractionOptions o) => Fidelity >= o.Fidelity - 1e-12 && Minimised.StateCount <= o.MaxStates;
    }

    /// <summary>Fidelity a smaller FSA may give up, below the best seen, when no FSA reaches the target and there are no probes.</summary>
    public const double FallbackSlack = 0.01;

    /// <summary>Probe agreement a smaller FSA may give up, below the best seen, when no FSA reaches the target.</summary>
    public const double ProbeSlack = 0.005;

    /// <summary>
    /// The choice of a round: the FSA with the fewest states among those reaching the target (ties: the
    /// smaller k, i.e. the earlier one). When none does, R is not regular within the budget on the learning
    /// data, and fidelity on the learning strings rewards FSAs that memorise R's irregular answers on them
    /// (refinement makes them agree on every prefix). The probes are strings R labels that the FSAs never saw,
    /// so agreement on them estimates fidelity on new strings: the choice is then the fewest states among those
    /// within <see cref="ProbeSlack"/> of the best probe agreement (ties: higher agreement). Without probes,
    /// the fewest states within <see cref="FallbackSlack"/> of the best fidelity on the learning strings. Either way only
    /// candidates within the state budget, unless none is.
    /// </summary>
    private static Candidate Choose(List<Candidate> pool, AutoExtractionOptions o, ProbeStrings probes, int[] probeR, double[] lengthShare)
    {
        var qualifying = pool.Where(c => c.Qualifies(o)).ToList();
        if (qualifying.Count > 0) return qualifying.MinBy(c => c.Minimised.StateCount)!;
        if (probes.Count > 0)
        {
            var scored = pool.Where(c => c.Minimised.StateCount <= o.MaxStates).DefaultIfEmpty(pool[0]).ToList();
            var agreement = Agreements(scored.Select(c => c.Minimised).ToList(), probes, probeR, lengthShare);
            for (int i = 0; i < scored.Count; i++) scored[i] = scored[i] with { ProbeAgreement = agreement[i] };
            double topAgreement = scored.Max(c => c.ProbeAgreement);
            return scored.Where(c => c.ProbeAgreement >= topAgreement - ProbeSlack)
                .OrderBy(c => c.Minimised.StateCount).ThenByDescending(c => c.ProbeAgreement).First();
        }
        // within the state budget, as with probes (the smallest candidate when none fits it)
        var within = pool.Where(c => c.Minimised.StateCount <= o.MaxStates).DefaultIfEmpty(pool.MinBy(c => c.Minimised.StateCount)!).ToList();
        double top = within.Max(c => c.Fidelity);
        return within.Where(c => c.Fidelity >= top - FallbackSlack)
            .OrderBy(c => c.Minimised.StateCount).ThenByDescending(c => c.Fidelity).First();
    }

    /// <summary>
    /// Whether the k search can stop: a few k past the states of the smallest qualifying FSA, or, when
    /// none qualifies, twice as far past the k of the most faithful one.
    /// </summary>
    private static bool SearchDone(List<Candidate> pool, int k, AutoExtractionOptions o)
    {
        var qualifying = pool.Where(c => c.Qualifies(o)).ToList();
        if (qualifying.Count > 0) return k >= qualifying.Min(c => c.Minimised.StateCount) + o.Patience;
        var mostFaithful = pool.OrderByDescending(c => c.Fidelity).First();
        return k >= mostFaithful.K + 2 * o.Patience;
    }

    /// <summary>
    /// Whether this k gave the smallest qualifying FSA so far and it agrees with R on every probe: then the search
    /// can stop early. (A minimal FSA with m states that agrees with an n-state R on every string up to length
    /// n + m − 1 is equivalent to it, and so is the smallest there is.) Only when the probes hold every string of
    /// every length up to L ≥ 2m (<paramref name="probesComplete"/>: the data skips no length up to L): then any R
    /// with at most m + 1 states is caught. A task whose strings all have one length leaves the FSA free
    /// elsewhere, and a later k may give a smaller one.
    /// </summary>
    private static bool ProbePerfect(List<Candidate> pool, List<Candidate> fresh, AutoExtractionOptions o, ProbeStrings probes, int[] probeR, bool probesComplete)
    {
        var best = fresh.Where(c => c.Qualifies(o)).MinBy(c => c.Minimised.StateCount);
        if (best is null || !probesComplete || probes.ExhaustiveLength < 2 * best.Minimised.StateCount) return false;
        if (pool.Any(c => c.Qualifies(o) && c.Minimised.StateCount < best.Minimised.StateCount)) return false;
        return !Disagrees(best.Minimised, probes, probeR);
    }

    /// <summary>Whether <paramref name="fsa"/> (dead policy) disagrees with R on some probe.</summary>
    private static bool Disagrees(Fsa fsa, ProbeStrings probes, int[] r)
    {
        var (answer, end) = (ProbeAnswers(fsa, probes), probes.Tree.End);
        for (int i = 0; i < probes.Count; i++) if (answer[end[i]] != r[i]) return true;
        return false;
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

    /// <summary>Disagreement the refinement tolerates per (block, symbol) when no FSA reaches the target (see <see cref="Refinement"/>).</summary>
    private static readonly double[] Tolerances = [0.05, 0.25];

    /// <summary>Split–merge cycles after the first refinement (see <see cref="Evaluate"/>).</summary>
    private const int MergeCycles = 4;

    /// <summary>
    /// The evaluations of a round (<see cref="Evaluate"/> for each (k, tolerance)), side by side on up to
    /// <see cref="Parallelism.Threads"/> threads, each job with its own workspace and its own nested loops kept to its thread
    /// (<see cref="Parallelism.OnOneThread"/>): a job computes exactly what it would alone, so the results, taken in job
    /// order, do not depend on the thread count. The clusterings of new k are made in the jobs and kept for later rounds.
    /// </summary>
    private sealed class KSearch(PrefixTree tree, float[] points, float[] scaled, PointScaling scaling, int baseNodes,
        Dictionary<int, KMeansResult> clusterings, ConcurrentBag<Refinement> refinements, AutoExtractionOptions o, IStateOracle model,
        int[][] learnIds, int[] learnR)
    {
        public (KPoint Point, List<Candidate> Candidates)[] Run((int K, double Tolerance)[] jobs)
        {
            var results = new (KPoint, List<Candidate>)[jobs.Length];
            var made = new KMeansResult?[jobs.Length];
            try
            {
                Parallelism.ForBlocks(jobs.Length, j => Parallelism.OnOneThread(() =>
                {
                    var (k, tolerance) = jobs[j];
                    // (the dictionary is only read while jobs run: the clusterings they make are added after)
                    if (!clusterings.TryGetValue(k, out var clustering))
                        clustering = made[j] = KMeans.Fit(scaled, baseNodes, tree.Dim, k, new KMeansOptions { Seed = o.Seed });
                    var refinement = refinements.TryTake(out var spare) ? spare : new Refinement();
                    var initial = new int[tree.Count];
                    Assign(tree, scaling, clustering, baseNodes, initial);
                    results[j] = Evaluate(tree, points, refinement, initial, k, o, model, learnIds, learnR, tolerance);
                    refinements.Add(refinement);
                }));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
            for (int j = 0; j < jobs.Length; j++) if (made[j] is { } fresh) clusterings[jobs[j].K] = fresh;
            return results;
        }
    }

    /// <summary>
    /// Clusters → split by R's answer (the "clustered" FSA) → refined → minimised. When k-means cut one
    /// state of R into several clusters, moves into the copies look like conflicts and refinement splits
    /// their predecessors too, a cascade that minimisation undoes but that may first hit the budget. So
    /// the minimised FSA's states are mapped back onto the nodes (merge) and refined again (split), for
    /// a few cycles; the best candidate of the cycles is kept.
    /// </summary>
    private static (KPoint Point, List<Candidate> Candidates) Evaluate(PrefixTree tree, float[] points, Refinement refinement, int[] initial, int k,
        AutoExtractionOptions o, IStateOracle model, int[][] learnIds, int[] learnR, double tolerance = 0)
    {
        var candidates = new List<Candidate>();
        var clustered = refinement.Refine(tree, points, initial, k, maxBlocks: 0);
        var clusteredRaw = PartitionAutomaton.Build(tree, clustered, model.Classes, model.PositiveClass, out _, out bool[] clusteredLabelled);
        var clusteredFsa = Minimiser.Minimise(StateMerging.Merge(clusteredRaw, clusteredLabelled, out _)).Minimal;
        double clusteredFidelity = Fidelity(clusteredFsa, learnIds, learnR);
        candidates.Add(new Candidate(k, clusteredRaw, clusteredFsa, clusteredFidelity, 0));
        if (tolerance > 0)
        {
            var majority = Minimiser.Minimise(clusteredRaw).Minimal;
            candidates.Add(new Candidate(k, clusteredRaw, majority, Fidelity(majority, learnIds, learnR), 0));
        }
        KPoint? best = null;
        int[] start = initial;
        int startBlocks = k, splits = 0;
        for (int cycle = 0; cycle <= MergeCycles; cycle++)
        {
            var refined = refinement.Refine(tree, points, start, startBlocks, 2 * ClusterStatesOf(o), tolerance);
            splits += refined.Splits;
            var raw = PartitionAutomaton.Build(tree, refined, model.Classes, model.PositiveClass, out int[] stateOfBlock, out bool[] labelled);
            var merged = StateMerging.Merge(raw, labelled, out int[] mergedOf);
            var minimisation = Minimiser.Minimise(merged);
            var minimised = minimisation.Minimal;
            double fidelity = Fidelity(minimised, learnIds, learnR);
            var point = new KPoint(0, k, clusteredFidelity, fidelity, raw.StateCount, minimised.StateCount, splits, refined.Converged);
            var candidate = new Candidate(k, raw, minimised, fidelity, 0);
            candidates.Add(candidate);
            if (best is null || fidelity > best.Fidelity || (fidelity == best.Fidelity && minimised.StateCount < best.MinimisedStates)) best = point;
            if (refined.Converged) break; // consistent: merging and minimisation have already merged what can be merged
            if (candidate.Qualifies(o)) break; // faithful already: the next cycle starts from this very FSA's states
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
        return (best!, candidates);
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

    /// <summary><see cref="Agreement"/> of each FSA, side by side on the threads (each is a function of its FSA alone).</summary>
    private static double[] Agreements(List<Fsa> fsas, ProbeStrings probes, int[] r, double[] lengthShare)
    {
        var agreement = new double[fsas.Count];
        Parallelism.ForBlocks(fsas.Count, i => agreement[i] = Agreement(fsas[i], probes, r, lengthShare));
        return agreement;
    }

    /// <summary>
    /// Agreement of <paramref name="fsa"/> (dead policy) with R on the probes, weighted like the learning strings'
    /// lengths: Σ_l p(l) · agreement on the probes of length l, with p(l) the share of learning strings of length l
    /// among the lengths probed. (The exhaustive probes are mostly short; the learning data, and a test set drawn
    /// like it, are not.)
    /// </summary>
    private static double Agreement(Fsa fsa, ProbeStrings probes, int[] r, double[] lengthShare)
    {
        var (answer, end) = (ProbeAnswers(fsa, probes), probes.Tree.End);
        int[] agree = new int[lengthShare.Length], count = new int[lengthShare.Length]; // per FSA, not per probe
        for (int i = 0; i < probes.Count; i++)
        {
            int l = probes.Ids[i].Length;
            if (l >= lengthShare.Length) continue;
            count[l]++;
            if (answer[end[i]] == r[i]) agree[l]++;
        }
        double sum = 0, weight = 0;
        for (int l = 0; l < lengthShare.Length; l++)
            if (count[l] > 0) { sum += lengthShare[l] * agree[l] / count[l]; weight += lengthShare[l]; }
        return weight == 0 ? 1 : sum / weight;
    }

    private static List<int> Disagreements(Fsa fsa, ProbeStrings probes, int[] r)
    {
        var (answer, end) = (ProbeAnswers(fsa, probes), probes.Tree.End);
        var result = new List<int>();
        for (int i = 0; i < probes.Count; i++) if (answer[end[i]] != r[i]) result.Add(i);
        return result;
    }

    /// <summary>
    /// The class <paramref name="fsa"/> (dead policy) answers for every prefix of the probes, each distinct prefix run
    /// once (<see cref="ProbeStrings.Tree"/>): probe i's is at node Tree.End[i].
    /// </summary>
    private static int[] ProbeAnswers(Fsa fsa, ProbeStrings probes)
    {
        var tree = probes.Tree;
        var answer = new int[tree.Count];
        new CompiledFsa(fsa, MissingPolicy.Dead).ClassifyTree(tree.Parent, tree.Symbol, answer);
        return answer;
    }
}
