using System.Text;
using Lisor.Pure.Automata;

namespace Lisor.Pure.Drawing;

/// <summary>Graphviz DOT export of an FSA (for users who have Graphviz; our own drawing is <see cref="FsaSvg"/>):
/// left-to-right, double circles for accepting states (binary tasks), the class under the id of every
/// state when no class is positive, an arrow into the start state, merged parallel edges, the
/// highlighted path in red, and the SVG's legend as the graph's label.</summary>
public static class FsaDot
{
    /// <summary>The FSA as Graphviz DOT text.</summary>
    public static string ToDot(Fsa fsa, FsaDrawOptions? options = null)
    {
        options ??= new FsaDrawOptions();
        var edges = FsaEdges.Of(fsa, options, out bool[] onPath);
        var w = new StringBuilder();
        w.Append("digraph fsa {\n  rankdir=LR;\n  node [shape=circle, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\"];\n");
        w.Append("  __start [shape=point, width=0.08];\n");
        for (int q = 0; q < fsa.StateCount; q++)
        {
            string label = options.ShowSizes && fsa.States[q].Size > 0 ? $"{q}\\n{fsa.States[q].Size}" : $"{q}";
            // As in the SVG: with more than two classes the class goes under the id, the size only in the JSON.
            if (!fsa.HasPositiveClass) label = $"{q}\\n{Escape(fsa.Classes[fsa.States[q].Label])}";
            string shape = fsa.IsAccepting(q) ? "doublecircle" : "circle";
            string color = onPath[q] ? ", color=red, fontcolor=red" : "";
            w.Append($"  {q} [label=\"{label}\", shape={shape}{color}];\n");
        }
        w.Append("  __start -> 0;\n");
        foreach (var e in edges)
        {
            string color = e.Highlighted ? ", color=red, fontcolor=red, penwidth=2" : "";
            w.Append($"  {e.From} -> {e.To} [label=\"{Escape(e.Label)}\"{color}];\n");
        }
        // The legend, as in the SVG: what a double circle and the number under an id mean.
        var legend = FsaSvg.Legend(fsa, options);
        if (legend.Count > 0)
            w.Append($"  label=\"{string.Join("\\n", legend.Select(Escape))}\";\n  fontname=\"Helvetica\";\n  fontsize=10;\n");
        w.Append("}\n");
        return w.ToString();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
