using Lisor.Pure.Automata;
using Lisor.Pure.Data;
using Lisor.Pure.Experiments;

namespace Lisor.Pure.Tests.Experiments;

/// <summary>The default row's entry counts the states an FSA reaches after the first symbol, as the paper's k counts clusters.</summary>
public class DefaultRowTests
{
    [TestCase(1, 2)]   // 1*: the start (reached again on 1) and the dead state
    [TestCase(4, 4)]   // no 000: 0, 1 or 2 trailing zeros, and dead — the task 000 floor
    [TestCase(2, 3)]   // (10)*: start (after 10), after 1, dead
    public void States_after_the_first_symbol_count_the_dead_state_and_the_start_only_when_reached_again(int grammar, int expected)
    {
        var minimal = Minimiser.Minimise(Tomita.Dfa(grammar)).Minimal;
        Assert.That(DefaultRow.StatesAfterFirstSymbol(minimal), Is.EqualTo(expected));
    }

    [Test]
    public void The_exact_0110_automaton_needs_five_states_after_the_first_symbol()
    {
        // 0 → 01 → 011 → 0110 (accepting), everything else dead: the start is never reached again.
        var states = Enumerable.Range(0, 5).Select(i => new FsaState(i, i == 4 ? 1 : 0, 0)).ToArray();
        var moves = new[] { new FsaTransition(0, 0, 1, 1), new FsaTransition(1, 1, 2, 1), new FsaTransition(2, 1, 3, 1), new FsaTransition(3, 0, 4, 1) };
        var fsa = new Fsa(["0", "1"], ["0", "1"], 1, states, moves);
        Assert.That(DefaultRow.StatesAfterFirstSymbol(Minimiser.Minimise(fsa).Minimal), Is.EqualTo(5));
    }
}
