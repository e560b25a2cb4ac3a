using Lisor.Pure.Automata;

namespace Lisor.Pure.Drawing;

/// <summary>What an FSA drawing (SVG or DOT) shows beyond states and transitions.</summary>
public sealed record FsaDrawOptions
{
    /// <summary>A sequence whose path from the start is drawn in red (null: none).</summary>
    public IReadOnlyList<string>? Highlight { get; init; }
    /// <summary>Draw one edge per word class ("word class i-j") instead of listing symbols.</summary>
    public bool WordClasses { get; init; }
    /// <summary>Write each state's cluster size under its id.</summary>
    public bool ShowSizes { get; init; }
    /// <summary>What the legend says those numbers count (an FSA from L* has no clusters: its states count the learning prefixes that reach them).</summary>
    public string SizeMeaning { get; init; } = "hidden states clustered into it";
    /// <summary>How the highlighted run goes on where the FSA has no move (the legend says where it ends): the dead state by default.</summary>
    public MissingPolicy Missing { get; init; } = MissingPolicy.Dead;
    /// <summary>At most this many symbols are listed on one merged edge before "…".</summary>
    public int MaxSymbolsPerEdge { get; init; } = 4;
}
