namespace Lisor.Pure.Experiments;

/// <summary>
/// The numbers reported by Hou &amp; Zhou (arXiv 1810.10708), as data, so reports can print "paper"
/// beside "ours" (docs/method.md §6). Cells and methods are keyed by the CLI's ids: cells
/// mgu, srn, gru, lstm; methods kmeans (the paper's LISOR-k) and kmeansx (LISOR-x).
/// Only averages over the paper's 5 trials are kept.
/// </summary>
internal static class PaperNumbers
{
    /// <summary>The cells in the paper's column order.</summary>
    public static IReadOnlyList<string> Cells { get; } = ["mgu", "srn", "gru", "lstm"];

    /// <summary>The extraction methods in the paper's order.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["kmeans", "kmeansx"];

    /// <summary>The paper's name of a method id: kmeans → LISOR-k, kmeansx → LISOR-x.</summary>
    public static string MethodName(string method) => Normalize(method) switch
    {
        "kmeans" => "LISOR-k",
        "kmeansx" => "LISOR-x",
        _ => throw new ArgumentException($"unknown method '{method}' (expected kmeans or kmeansx)"),
    };

    /// <summary>The paper's name of a cell id (upper case: MGU, SRN, GRU, LSTM).</summary>
    public static string CellName(string cell) => Normalize(cell).ToUpperInvariant();

    /// <summary>Table II, task 0110: average smallest k whose FSA reaches test accuracy 1.0 (k = 2…64, 65 = never).</summary>
    public static PaperSmallestK Table2 { get; } = new("II", "0110", 1.0, 2, 64, new Dictionary<(string, string), double>
    {
        [("kmeans", "mgu")] = 6, [("kmeans", "srn")] = 11, [("kmeans", "gru")] = 11.4, [("kmeans", "lstm")] = 14.6,
        [("kmeansx", "mgu")] = 6, [("kmeansx", "srn")] = 10.6, [("kmeansx", "gru")] = 19.6, [("kmeansx", "lstm")] = 25.2,
    });

    /// <summary>Table III, task 000: average smallest k whose FSA reaches test accuracy 0.7 (k = 2…200, 201 = never).</summary>
    public static PaperSmallestK Table3 { get; } = new("III", "000", 0.7, 2, 200, new Dictionary<(string, string), double>
    {
        [("kmeans", "mgu")] = 13.6, [("kmeans", "srn")] = 72.2, [("kmeans", "gru")] = 159.4, [("kmeans", "lstm")] = 31.8,
        [("kmeansx", "mgu")] = 12.2, [("kmeansx", "srn")] = 56.2, [("kmeansx", "gru")] = 157.2, [("kmeansx", "lstm")] = 34.4,
    });

    /// <summary>The paper's MGU test accuracy on task 000 (the RNN itself, not its FSA).</summary>
    public const double Task000MguAccuracy = 0.848;

    /// <summary>Table IV, sentiment (k = 2): RNN accuracy and FSA accuracy (average of 5 / ensemble) per cell, in the paper's order.</summary>
    public static IReadOnlyList<PaperSentimentAccuracy> Table4 { get; } =
    [
        new("mgu", 0.818, 0.701, 0.740, 0.740, 0.850),
        new("srn", 0.647, 0.604, 0.635, 0.592, 0.615),
        new("gru", 0.811, 0.662, 0.660, 0.699, 0.780),
        new("lstm", 0.720, 0.669, 0.750, 0.669, 0.755),
    ];

    /// <summary>Table IV's row for a cell.</summary>
    public static PaperSentimentAccuracy Sentiment(string cell)
        => Table4.FirstOrDefault(r => r.Cell == Normalize(cell)) ?? throw new ArgumentException($"unknown cell '{cell}' (expected mgu, srn, gru or lstm)");

    private static readonly Dictionary<(string, string), double> Fidelity = new()
    {
        [("kmeans", "mgu")] = 0.749, [("kmeansx", "mgu")] = 0.778,
        [("kmeans", "srn")] = 0.729, [("kmeansx", "srn")] = 0.719,
        [("kmeans", "gru")] = 0.721, [("kmeansx", "gru")] = 0.746,
        [("kmeans", "lstm")] = 0.751, [("kmeansx", "lstm")] = 0.753,
    };

    /// <summary>Table V, sentiment (k = 2): fidelity of the FSA to its RNN.</summary>
    public static double Table5Fidelity(string method, string cell)
        => Fidelity.TryGetValue((Normalize(method), Normalize(cell)), out double v) ? v
           : throw new ArgumentException($"no paper fidelity for method '{method}', cell '{cell}'");

    internal static string Normalize(string id) => id.Trim().ToLowerInvariant() switch
    {
        "lisor-k" => "kmeans",
        "lisor-x" => "kmeansx",
        var s => s,
    };
}

/// <summary>One of the paper's smallest-k tables (II or III).</summary>
/// <param name="Table">Roman numeral of the table in the paper.</param>
/// <param name="Task">The task id (0110 or 000).</param>
/// <param name="Target">Test accuracy the FSA must reach.</param>
/// <param name="KMin">Smallest k tried.</param>
/// <param name="KMax">Largest k tried; a trial that never reaches the target counts as KMax + 1.</param>
/// <param name="Averages">(method, cell) → average smallest k over 5 trials.</param>
internal sealed record PaperSmallestK(string Table, string Task, double Target, int KMin, int KMax,
                                   IReadOnlyDictionary<(string Method, string Cell), double> Averages)
{
    /// <summary>The value counted for a trial that never reaches the target.</summary>
    public int Never => KMax + 1;

    /// <summary>Average smallest k for a method and cell (ids or the paper's names, any case).</summary>
    public double Average(string method, string cell)
        => Averages.TryGetValue((PaperNumbers.Normalize(method), PaperNumbers.Normalize(cell)), out double v) ? v
           : throw new ArgumentException($"Table {Table} has no method '{method}', cell '{cell}'");
}

/// <summary>One row of the paper's Table IV: sentiment accuracy of the RNN and of its FSAs (k = 2).</summary>
/// <param name="Cell">Cell id.</param>
/// <param name="Rnn">Test accuracy of the RNN itself.</param>
/// <param name="KAverage">LISOR-k: average accuracy of the 5 FSAs.</param>
/// <param name="KEnsemble">LISOR-k: accuracy of the 5 FSAs' majority vote.</param>
/// <param name="XAverage">LISOR-x: average accuracy of the 5 FSAs.</param>
/// <param name="XEnsemble">LISOR-x: accuracy of the 5 FSAs' majority vote.</param>
internal sealed record PaperSentimentAccuracy(string Cell, double Rnn, double KAverage, double KEnsemble, double XAverage, double XEnsemble);
