using Lisor.Pure.Common;
using System.Globalization;
using System.Text;
using Lisor.Pure.Automata;
using Lisor.Pure.Extraction;

namespace Lisor.Pure.Cli;

/// <summary>
/// What the `extract` command tells the user about an <see cref="AutoExtraction"/>: the fidelity-vs-k curve it saw,
/// the FSA it chose, how faithful that FSA is on each data set (named), R runs and time, and — when
/// fidelity is below <see cref="WarnBelow"/> — what to do next.
/// </summary>
internal sealed class ExtractionReport
{
    /// <summary>Fidelity below which a warning names the next step.</summary>
    public const double WarnBelow = 0.95;

    private readonly AutoExtractionResult _r;
    private readonly Fsa _saved;
    private readonly string _dataName;
    private readonly FsaEvaluation _onData;
    private readonly string? _testName;
    private readonly FsaEvaluation? _onTest;
    private readonly bool _unminimised;
    private readonly IReadOnlyList<Disagreements> _differ;
    private readonly IReadOnlyList<Smaller> _smaller;

    /// <summary>An L* hypothesis with at most half the saved FSA's states and nearly its fidelity on the data.</summary>
    /// <param name="States">Its states (minimised).</param>
    /// <param name="Fidelity">Its fidelity on the data file, as the report gives the saved FSA's.</param>
    /// <param name="ProbeAgreement">Its agreement with the model on the probes.</param>
    internal sealed record Smaller(int States, double Fidelity, double ProbeAgreement);

    /// <summary>How far below the saved FSA's fidelity a smaller hypothesis is still named (<see cref="SmallerHypotheses"/>).</summary>
    public const double SmallerSlack = 0.005;

    /// <summary>Most smaller hypotheses the report names.</summary>
    public const int SmallerShown = 3;

    /// <summary>
    /// When the saved FSA is one of L*'s hypotheses: the smaller ones (at most half its states) whose fidelity on the data
    /// is within <see cref="SmallerSlack"/> of its own, each more faithful than every smaller one (the best trade-offs),
    /// the most faithful <see cref="SmallerShown"/>. The target (fidelity 1 by default) takes the smallest FSA that reaches
    /// it, and L*'s last hypotheses often add states for a string or two of the data; these say what a lower
    /// --fidelity would trade. <paramref name="rnn"/>: the model's answers on <paramref name="data"/>.
    /// </summary>
    internal static List<Smaller> SmallerHypotheses(AutoExtractionResult result, Fsa saved, IReadOnlyList<Sequences.LabeledSequence> data,
        int[] rnn, double savedFidelity)
    {
        var found = new List<Smaller>();
        if (result.Source != CandidateSource.LStar) return found;
        foreach (var h in result.LStar.Where(h => 2 * h.Fsa.StateCount <= saved.StateCount).OrderBy(h => h.Fsa.StateCount))
        {
            double fidelity = FsaEvaluation.Of(h.Fsa, data, rnn).Fidelity ?? 0;
            if (fidelity < savedFidelity - SmallerSlack) continue;
            if (found.Count > 0 && fidelity <= found[^1].Fidelity) continue;   // a smaller one is at least as faithful
            found.Add(new Smaller(h.Fsa.StateCount, fidelity, h.ProbeAgreement));
        }
        return found.Skip(Math.Max(0, found.Count - SmallerShown)).ToList();
    }

    /// <summary>The report of <paramref name="result"/>, whose saved FSA is <paramref name="saved"/> (scored on the data and the test
    /// file, and <paramref name="differ"/>: where it and the model answer differently, on the data, then on the test file).</summary>
    public ExtractionReport(AutoExtractionResult result, Fsa saved, string dataName, FsaEvaluation onData,
        string? testName, FsaEvaluation? onTest, bool unminimised, IReadOnlyList<Disagreements>? differ = null,
        IReadOnlyList<Smaller>? smaller = null)
    {
        _r = result; _saved = saved; _dataName = dataName; _onData = onData; _testName = testName; _onTest = onTest;
        _unminimised = unminimised; _differ = differ ?? []; _smaller = smaller ?? [];
    }

    /// <summary>The curve (one line per round and k), the choice and the fidelities.</summary>
    public string Text()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append("k search (fidelity to the model on ").Append(_dataName).Append(": clusters → refined; states → minimised):\n");
        foreach (var round in _r.Curve.GroupBy(p => p.Round))
        {
            sb.Append(inv, $"  round {round.Key}:");
            foreach (var p in round)
                sb.Append(inv, $" k={p.K} {p.ClusteredFidelity:0.000}→{p.Fidelity:0.000} {p.States}→{p.MinimisedStates}{(p.Converged ? "" : "!")};");
            sb.Length--;
            sb.Append('\n');
        }
        if (_r.Curve.Any(p => !p.Converged)) sb.Append("  (! = refinement stopped at the state budget)\n");
        if (_r.LStar.Count > 0)
            sb.Append("L* (the model as the oracle, as no FSA from its clusters reached the target; hypotheses, states: probe agreement, each length weighted as in the learning strings):")
              .Append(string.Join(",", _r.LStar.Select(p => string.Create(inv, $" {p.Fsa.StateCount}: {Share(p.ProbeAgreement)}"))))
              .Append('\n');
        sb.Append(_r.Source == CandidateSource.LStar
                ? string.Create(inv, $"chose L*'s hypothesis of {Counted.Of(_r.Minimised.StateCount, "state")} (minimised); saved the ")
                : string.Create(inv, $"chose k = {_r.K}: {Counted.Of(_r.Raw.StateCount, "state")}, {_r.Minimised.StateCount} after minimisation; saved the "))
          .Append(_unminimised ? "unminimised" : "minimised").Append(inv, $" FSA ({Counted.Of(_saved.StateCount, "state")})\n");
        if (!_r.ReachedTarget)
            sb.Append(inv, $"no FSA reached the target fidelity within the state budget (the model may not be regular here): ")
              .Append(_r.Probes > 0
                  ? string.Create(inv, $"chose the smallest within {AutoExtraction.ProbeSlack} of the best agreement with the model on the probes, strings it did not learn from (each length weighted as in the learning strings)\n")
                  : string.Create(inv, $"chose the smallest within {AutoExtraction.FallbackSlack} of the best fidelity on the learning strings (no probes)\n"));
        if (_r.Minimised.StateCount > _r.MaxStates)
            sb.Append(inv, $"the saved FSA has more states than --max-states {_r.MaxStates}: no candidate had so few\n");
        if (_r.Compact.Count > 0)
            sb.Append("compact fits (DFAs fitted to the model's answers on a fresh sample; states: probe agreement, each length weighted as in the learning strings):")
              .Append(string.Join(",", _r.Compact.Select(c => string.Create(inv, $" {c.Fsa.StateCount}: {Share(c.ProbeAgreement)}"))))
              .Append(_r.Compact.Any(c => ReferenceEquals(c.Fsa, _r.Minimised)) ? "; the chosen FSA is one of them\n" : "\n");
        sb.Append(_r.Probes == 0 ? "probes: none (--probes 0)" : string.Create(inv, $"probes: agreement with the model {Share(_r.ProbeAgreement)} on {Counted.Of(_r.Probes, "string")}"))
          .Append(_r.ExhaustiveLengths.Count > 0 ? $" (all strings {Lengths(_r.ExhaustiveLengths)})" : "")
          .Append(inv, $"; {Counted.Of(_r.Rounds, "round")} added {Counted.Of(_r.Counterexamples, "counterexample")}; the model ran on {Counted.Of(_r.RRuns, "string")}; {_r.Seconds:0.000} s\n");
        sb.Append(inv, $"fidelity on {_dataName} {Share(_onData.Fidelity)}, accuracy on {_dataName} {Share(_onData.Accuracy)}\n");
        if (_onTest is not null)
            sb.Append(inv, $"fidelity on {_testName} {Share(_onTest.Fidelity)}, accuracy on {_testName} {Share(_onTest.Accuracy)}\n");
        if (_smaller.Count > 0)
            sb.Append(inv, $"smaller L* hypotheses nearly as faithful (states: fidelity on {_dataName}, probe agreement):")
              .Append(string.Join(";", _smaller.Select(h => string.Create(inv, $" {h.States}: {Share(h.Fidelity)}, {Share(h.ProbeAgreement)}"))))
              .Append(" (--fidelity below 1 sets a target they reach)\n");
        foreach (var d in _differ) sb.Append(d.Text());
        return sb.ToString();
    }

    /// <summary>
    /// Ascending lengths as the probes' report names them: "up to length 13" when they are 1 … 13, "of length 5–13" when
    /// they run on from a later one, else runs and singles ("of lengths 2, 4–6"). Only the learning strings' lengths are
    /// probed, so a task of lengths 5 … 20 has no probe of length 1 … 4, and "up to length 13" would claim what was not run.
    /// </summary>
    internal static string Lengths(IReadOnlyList<int> lengths)
    {
        if (lengths.Count == 0) throw new ArgumentException("no lengths", nameof(lengths));
        var runs = new List<(int First, int Last)>();
        foreach (int length in lengths)
            if (runs.Count > 0 && runs[^1].Last + 1 == length) runs[^1] = (runs[^1].First, length);
            else runs.Add((length, length));
        var inv = CultureInfo.InvariantCulture;
        if (runs.Count == 1 && runs[0].First == 1) return string.Create(inv, $"up to length {runs[0].Last}");
        string text = string.Join(", ", runs.Select(r => r.First == r.Last ? r.First.ToString(inv) : string.Create(inv, $"{r.First}–{r.Last}")));
        return (lengths.Count == 1 || runs.Count == 1 ? "of length " : "of lengths ") + text;
    }

    /// <summary>
    /// A share (fidelity, accuracy, agreement) to four decimals, as the report gives them, except that a share below 1
    /// never reads "1.0000": one disagreement in 20 000 probes is 0.99995, and "1.0000" would claim none.
    /// </summary>
    internal static string Share(double? x) => x is double v ? Share(v) : "";

    /// <inheritdoc cref="Share(double?)"/>
    internal static string Share(double x)
        => x < 1 && x >= 0.99995 ? x.ToString("0.0000#####", CultureInfo.InvariantCulture) : x.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>Warnings (without the "warning: " prefix) when the FSA is not faithful enough.</summary>
    public IEnumerable<string> Warnings()
    {
        string next = _r.Curve.Any(p => !p.Converged)
            ? "raise --max-states (L*'s larger hypotheses then count), compare --method lstar --max-states 500, " +
              "or the model may not be regular here (its states do not settle into finitely many)"
            : "add more or longer strings to the learning data (the model may not be regular here)";
        if (_onData.Fidelity < WarnBelow)
            yield return string.Create(CultureInfo.InvariantCulture, $"fidelity on {_dataName} is {_onData.Fidelity:0.0000}, below {WarnBelow}: {next}");
        if (_onTest?.Fidelity < WarnBelow)
            yield return string.Create(CultureInfo.InvariantCulture, $"fidelity on {_testName} is {_onTest.Fidelity:0.0000}, below {WarnBelow}: {next}");
    }

    /// <summary>Per state of <paramref name="fsa"/>, its shortest string (symbols joined by spaces; "" for the start state, null for a state no string reaches).</summary>
    internal static string?[] ShortestStringsJson(Fsa fsa)
        => ShortestStrings.Of(fsa).Select(w => w is null ? null : string.Join(' ', w.Select(a => fsa.Alphabet[a]))).ToArray();

    /// <summary>The --json summary.</summary>
    public Dictionary<string, object?> Json(double seconds) => new()
    {
        ["mode"] = "auto",
        ["clusters"] = _r.Source == CandidateSource.LStar ? null : _r.K,
        ["source"] = _r.Source switch { CandidateSource.LStar => "lstar", CandidateSource.CompactFit => "compact_fit", _ => "clusters" },
        ["lstar_hypotheses"] = _r.LStar.Select(p => new Dictionary<string, object>
        {
            ["states"] = p.Fsa.StateCount, ["fidelity"] = p.Fidelity, ["probe_agreement"] = p.ProbeAgreement,
        }).ToArray(),
        ["states"] = _saved.StateCount,
        ["unminimised_states"] = _r.Raw.StateCount,
        ["minimised_states"] = _r.Minimised.StateCount,
        ["accepting"] = Enumerable.Range(0, _saved.StateCount).Where(_saved.IsAccepting).ToArray(),
        ["transitions"] = _saved.Transitions.Count,
        ["accuracy"] = _onData.Accuracy,
        ["fidelity"] = _onData.Fidelity,
        ["test_accuracy"] = _onTest?.Accuracy,
        ["test_fidelity"] = _onTest?.Fidelity,
        ["reached_target"] = _r.ReachedTarget,
        // (no probes: nothing to agree on; 12 decimals keep every share of up to 10¹¹ probes apart and drop the noise of
        // 1 − d / n, which wrote 0.7827500000000001 for 4 345 of 20 000)
        ["probe_agreement"] = _r.Probes == 0 ? null : Math.Round(_r.ProbeAgreement, 12),
        ["probes"] = _r.Probes,
        ["exhaustive_length"] = _r.ExhaustiveLength,
        ["exhaustive_lengths"] = _r.ExhaustiveLengths,
        ["refinement_rounds"] = _r.Rounds,
        ["counterexamples"] = _r.Counterexamples,
        ["r_runs"] = _r.RRuns,
        ["curve"] = _r.Curve.Select(p => new Dictionary<string, object>
        {
            ["round"] = p.Round, ["k"] = p.K, ["clustered_fidelity"] = p.ClusteredFidelity, ["fidelity"] = p.Fidelity,
            ["states"] = p.States, ["minimised_states"] = p.MinimisedStates, ["converged"] = p.Converged,
        }).ToArray(),
        ["missing_transitions"] = _onData.MissingTransitions,
        ["smaller_hypotheses"] = _smaller.Select(h => new Dictionary<string, object>
        {
            ["states"] = h.States, ["fidelity"] = h.Fidelity, ["probe_agreement"] = Math.Round(h.ProbeAgreement, 12),
        }).ToArray(),
        ["disagreements"] = _differ.Select(d => d.Json()).ToArray(),
        ["shortest_strings"] = ShortestStringsJson(_saved),
        ["extract_seconds"] = Math.Round(_r.Seconds, 3),
        ["seconds"] = Math.Round(seconds, 3),
    };
}
