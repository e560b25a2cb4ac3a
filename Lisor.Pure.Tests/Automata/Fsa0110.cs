using Lisor.Pure.Automata;

namespace Lisor.Pure.Tests.Automata;

/// <summary>The paper's task 0110: the 16 distinct length-4 strings and a hand-built 6-cluster
/// clustering whose FSA recognises 0110 — the test fixture several test classes share.</summary>
internal static class Fsa0110
{
    /// <summary>All 16 strings of length 4 over {0, 1}, in binary order.</summary>
    public static string[][] Strings { get; } =
        Enumerable.Range(0, 16).Select(i => Convert.ToString(i, 2).PadLeft(4, '0').Select(c => c.ToString()).ToArray()).ToArray();

    /// <summary>Cluster of a prefix: 0 "0", 1 "01", 2 "011", 3 "0110" (positive), 4 "1", 5 anything else.</summary>
    public static int ClusterOf(string prefix) => prefix switch
    {
        "0" => 0, "01" => 1, "011" => 2, "0110" => 3, "1" => 4, _ => 5,
    };

    public static int[][] Clusters { get; } =
        Strings.Select(s => Enumerable.Range(1, s.Length).Select(t => ClusterOf(string.Concat(s.Take(t)))).ToArray()).ToArray();

    /// <summary>Cluster 3 (state 4) predicts class "1"; the others "0".</summary>
    public static int[] Labels { get; } = [0, 0, 0, 1, 0, 0];

    public static Fsa Learn() => FsaLearner.Learn(Strings, Clusters, 6, Labels, ["0", "1"], positiveClass: 1);

    public static string Label(string[] s) => string.Concat(s) == "0110" ? "1" : "0";
}
