using Lisor.Pure.Data;
using Lisor.Pure.Cli;
using Lisor.Pure.Extraction;

namespace Lisor.Pure.Tests.Cli;

public class ExtractionReportTests
{
    private static ExtractionReport Report(double dataFidelity, double? testFidelity, bool converged)
    {
        var fsa = Tomita.Dfa(1);
        var result = new AutoExtractionResult(fsa, fsa, 2, dataFidelity, dataFidelity >= 1, 1, 100, 6, 0, 0, 600,
            [new KPoint(0, 2, 0.5, dataFidelity, 2, 2, 1, converged)], 0.1);
        FsaEvaluation Eval(double f) => new(f, f, 2, 2, 0, 0, []);
        return new ExtractionReport(result, fsa, "v.tsv", Eval(dataFidelity), testFidelity is null ? null : "t.tsv",
            testFidelity is null ? null : Eval(testFidelity.Value), unminimised: false);
    }

    [Test]
    public void Fidelity_below_0_95_warns_with_the_data_set_and_the_next_step()
    {
        var warnings = Report(0.90, 0.80, converged: false).Warnings().ToList();
        Assert.That(warnings, Has.Count.EqualTo(2));
        Assert.That(warnings[0], Does.Contain("v.tsv").And.Contain("0.9000").And.Contain("raise --max-states").And.Contain("compare --method lstar --max-states 500"));
        Assert.That(warnings[1], Does.Contain("t.tsv").And.Contain("0.8000"));
        Assert.That(Report(0.90, null, converged: true).Warnings().Single(), Does.Contain("not be regular"));
    }

    [Test]
    public void Faithful_extractions_do_not_warn_and_name_each_data_set()
    {
        var report = Report(1.0, 0.97, converged: true);
        Assert.That(report.Warnings(), Is.Empty);
        Assert.That(report.Text(), Does.Contain("fidelity on v.tsv 1.0000").And.Contain("fidelity on t.tsv 0.9700"));
        Assert.That(report.Json(0.2)["r_runs"], Is.EqualTo(600L));
    }

    [Test]
    public void The_compact_curve_is_listed_and_says_when_the_chosen_fsa_is_from_it()
    {
        var fsa = Tomita.Dfa(2);
        var other = Tomita.Dfa(1);
        var result = new AutoExtractionResult(fsa, fsa, 3, 0.97, false, 0.96, 100, 6, 0, 0, 600,
            [new KPoint(0, 3, 0.5, 0.97, 40, 30, 9, false)], 0.1)
        { Compact = [new CompactPoint(0, other, 0.9, 0.91), new CompactPoint(0, fsa, 0.97, 0.96)] };
        FsaEvaluation Eval(double f) => new(f, f, 2, 2, 0, 0, []);
        string text = new ExtractionReport(result, fsa, "v.tsv", Eval(0.97), null, null, unminimised: false).Text();
        Assert.That(text, Does.Contain($"states: probe agreement, each length weighted as in the learning strings): {other.StateCount}: 0.9100, {fsa.StateCount}: 0.9600; the chosen FSA is one of them"));
        Assert.That(Report(1.0, null, converged: true).Text(), Does.Not.Contain("compact fits"));
    }

    [TestCase(new[] { 1, 2, 3 }, "up to length 3")]
    [TestCase(new[] { 1 }, "up to length 1")]
    [TestCase(new[] { 5, 6, 7, 8, 9, 10, 11, 12, 13 }, "of length 5–13")]
    [TestCase(new[] { 4 }, "of length 4")]
    [TestCase(new[] { 2, 4, 5, 6 }, "of lengths 2, 4–6")]
    [TestCase(new[] { 1, 2, 4 }, "of lengths 1–2, 4")]
    public void The_probed_lengths_are_named_as_they_are(int[] lengths, string expected)
        => Assert.That(ExtractionReport.Lengths(lengths), Is.EqualTo(expected));

    [Test]
    public void The_probes_line_claims_only_the_lengths_probed_whole()
    {
        var fsa = Tomita.Dfa(1);
        FsaEvaluation Eval(double f) => new(f, f, 2, 2, 0, 0, []);
        ExtractionReport Of(int fromOne, int[] lengths) => new(new AutoExtractionResult(fsa, fsa, 1, 1, true, 1, 100, fromOne, 0, 0, 600,
            [new KPoint(0, 1, 1, 1, 2, 2, 1, true)], 0.1) { ExhaustiveLengths = lengths }, fsa, "v.tsv", Eval(1), null, null, unminimised: false);
        var late = Of(0, [5, 6, 7]);
        Assert.That(late.Text(), Does.Contain("on 100 strings (all strings of length 5–7);"));
        Assert.That(late.Json(0.2)["exhaustive_length"], Is.EqualTo(0));
        Assert.That(late.Json(0.2)["exhaustive_lengths"], Is.EqualTo(new[] { 5, 6, 7 }));
        Assert.That(Of(3, [1, 2, 3]).Text(), Does.Contain("(all strings up to length 3);"));
        Assert.That(Of(0, []).Text(), Does.Contain("on 100 strings; "));
    }

    [TestCase(1.0, "1.0000")]
    [TestCase(0.99995, "0.99995")]
    [TestCase(0.999999, "0.999999")]
    [TestCase(0.99994, "0.9999")]
    [TestCase(0.5, "0.5000")]
    public void A_share_below_one_never_reads_as_one(double x, string expected)
        => Assert.That(ExtractionReport.Share(x), Is.EqualTo(expected));
}
