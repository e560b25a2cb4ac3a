using Lisor.Pure.Cells;
using Lisor.Pure.Common;

namespace Lisor.Pure.Training;

/// <summary>
/// The `check` command's network rows: for every cell, the whole network's gradient (embedding,
/// two stacked layers, head, ragged lengths with an empty sequence) against central finite
/// differences of the mean loss. Error = max over parameters of |numeric − analytic| / (0.01 + |numeric| + |analytic|).
/// </summary>
public sealed class NetworkSelfCheck : ISelfCheck
{
    public string Area => "network";

    public IEnumerable<SelfCheckResult> Run()
    {
        foreach (var kind in RecurrentCell.Kinds)
            yield return new SelfCheckResult(Area, $"{kind} embedding + 2 layers + head", "V=4 X=3 H=4 C=3 T≤5",
                WorstGradientError(kind), 2e-2);
    }

    /// <summary>The worst relative error of the network's backward for cell <paramref name="kind"/> (<see cref="NetworkGradientCheck"/>).</summary>
    public static double WorstGradientError(string kind)
    {
        var (net, p, data) = NetworkGradientCheck.TinyNetwork(kind, InputKind.Embedding, layers: 2, hidden: 4, NetworkGradientCheck.Sequences);
        return NetworkGradientCheck.Run(net, p, data).Worst;
    }
}
