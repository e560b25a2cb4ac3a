using Lisor.Pure.Extraction;

namespace Lisor.Pure.Tests.Extraction;

/// <summary>R = a DFA that answers wrongly on a few given strings: not regular on the data in the small.</summary>
internal sealed class FlippingOracle(IStateOracle inner, HashSet<string> flipped) : IStateOracle
{
    public int Dim => inner.Dim;
    public IReadOnlyList<string> Classes => inner.Classes;
    public int PositiveClass => inner.PositiveClass;
    public (float[] State, int Answer) Initial => inner.Initial;

    public void Run(IReadOnlyList<string[]> strings, float[][] states, int[][] answers)
    {
        inner.Run(strings, states, answers);
        for (int i = 0; i < strings.Count; i++)
            for (int t = 0; t < strings[i].Length; t++)
                if (flipped.Contains(string.Join(",", strings[i][..(t + 1)]))) answers[i][t] = 1 - answers[i][t];
    }

    public int[] Answer(IReadOnlyList<string[]> strings)
    {
        int[] answers = inner.Answer(strings);
        for (int i = 0; i < strings.Count; i++)
            if (flipped.Contains(string.Join(",", strings[i]))) answers[i] = 1 - answers[i];
        return answers;
    }
}
