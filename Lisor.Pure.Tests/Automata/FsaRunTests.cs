using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Automata;

public class FsaRunTests
{
    private static List<LabeledSequence> Data(params string[] lines)
        => lines.Select(l => { var p = l.Split('\t'); return new LabeledSequence(p[0], p[1].Length == 0 ? [] : p[1].Split(' ')); }).ToList();

    [Test]
    public void Missing_transition_goes_dead_by_default_and_stays_with_stay()
    {
        var fsa = Fsa0110.Learn();
        // "0 1 1 0 0": after 0110 (accepting, state 4) there is no '0' edge.
        var data = Data("0\t0 1 1 0 0");
        var dead = new FsaEnsemble([fsa], MissingPolicy.Dead).Score(data);
        var stay = new FsaEnsemble([fsa], MissingPolicy.Stay).Score(data);
        Assert.That(dead.Predictions[0], Is.EqualTo(0), "dead state is not accepting");
        Assert.That(stay.Predictions[0], Is.EqualTo(1), "stay keeps the accepting state");
        Assert.That(dead.MissingTransitions, Is.EqualTo(1));
        Assert.That(stay.MissingTransitions, Is.EqualTo(1));
        Assert.That(dead.Accuracy, Is.EqualTo(1.0));
        Assert.That(stay.Accuracy, Is.EqualTo(0.0));
    }

    [Test]
    public void Dead_state_counts_one_missing_transition_and_stay_counts_each()
    {
        var fsa = Fsa0110.Learn();
        var data = Data("1\t0 1 1 0 0 0 0");
        Assert.That(new FsaEnsemble([fsa], MissingPolicy.Dead).Score(data).MissingTransitions, Is.EqualTo(1));
        Assert.That(new FsaEnsemble([fsa], MissingPolicy.Stay).Score(data).MissingTransitions, Is.EqualTo(3));
    }

    [Test]
    public void Unknown_symbols_are_counted_and_follow_the_policy()
    {
        var fsa = Fsa0110.Learn();
        var data = Data("1\t0 1 x 1 0", "0\t");
        var dead = new FsaEnsemble([fsa], MissingPolicy.Dead).Score(data);
        var stay = new FsaEnsemble([fsa], MissingPolicy.Stay).Score(data);
        Assert.That(dead.UnknownSymbols, Is.EqualTo(1));
        Assert.That(dead.MissingTransitions, Is.EqualTo(0), "an unknown symbol is not a missing transition");
        Assert.That(dead.Predictions, Is.EqualTo(new[] { 0, 0 }));
        Assert.That(stay.Predictions, Is.EqualTo(new[] { 1, 0 }), "stay skips the unknown symbol; the empty sequence ends in S");
    }

    [Test]
    public void Accuracy_and_fidelity_count_agreement_with_labels_and_rnn()
    {
        var fsa = Fsa0110.Learn();
        var data = Data("1\t0 1 1 0", "1\t0 0 0 0", "0\t1 1 1 1", "0\t0 1 1 1");
        var score = new FsaEnsemble([fsa]).Score(data, rnnPredictions: [1, 1, 1, 0]);
        Assert.That(score.Examples, Is.EqualTo(4));
        Assert.That(score.Accuracy, Is.EqualTo(0.75));
        Assert.That(score.Fidelity, Is.EqualTo(0.5));
        Assert.That(new FsaEnsemble([fsa]).Score(data).Fidelity, Is.Null);
    }

    [Test]
    public void Compiled_runs_agree_with_the_plain_FSA_on_random_automata()
    {
        var rng = new Rng(7);
        for (int trial = 0; trial < 20; trial++)
        {
            var fsa = RandomFsa.Make(rng, states: 2 + rng.NextInt(8), symbols: 1 + rng.NextInt(4), density: 0.7);
            foreach (var policy in new[] { MissingPolicy.Dead, MissingPolicy.Stay })
            {
                var compiled = new CompiledFsa(fsa, policy);
                for (int s = 0; s < 30; s++)
                {
                    var tokens = Enumerable.Range(0, rng.NextInt(12)).Select(_ => rng.NextInt(5) == 0 ? "?" : fsa.Alphabet[rng.NextInt(fsa.Alphabet.Count)]).ToArray();
                    var ids = new int[tokens.Length];
                    compiled.Encode(tokens, ids);
                    long missing = 0;
                    Assert.That(fsa.Classes[compiled.Classify(ids, ref missing)], Is.EqualTo(fsa.Classify(tokens, policy)));
                }
            }
        }
    }

    [Test]
    public void Ensemble_answers_the_majority()
    {
        var a = Tomita.Dfa(4); var b = Tomita.Dfa(5); var c = Tomita.Dfa(6);
        var data = Enumerable.Range(0, 64).Select(i => new LabeledSequence("1", Convert.ToString(i, 2).Select(ch => ch.ToString()).ToArray())).ToList();
        var score = new FsaEnsemble([a, b, c]).Score(data);
        for (int i = 0; i < data.Count; i++)
        {
            int votes = new[] { 4, 5, 6 }.Count(n => Tomita.Accepts(n, data[i].Tokens));
            Assert.That(score.Predictions[i], Is.EqualTo(votes >= 2 ? 1 : 0), string.Concat(data[i].Tokens));
        }
    }

    [Test]
    public void Ensemble_ties_go_to_the_earliest_member()
    {
        var accepts1 = Tomita.Dfa(1); // "1 1" accepted
        var accepts2 = Tomita.Dfa(2); // "1 1" rejected
        var data = Data("1\t1 1");
        Assert.That(new FsaEnsemble([accepts1, accepts2]).Score(data).Predictions[0], Is.EqualTo(1));
        Assert.That(new FsaEnsemble([accepts2, accepts1]).Score(data).Predictions[0], Is.EqualTo(0));
        Assert.That(FsaEnsemble.Vote([2, 0, 0, 2, 1], new int[3]), Is.EqualTo(2), "2 and 0 tie with two votes each; member 1 voted 2");
    }

    [Test]
    public void Ensemble_members_with_different_alphabets_encode_separately()
    {
        var a = Tomita.Dfa(4);                                   // Σ = {0, 1}
        var ones = new Fsa(["1"], ["0", "1"], 1, [new FsaState(0, 1, 0)], [new FsaTransition(0, 0, 0, 1)]); // Σ = {1}: accepts 1*
        var data = Data("1\t1 1", "0\t0 1", "1\t0 0 0");
        var score = new FsaEnsemble([ones, a, ones]).Score(data);
        Assert.That(score.UnknownSymbols, Is.EqualTo(2 * (1 + 3)), "'0' is unknown to both copies of the {1} FSA");
        Assert.That(score.Predictions, Is.EqualTo(new[] { 1, 0, 0 }));
        Assert.That(new FsaEnsemble([a]).Score(data).Predictions, Is.EqualTo(new[] { 1, 1, 0 }));
    }

    [Test]
    public void Ensemble_members_must_share_their_classes()
        => Assert.Throws<ArgumentException>(() => new FsaEnsemble([Tomita.Dfa(1),
            new Fsa(["0"], ["a", "b"], 1, [new FsaState(0, 0, 0)], [])]));

    [Test]
    public void Scores_do_not_depend_on_the_thread_count()
    {
        var rng = new Rng(3);
        var fsa = RandomFsa.Make(rng, 12, 3, 0.8);
        var data = Enumerable.Range(0, 2000).Select(i => new LabeledSequence(i % 3 == 0 ? "1" : "0",
            Enumerable.Range(0, rng.NextInt(20)).Select(_ => fsa.Alphabet[rng.NextInt(3)]).ToArray())).ToList();
        int saved = Lisor.Pure.Common.Parallelism.Threads;
        try
        {
            Lisor.Pure.Common.Parallelism.Threads = 1;
            var one = new FsaEnsemble([fsa]).Score(data);
            Lisor.Pure.Common.Parallelism.Threads = 4;
            var four = new FsaEnsemble([fsa]).Score(data);
            Assert.That(four.Predictions, Is.EqualTo(one.Predictions));
            Assert.That((four.Accuracy, four.MissingTransitions), Is.EqualTo((one.Accuracy, one.MissingTransitions)));
        }
        finally { Lisor.Pure.Common.Parallelism.Threads = saved; }
    }
}
