using System.Globalization;
using Lisor.Pure.Common;
using Lisor.Pure.Sequences;
using Lisor.Pure.Training;

namespace Lisor.Pure.Cli;

/// <summary>
/// Refuses training sizes that cannot fit, before anything is allocated, naming the options. Each size is
/// allowed alone, but they multiply: a network of L layers of H units holds at least
/// P ≥ (L − 1)·H² + H·X + H·C parameters (every cell has a recurrent or stacked H × H block per layer;
/// X = input size, C = classes). Training keeps the weights, the gradient, one gradient per shard and
/// Adam's two moments — at least 5·P floats — plus the hidden states of a batch,
/// 2·L·B·T·H floats (forward and backward, T = the longest sequence). P must also fit one .NET array.
/// The estimate is a lower bound, so only sizes that surely fail are refused.
/// </summary>
internal static class TrainingMemory
{
    /// <summary>Throws an <see cref="InputException"/> naming --hidden, --layers, --embed, --batch when
    /// training <paramref name="o"/> on <paramref name="train"/> cannot fit.</summary>
    public static void Check(TrainingOptions o, IReadOnlyList<LabeledSequence> train)
        => Check(o, train, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>The check against a given amount of available memory (bytes; 0 = unknown).</summary>
    internal static void Check(TrainingOptions o, IReadOnlyList<LabeledSequence> train, double available)
    {
        double h = o.Hidden, layers = o.Layers, batch = Math.Min(o.Batch, train.Count);
        double input = o.Embed > 0 ? o.Embed : 1, classes = 2;
        double longest = train.Count == 0 ? 1 : train.Max(e => Math.Max(1, e.Tokens.Length));
        double embedding = o.Embed > 0 ? (double)o.Embed * train.SelectMany(e => e.Tokens).Distinct().Count() : 0;
        double parameters = (layers - 1) * h * h + h * input + h * classes + embedding;
        string sizes = $"--hidden {o.Hidden} with --layers {o.Layers}" + (o.Embed > 0 ? $" and --embed {o.Embed}" : "");
        if (parameters > Array.MaxLength)
            throw new InputException($"options {sizes}: the network would have at least {Count(parameters)} parameters, " +
                                     $"more than one buffer can hold ({Count(Array.MaxLength)}); use fewer hidden units or layers");
        double bytes = 4 * (5 * parameters + 2 * layers * batch * longest * h);
        if (available > 0 && bytes > available)   // (0: the runtime could not tell; the buffer limit above still holds)
            throw new InputException($"options {sizes} and --batch {o.Batch}: training needs at least {Size(bytes)} of memory, " +
                                     $"but {Size(available)} is available; use fewer hidden units, layers or a smaller batch");
    }

    private static string Count(double n) => n.ToString("0.###E+0", CultureInfo.InvariantCulture);

    private static string Size(double bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB", "PB"];
        int u = 0;
        while (bytes >= 1024 && u < units.Length - 1) { bytes /= 1024; u++; }
        return bytes.ToString("0.#", CultureInfo.InvariantCulture) + " " + units[u];
    }
}
