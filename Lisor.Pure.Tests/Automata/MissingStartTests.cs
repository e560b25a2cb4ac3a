using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Automata;

/// <summary>The `start` policy: a missing transition or unknown symbol sends the run back to the start state S.</summary>
public class MissingStartTests
{
    private static List<LabeledSequence> Data(params string[] lines)
        => lines.Select(l => { var p = l.Split('\t'); return new LabeledSequence(p[0], p[1].Length == 0 ? [] : p[1].Split(' ')); }).ToList();

    [Test]
    public void Start_policy_restarts_the_run_after_a_missing_transition()
    {
        var fsa = Fsa0110.Learn();
        // 0110 then no '0' edge out of the accepting state: back to S (that '0' is consumed), then "0 1 1 0" is accepted.
        Assert.That(fsa.Classify(["0", "1", "1", "0", "0", "0", "1", "1", "0"], MissingPolicy.Start), Is.EqualTo("1"));
        Assert.That(fsa.Classify(["0", "1", "1", "0", "0", "0", "1", "1", "0"], MissingPolicy.Dead), Is.EqualTo("0"));
        Assert.That(fsa.Classify(["0", "1", "1", "0", "0", "1", "1", "0"], MissingPolicy.Start), Is.EqualTo("0"), "the restart consumes the symbol that had no move");
        // Ending right after the restart ends in S, which never accepts.
        Assert.That(fsa.Classify(["0", "1", "1", "0", "0"], MissingPolicy.Start), Is.EqualTo("0"));
        var score = new FsaEnsemble([fsa], MissingPolicy.Start).Score(Data("1\t0 1 1 0 0 0 1 1 0", "0\tx 1"));
        Assert.That(score.Predictions, Is.EqualTo(new[] { 1, 0 }));
        Assert.That(score.MissingTransitions, Is.EqualTo(1), "only the '0' out of the accepting state is missing; 0 then 0 1 1 0 follows δ");
        Assert.That(score.UnknownSymbols, Is.EqualTo(1));
    }

    [Test]
    public void Compiled_run_and_completion_agree_with_the_reference_run_under_start()
    {
        var rng = new Rng(19);
        for (int trial = 0; trial < 20; trial++)
        {
            var fsa = RandomFsa.Make(rng, states: 2 + rng.NextInt(8), symbols: 1 + rng.NextInt(4), density: 0.6);
            var compiled = new CompiledFsa(fsa, MissingPolicy.Start);
            var complete = FsaTransforms.Complete(fsa, MissingPolicy.Start);
            Assert.That(complete.IsComplete && complete.StateCount == fsa.StateCount, "start completion adds no state");
            var minimal = Minimiser.Minimise(fsa, MissingPolicy.Start).Minimal;
            for (int s = 0; s < 30; s++)
            {
                var tokens = Enumerable.Range(0, rng.NextInt(12)).Select(_ => fsa.Alphabet[rng.NextInt(fsa.Alphabet.Count)]).ToArray();
                var ids = new int[tokens.Length];
                compiled.Encode(tokens, ids);
                long missing = 0;
                string expected = fsa.Classify(tokens, MissingPolicy.Start);
                Assert.That(fsa.Classes[compiled.Classify(ids, ref missing)], Is.EqualTo(expected));
                Assert.That(complete.Classify(tokens, MissingPolicy.Dead), Is.EqualTo(expected), "the completed FSA needs no policy");
                Assert.That(minimal.Classify(tokens, MissingPolicy.Start), Is.EqualTo(expected), "minimising under start keeps the language");
            }
            Assert.That(Equivalence.Check(fsa, complete, MissingPolicy.Start).Equivalent, Is.True);
        }
    }

    [Test]
    public void Classify_command_accepts_missing_start()
    {
        string dir = CliRunner.TempDir();
        string fsaPath = Path.Combine(dir, "fsa.json");
        FsaJson.Save(Fsa0110.Learn(), fsaPath);
        string data = Path.Combine(dir, "d.tsv");
        Tsv.Write(data, Data("0\t0 1 1 0 0", "1\t0 1 1 0 0 0 1 1 0", "0\t2 1"));
        var r = CliRunner.Run("classify", "--fsa", fsaPath, "--data", data, "--missing", "start", "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        Assert.That(r.Json().GetProperty("accuracy").GetDouble(), Is.EqualTo(1.0));
        var bad = CliRunner.Run("classify", "--fsa", fsaPath, "--data", data, "--missing", "restart");
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.Err.Trim(), Does.StartWith("error:").And.Contain("--missing"));
    }
}
