using System.Text;
using Lisor.Pure.Common;

namespace Lisor.Pure.Automata;

/// <summary>
/// FSA files, format <c>lisor-fsa</c> version 1 (docs/cli.md): one JSON object with
/// <c>format</c>, <c>version</c>, <c>alphabet</c>, <c>classes</c>, <c>positive</c>, <c>start</c> (0),
/// <c>states</c> (id, start, label, accepting, size), <c>transitions</c> (from, symbol, to, count) and,
/// our extension, <c>dropped</c>: the observed moves the learner did not keep (same fields). Writers
/// put one state or transition per line. Readers check every rule and report the first broken one
/// as an <see cref="InputException"/> with file and line; unknown keys are ignored (room to extend).
/// Version 2 is version 1 for FSAs without a positive class (any number of classes): <c>positive</c> is
/// null and states have no <c>accepting</c> key. An FSA with a positive class is always written as
/// version 1, so binary files are the same bytes as before version 2 existed; readers take both.
/// </summary>
public static class FsaJson
{
    /// <summary>The "format" field of every FSA file.</summary>
    public const string Format = "lisor-fsa";
    /// <summary>The version written for FSAs with a positive class (binary tasks).</summary>
    public const int Version = 1;
    /// <summary>The version written for FSAs without one: <c>positive</c> null, no <c>accepting</c>.</summary>
    public const int VersionNoPositive = 2;

    /// <summary>Writes <paramref name="fsa"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save(Fsa fsa, string path) => AtomicFile.WriteAllText(path, ToJson(fsa));

    /// <summary>The file text of <paramref name="fsa"/>.</summary>
    public static string ToJson(Fsa fsa)
    {
        static string S(string s) => JsonText.Quote(s);
        static string List(IEnumerable<string> xs) => "[" + string.Join(", ", xs.Select(S)) + "]";
        var w = new StringBuilder();
        w.Append("{\n");
        bool binary = fsa.HasPositiveClass;
        w.Append($"  \"format\": {S(Format)}, \"version\": {(binary ? Version : VersionNoPositive)},\n");
        w.Append($"  \"alphabet\": {List(fsa.Alphabet)},\n");
        w.Append($"  \"classes\": {List(fsa.Classes)},\n");
        w.Append($"  \"positive\": {(binary ? S(fsa.Classes[fsa.PositiveClass]) : "null")},\n");
        w.Append($"  \"start\": {Fsa.Start},\n");
        w.Append("  \"states\": [\n");
        for (int q = 0; q < fsa.StateCount; q++)
        {
            var st = fsa.States[q];
            string start = q == Fsa.Start ? "\"start\": true, " : "";
            string accepting = binary ? $"\"accepting\": {(fsa.IsAccepting(q) ? "true" : "false")}, " : "";
            w.Append($"    {{\"id\": {q}, {start}\"label\": {S(fsa.Classes[st.Label])}, {accepting}\"size\": {st.Size}}}");
            w.Append(q + 1 < fsa.StateCount ? ",\n" : "\n");
        }
        w.Append("  ],\n");
        void Transitions(string key, IReadOnlyList<FsaTransition> ts, bool last)
        {
            w.Append($"  \"{key}\": [");
            for (int i = 0; i < ts.Count; i++)
            {
                var t = ts[i];
                w.Append(i == 0 ? "\n" : ",\n");
                w.Append($"    {{\"from\": {t.From}, \"symbol\": {S(fsa.Alphabet[t.Symbol])}, \"to\": {t.To}, \"count\": {t.Count}}}");
            }
            w.Append(ts.Count > 0 ? "\n  ]" : "]");
            w.Append(last ? "\n" : ",\n");
        }
        Transitions("transitions", fsa.Transitions, last: false);
        Transitions("dropped", fsa.Dropped, last: true);
        w.Append("}\n");
        return w.ToString();
    }

    /// <summary>Reads and validates an FSA file.</summary>
    public static Fsa Load(string path)
    {
        if (Directory.Exists(path)) throw new InputException(path, 0, "is a directory, expected an FSA .json file");
        if (!File.Exists(path)) throw new InputException(path, 0, "no such file");
        FileKind.Require(path, FileKind.Kind.Fsa, "an FSA");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Validates FSA file text; <paramref name="file"/> names it in errors.</summary>
    public static Fsa Parse(string text, string file = "<fsa>") => Parse(new UTF8Encoding(false).GetBytes(text), file);

    /// <summary>Validates FSA file bytes (UTF-8); <paramref name="file"/> names it in errors.</summary>
    public static Fsa Parse(byte[] utf8, string file)
    {
        var root = LocatedJson.Parse(utf8, file);
        root.Object("the file");
        string format = root.Required("format", "the file").String("'format'");
        if (format != Format) throw root.Required("format", "").Error($"'format' is {Excerpt.DoubleQuoted(format)}, expected \"{Format}\"");
        var version = root.Required("version", "the file");
        int fileVersion = version.Int("'version'");
        if (fileVersion != Version && fileVersion != VersionNoPositive)
            throw version.Error($"'version' {fileVersion} is not supported (this reader knows versions {Version} and {VersionNoPositive})");

        string[] alphabet = Names(root.Required("alphabet", "the file"), "'alphabet'", "symbol", noSpaces: true);
        string[] classes = Names(root.Required("classes", "the file"), "'classes'", "class", noSpaces: false);
        if (classes.Length == 0) throw root.Required("classes", "").Error("'classes' is empty");
        var positiveNode = root.Required("positive", "the file");
        int positive = -1;
        if (fileVersion == Version || !(positiveNode.Kind == System.Text.Json.JsonValueKind.Null))
        {
            positive = Array.IndexOf(classes, positiveNode.String(fileVersion == Version ? "'positive'" : "'positive' (a class name or null)"));
            if (positive < 0) throw positiveNode.Error($"'positive' class {Excerpt.DoubleQuoted(positiveNode.String(""))} is not in 'classes'");
        }
        var startNode = root.Required("start", "the file");
        if (startNode.Int("'start'") != Fsa.Start) throw startNode.Error($"'start' must be 0 (the start state is state 0), got {startNode.Int("")}");

        var stateNodes = root.Required("states", "the file").Array("'states'");
        if (stateNodes.Count == 0) throw root.Required("states", "").Error("'states' is empty: state 0 (the start state) is required");
        var states = new FsaState[stateNodes.Count];
        for (int i = 0; i < stateNodes.Count; i++)
        {
            var node = stateNodes[i];
            string what = $"states[{i}]";
            node.Object(what);
            int id = node.Required("id", what).Int($"{what}.id");
            if (id != i) throw node.Error($"{what} has id {id}; ids must be 0 … {stateNodes.Count - 1} in order");
            var startFlag = node.Optional("start");
            if (i == 0 && startFlag is not null && !startFlag.Bool($"{what}.start")) throw startFlag.Error("state 0 is the start state, but says \"start\": false");
            if (i > 0 && startFlag is not null && startFlag.Bool($"{what}.start")) throw startFlag.Error($"state {i} says \"start\": true, but the start state is 0");
            var labelNode = node.Required("label", what);
            int label = Array.IndexOf(classes, labelNode.String($"{what}.label"));
            if (label < 0) throw labelNode.Error($"state {i}'s label {Excerpt.DoubleQuoted(labelNode.String(""))} is not in 'classes'");
            var acceptingNode = positive >= 0 ? node.Required("accepting", what) : node.Optional("accepting");
            if (positive < 0)
            {
                if (acceptingNode is not null && acceptingNode.Bool($"{what}.accepting"))
                    throw acceptingNode.Error($"state {i} says \"accepting\": true, but the FSA has no positive class");
            }
            else if (acceptingNode!.Bool($"{what}.accepting") != (label == positive))
                throw acceptingNode.Error($"state {i} has label {Excerpt.DoubleQuoted(classes[label])} but \"accepting\": {(label == positive ? "false" : "true")} (accepting means labelled {Excerpt.DoubleQuoted(classes[positive])})");
            int size = node.Required("size", what).Int($"{what}.size", min: 0);
            states[i] = new FsaState(i, label, size);
        }

        var symbolIndex = alphabet.Select((s, a) => (s, a)).ToDictionary(p => p.s, p => p.a, StringComparer.Ordinal);
        var kept = Transitions(root.Optional("transitions") ?? throw root.Error("the file has no 'transitions'"), "transitions", states.Length, symbolIndex);
        var keptAt = new Dictionary<(int, int), FsaTransition>();
        foreach (var (t, node) in kept)
            if (!keptAt.TryAdd((t.From, t.Symbol), t))
                throw node.Error($"a second transition from state {t.From} on {Excerpt.DoubleQuoted(alphabet[t.Symbol])} (at most one per (from, symbol))");
        var droppedNode = root.Optional("dropped");
        var dropped = droppedNode is null ? [] : Transitions(droppedNode, "dropped", states.Length, symbolIndex);
        var seenDropped = new HashSet<(int, int, int)>();
        foreach (var (t, node) in dropped)
        {
            if (!keptAt.TryGetValue((t.From, t.Symbol), out var winner))
                throw node.Error($"dropped move from state {t.From} on {Excerpt.DoubleQuoted(alphabet[t.Symbol])} has no kept transition that beat it");
            if (winner.To == t.To) throw node.Error($"dropped move {t.From} → {t.To} on {Excerpt.DoubleQuoted(alphabet[t.Symbol])} is the kept transition");
            if (t.Count > winner.Count) throw node.Error($"dropped move {t.From} → {t.To} on {Excerpt.DoubleQuoted(alphabet[t.Symbol])} was seen more often ({t.Count}) than the kept one ({winner.Count})");
            if (!seenDropped.Add((t.From, t.Symbol, t.To))) throw node.Error($"dropped move {t.From} → {t.To} on {Excerpt.DoubleQuoted(alphabet[t.Symbol])} is listed twice");
        }
        return new Fsa(alphabet, classes, positive, states, kept.Select(k => k.T), dropped.Select(d => d.T));
    }

    private static string[] Names(LocatedJson node, string what, string kind, bool noSpaces)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in node.Array(what))
        {
            string s = item.String($"every {kind} in {what}");
            if (s.Length == 0) throw item.Error($"{what} contains an empty {kind}");
            if (noSpaces && s.Any(char.IsWhiteSpace)) throw item.Error($"{kind} {Excerpt.DoubleQuoted(s)} contains white space (tokens are separated by spaces)");
            if (!noSpaces && LabelProblem(s) is string problem)
                throw item.Error($"{kind} {Excerpt.DoubleQuoted(s)} {problem} (a class is written as the label of a 'label<TAB>tokens' line)");
            if (!seen.Add(s)) throw item.Error($"{kind} {Excerpt.DoubleQuoted(s)} appears twice in {what}");
            names.Add(s);
        }
        return names.ToArray();
    }

    // A class name is what `classify --predictions` writes as the label of a sequence-file line, so it must read back
    // as one: no TAB or line break in it, no white space around it, no '#' first (that line would be a comment).
    private static string? LabelProblem(string name)
        => name.AsSpan().IndexOfAny('\t', '\r', '\n') >= 0 ? "contains a TAB or a line break"
         : name.Trim().Length != name.Length ? "has white space around it"
         : name[0] == '#' ? "starts with '#'"
         : null;

    private static List<(FsaTransition T, LocatedJson Node)> Transitions(LocatedJson list, string key, int stateCount,
                                                                         Dictionary<string, int> symbolIndex)
    {
        var result = new List<(FsaTransition, LocatedJson)>();
        var items = list.Array($"'{key}'");
        for (int i = 0; i < items.Count; i++)
        {
            var node = items[i];
            string what = $"{key}[{i}]";
            node.Object(what);
            int from = node.Required("from", what).Int($"{what}.from");
            if ((uint)from >= (uint)stateCount) throw node.Error($"{what}: 'from' state {from} does not exist (states are 0 … {stateCount - 1})");
            var symbolNode = node.Required("symbol", what);
            string symbol = symbolNode.String($"{what}.symbol");
            if (!symbolIndex.TryGetValue(symbol, out int a)) throw symbolNode.Error($"{what}: symbol {Excerpt.DoubleQuoted(symbol)} is not in 'alphabet'");
            int to = node.Required("to", what).Int($"{what}.to");
            if ((uint)to >= (uint)stateCount) throw node.Error($"{what}: 'to' state {to} does not exist (states are 0 … {stateCount - 1})");
            int count = node.Required("count", what).Int($"{what}.count", min: 0);
            result.Add((new FsaTransition(from, a, to, count), node));
        }
        return result;
    }
}
