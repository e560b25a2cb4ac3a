using Lisor.Pure.Automata;

namespace Lisor.Pure.Extraction;

/// <summary>One point of the curve <see cref="AutoExtraction"/> saw: k clusters in one round.</summary>
/// <param name="Round">0 for the learning data alone, r after r rounds of added counterexamples.</param>
/// <param name="K">Clusters of R's stacked states.</param>
/// <param name="ClusteredFidelity">Fidelity to R on the learning strings of the clusters split by R's answer, before refinement.</param>
/// <param name="Fidelity">Fidelity after refinement.</param>
/// <param name="States">States after refinement.</param>
/// <param name="MinimisedStates">States after Hopcroft minimisation (the implicit dead state not counted).</param>
/// <param name="Splits">Blocks split by the refinement.</param>
/// <param name="Converged">True when the refinement ended consistent, not at the state budget.</param>
public sealed record KPoint(int Round, int K, double ClusteredFidelity, double Fidelity, int States, int MinimisedStates, int Splits, bool Converged);

/// <summary>One FSA of the compact curve (<see cref="CompactSearch"/>), fitted when no FSA agreed with R exactly.</summary>
/// <param name="Round">The round it was fitted in.</param>
/// <param name="Fsa">The fitted FSA, minimised.</param>
/// <param name="Fidelity">Its fidelity to R on the learning strings.</param>
/// <param name="ProbeAgreement">Its agreement with R on the probes, weighted by the learning strings' lengths.</param>
public sealed record CompactPoint(int Round, Fsa Fsa, double Fidelity, double ProbeAgreement);

/// <summary>One of L*'s hypotheses (<see cref="LStarCandidates"/>), asked for when no FSA from the clusters reached the target.</summary>
/// <param name="Fsa">The hypothesis, minimised.</param>
/// <param name="Fidelity">Its fidelity to R on the learning strings.</param>
/// <param name="ProbeAgreement">Its agreement with R on the probes, weighted by the learning strings' lengths.</param>
public sealed record LStarPoint(Fsa Fsa, double Fidelity, double ProbeAgreement);

/// <summary>Where a candidate FSA of <see cref="AutoExtraction"/> came from.</summary>
public enum CandidateSource
{
    /// <summary>R's clustered states, refined, merged and minimised (the clusters alone among them).</summary>
    Clusters,
    /// <summary>A compact fit to R's answers (<see cref="CompactSearch"/>).</summary>
    CompactFit,
    /// <summary>A hypothesis of L* with R as the membership oracle (<see cref="LStarCandidates"/>).</summary>
    LStar,
}

/// <summary>The FSA <see cref="AutoExtraction"/> chose and how it got there.</summary>
/// <param name="Minimised">The chosen FSA after minimisation (what is saved by default).</param>
/// <param name="Raw">The same FSA before minimisation: one state per refined block.</param>
/// <param name="K">The k it came from (0 for an L* hypothesis).</param>
/// <param name="Fidelity">Fidelity to R on the learning strings.</param>
/// <param name="ReachedTarget">True when that fidelity reached the target within the state budget.</param>
/// <param name="ProbeAgreement">Agreement with R on the probe strings (1.0 when there are none).</param>
/// <param name="Probes">Number of probe strings.</param>
/// <param name="ExhaustiveLength">Every string of length 1 up to this length was probed (0 when the learning strings
/// have no string of length 1: only their lengths are probed; <see cref="ExhaustiveLengths"/> says which were, whole).</param>
/// <param name="Rounds">Rounds of added counterexamples.</param>
/// <param name="Counterexamples">Probe strings added to the learning tree.</param>
/// <param name="RRuns">Strings R was run on (learning data, probes, counterexamples).</param>
/// <param name="Curve">Every (round, k) tried, in order.</param>
/// <param name="Seconds">Wall time of the extraction.</param>
public sealed record AutoExtractionResult(Fsa Minimised, Fsa Raw, int K, double Fidelity, bool ReachedTarget,
    double ProbeAgreement, int Probes, int ExhaustiveLength, int Rounds, int Counterexamples, long RRuns,
    IReadOnlyList<KPoint> Curve, double Seconds)
{
    /// <summary>The compact curve, largest first (empty when some FSA agreed with R on the learning strings).</summary>
    public IReadOnlyList<CompactPoint> Compact { get; init; } = [];

    /// <summary>Where the chosen FSA came from.</summary>
    public CandidateSource Source { get; init; } = CandidateSource.Clusters;

    /// <summary>L*'s hypotheses, smallest first (empty unless no FSA from the clusters reached the target).</summary>
    public IReadOnlyList<LStarPoint> LStar { get; init; } = [];

    /// <summary>The state budget it ran with (<see cref="AutoExtractionOptions.MaxStates"/>); the chosen FSA exceeds it only when no candidate fits.</summary>
    public int MaxStates { get; init; } = int.MaxValue;

    /// <summary>The lengths whose every string was probed, ascending (the learning strings' lengths up to the longest that fits).</summary>
    public IReadOnlyList<int> ExhaustiveLengths { get; init; } = [];
}
