using System.Text;
using Lisor.Pure.Automata;

namespace Lisor.Pure.Drawing;

/// <summary>Graphviz DOT export of an FSA (for users who have Graphviz; our own drawing is <see cref="FsaSvg"/>):
/// left-to-right, double circles for accepting states (binary tasks), the class under the id of every
/// state when no class is positive, an arrow into the start state, merged parallel edges, the
/// highlighted path in red.</summary>
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
            string label = options.ShowSizes ? $"{q}\\n{fsa.States[q].Size}" : $"{q}";
            if (!fsa.HasPositiveClass) label = $"{q}\\n{Escape(fsa.Classes[fsa.States[q].Label])}" + (options.ShowSizes ? $"\\nn={fsa.States[q].Size}" : "");
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
        w.Append("}\n");
        return w.ToString();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
