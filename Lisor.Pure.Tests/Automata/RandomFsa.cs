using Lisor.Pure.Automata;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Tests.Automata;

/// <summary>Random FSAs for property tests: symbols "0" … "m−1", labels "0"/"1", each (state, symbol)
/// has a transition with probability <c>density</c>.</summary>
internal static class RandomFsa
{
    public static Fsa Make(Rng rng, int states, int symbols, double density)
    {
        var st = Enumerable.Range(0, states).Select(q => new FsaState(q, rng.NextInt(2), rng.NextInt(50))).ToArray();
        var ts = new List<FsaTransition>();
        for (int q = 0; q < states; q++)
            for (int a = 0; a < symbols; a++)
                if (rng.NextDouble() < density) ts.Add(new FsaTransition(q, a, rng.NextInt(states), 1 + rng.NextInt(20)));
        return new Fsa(Enumerable.Range(0, symbols).Select(a => a.ToString()).ToArray(), ["0", "1"], 1, st, ts);
    }
}
