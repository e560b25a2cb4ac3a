using Lisor.Pure.Common;

namespace Lisor.Pure.Sequences;

/// <summary>
/// The symbols a model knows, each with an id. Id 0 is always <see cref="Unknown"/> ("&lt;unk&gt;"),
/// which every symbol outside the vocabulary maps to. Built from training data: symbols seen at least
/// minCount times, most frequent first (ties in ordinal order), so ids are deterministic.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The symbol standing for every unknown one.</summary>
    public const string Unknown = "<unk>";
    /// <summary>Id of <see cref="Unknown"/>.</summary>
    public const int UnknownId = 0;

    private readonly string[] _symbols;
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _idsOfText;   // the same, looked up by a span
    // The id of every one-character symbol below U+0080 (UnknownId where there is none): the tasks' alphabets
    // ("0", "1", "a", "b", …) are looked up here, without hashing — the same ids as the dictionary.
    private readonly int[] _asciiIds = new int[128];

    private Vocabulary(string[] symbols)
    {
        _symbols = symbols;
        _ids = new Dictionary<string, int>(symbols.Length, StringComparer.Ordinal);
        for (int i = 0; i < symbols.Length; i++)
        {
            if (!_ids.TryAdd(symbols[i], i)) throw new InputException($"vocabulary: symbol {Excerpt.Quoted(symbols[i])} appears twice");
            if (symbols[i].Length == 1 && symbols[i][0] < 128) _asciiIds[symbols[i][0]] = i;
        }
        _idsOfText = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Every symbol by id (index 0 is &lt;unk&gt;).</summary>
    public IReadOnlyList<string> Symbols => _symbols;
    /// <summary>Number of ids, &lt;unk&gt; included.</summary>
    public int Count => _symbols.Length;
    /// <summary>The symbol of an id.</summary>
    public string this[int id] => _symbols[id];

    /// <summary>The id of <paramref name="symbol"/>, or <see cref="UnknownId"/>.</summary>
    public int IdOf(string symbol) => IdOf(symbol.AsSpan());

    /// <summary>The id of the symbol spelled <paramref name="symbol"/>, or <see cref="UnknownId"/> (nothing allocated).</summary>
    public int IdOf(ReadOnlySpan<char> symbol)
    {
        if (symbol.Length == 1 && symbol[0] < 128) return _asciiIds[symbol[0]];
        return _idsOfText.TryGetValue(symbol, out int id) ? id : UnknownId;
    }

    /// <summary>True when <paramref name="symbol"/> has its own id.</summary>
    public bool Contains(string symbol) => _ids.ContainsKey(symbol);

    /// <summary>The vocabulary of <paramref name="data"/>: symbols occurring at least <paramref name="minCount"/> times.</summary>
    public static Vocabulary Build(IEnumerable<LabeledSequence> data, int minCount = 1)
    {
        if (minCount < 1) throw new InputException($"the minimum symbol count must be ≥ 1, got {minCount}");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in data)
            foreach (var t in e.Tokens)
                counts[t] = counts.GetValueOrDefault(t) + 1;
        counts.Remove(Unknown);
        var kept = counts.Where(p => p.Value >= minCount)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key);
        return new Vocabulary([Unknown, .. kept]);
    }

    /// <summary>A vocabulary with exactly these symbols; the first must be &lt;unk&gt;.</summary>
    public static Vocabulary FromSymbols(IReadOnlyList<string> symbols)
    {
        if (symbols.Count == 0 || symbols[0] != Unknown) throw new InputException($"vocabulary: the first symbol must be '{Unknown}'");
        return new Vocabulary([.. symbols]);
    }

    /// <summary>The ids of <paramref name="tokens"/>.</summary>
    public int[] Encode(IReadOnlyList<string> tokens)
    {
        var ids = new int[tokens.Count];
        Encode(tokens, ids);
        return ids;
    }

    /// <summary>ids[i] = the id of tokens[i], for i &lt; tokens.Count (nothing allocated).</summary>
    public void Encode(IReadOnlyList<string> tokens, Span<int> ids)
    {
        if (tokens is string[] array) { Encode(array, ids); return; }
        for (int i = 0; i < tokens.Count; i++) ids[i] = IdOf(tokens[i]);
    }

    /// <summary>
    /// ids[t] = the id of the token text[tokens[t]], for t &lt; tokens.Length, where <paramref name="tokens"/> are the
    /// ranges <see cref="Data.Tsv.SplitTokens(ReadOnlySpan{char}, ref Range[], int, string, int)"/> finds in exactly
    /// <paramref name="text"/> (a line's tokens where they lie; nothing allocated): <see cref="IdOf(ReadOnlySpan{char})"/>
    /// of each, its one-character case inlined, and a text of one-character tokens read without its ranges.
    /// </summary>
    public void Encode(ReadOnlySpan<char> text, ReadOnlySpan<Range> tokens, Span<int> ids)
    {
        ids = ids.Slice(0, tokens.Length);
        int n = tokens.Length;
        if (n > 0 && text.Length == 2 * n - 1 && tokens[0].Equals(0..1) && tokens[n - 1].Equals((2 * n - 2)..(2 * n - 1)))
        {
            // "a b a …": n tokens of one character each, at 0, 2, 4, … (n non-empty tokens and n − 1 single spaces fill
            // 2n − 1 characters only so; the first and last ranges confirm the split is this text's)
            for (int t = 0; t < n; t++)
            {
                char c = text[2 * t];
                ids[t] = c < 128 ? _asciiIds[c] : IdOf(text.Slice(2 * t, 1));
            }
            return;
        }
        for (int t = 0; t < tokens.Length; t++)
        {
            var (start, length) = tokens[t].GetOffsetAndLength(text.Length);
            ids[t] = length == 1 && text[start] < 128 ? _asciiIds[text[start]] : IdOf(text.Slice(start, length));
        }
    }

    /// <summary>ids[i] = the id of tokens[i] (an array's tokens read directly, not through the list interface).</summary>
    public void Encode(ReadOnlySpan<string> tokens, Span<int> ids)
    {
        ids = ids.Slice(0, tokens.Length);
        for (int i = 0; i < tokens.Length; i++)
        {
            string symbol = tokens[i];   // (IdOf's one-character case, inlined)
            ids[i] = symbol.Length == 1 && symbol[0] < 128 ? _asciiIds[symbol[0]] : IdOf(symbol);
        }
    }
}
