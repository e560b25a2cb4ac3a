namespace Lisor.Pure.Automata;

/// <summary>One state of an <see cref="Fsa"/>: its id (its index), the class it answers, and how
/// many hidden-state points its cluster owned (0 for the start state and for added states).</summary>
/// <param name="Id">The state's index in <see cref="Fsa.States"/>.</param>
/// <param name="Label">The class it answers (an index into <see cref="Fsa.Classes"/>).</param>
/// <param name="Size">Hidden-state points its cluster owned.</param>
public readonly record struct FsaState(int Id, int Label, int Size);

/// <summary>A transition <c>From --Symbol--> To</c>, seen <c>Count</c> times in the data (symbol is an
/// index into <see cref="Fsa.Alphabet"/>).</summary>
/// <param name="From">Source state.</param>
/// <param name="Symbol">Symbol index into <see cref="Fsa.Alphabet"/>.</param>
/// <param name="To">Target state.</param>
/// <param name="Count">Times the move was seen in the data.</param>
public readonly record struct FsaTransition(int From, int Symbol, int To, int Count);

/// <summary>
/// A deterministic finite state automaton M = ⟨Σ, Q, S, F, δ⟩ (docs/method.md §4) that answers a class:
/// states 0 … n − 1 with state 0 the start S; every state carries a class label. A binary task names a
/// positive class, and the accepting states F are those labelled with it; a task with more classes (or
/// two classes, neither of them positive) has <see cref="PositiveClass"/> = −1 and no accepting states:
/// a run answers its last state's class all the same. δ is partial: at most one transition per
/// (state, symbol); what a missing one means is the <see cref="MissingPolicy"/> of the run.
/// <see cref="Dropped"/> keeps the moves the learner saw but did not keep (they lost the vote for
/// their (state, symbol)), for reports and drawings. Immutable.
/// </summary>
public sealed class Fsa
{
    /// <summary>The start state's id (always 0).</summary>
    public const int Start = 0;

    /// <summary>Σ, in a fixed order; transitions refer to symbols by index.</summary>
    public IReadOnlyList<string> Alphabet { get; }
    /// <summary>The class names; state labels are indices into this list.</summary>
    public IReadOnlyList<string> Classes { get; }
    /// <summary>Index of the positive class in <see cref="Classes"/>, or −1 when no class is positive.</summary>
    public int PositiveClass { get; }
    /// <summary>True when a class is positive (a binary task): then F is the states answering it.</summary>
    public bool HasPositiveClass => PositiveClass >= 0;
    /// <summary>Q, state i at index i.</summary>
    public IReadOnlyList<FsaState> States { get; }
    /// <summary>δ, sorted by (from, symbol).</summary>
    public IReadOnlyList<FsaTransition> Transitions { get; }
    /// <summary>Observed moves that δ does not keep, sorted by (from, symbol, to).</summary>
    public IReadOnlyList<FsaTransition> Dropped { get; }

    private readonly int[] _next; // [state * |Σ| + symbol] → target or −1
    private readonly Dictionary<string, int> _symbolIndex;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _symbolIndexOfText;   // the same, by a span

    /// <summary>An FSA over <paramref name="alphabet"/> (Σ) answering <paramref name="classes"/>; δ is given as transitions, and the moves δ does not keep may be listed as dropped.</summary>
    public Fsa(IReadOnlyList<string> alphabet, IReadOnlyList<string> classes, int positiveClass,
               IReadOnlyList<FsaState> states, IEnumerable<FsaTransition> transitions,
               IEnumerable<FsaTransition>? dropped = null)
    {
        if (classes.Count == 0) throw new ArgumentException("an FSA needs at least one class", nameof(classes));
        if (positiveClass < -1 || positiveClass >= classes.Count)
            throw new ArgumentOutOfRangeException(nameof(positiveClass), $"positive class {positiveClass}: expected −1 (none) or a class index 0 … {classes.Count - 1}");
        if (states.Count == 0) throw new ArgumentException("an FSA needs its start state", nameof(states));
        if (classes.Distinct(StringComparer.Ordinal).Count() != classes.Count) throw new ArgumentException("duplicate class names", nameof(classes));
        _symbolIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int a = 0; a < alphabet.Count; a++)
            if (!_symbolIndex.TryAdd(alphabet[a], a)) throw new ArgumentException($"symbol '{alphabet[a]}' appears twice", nameof(alphabet));
        _symbolIndexOfText = _symbolIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        for (int i = 0; i < states.Count; i++)
        {
            if (states[i].Id != i) throw new ArgumentException($"state at index {i} has id {states[i].Id}", nameof(states));
            if ((uint)states[i].Label >= (uint)classes.Count) throw new ArgumentException($"state {i} has no valid label", nameof(states));
            if (states[i].Size < 0) throw new ArgumentException($"state {i} has a negative size", nameof(states));
        }
        Alphabet = alphabet.ToArray();
        Classes = classes.ToArray();
        PositiveClass = positiveClass;
        States = states.ToArray();
        _next = new int[states.Count * alphabet.Count];
        Array.Fill(_next, -1);
        var kept = transitions.OrderBy(t => t.From).ThenBy(t => t.Symbol).ToArray();
        foreach (var t in kept)
        {
            CheckTransition(t);
            ref int slot = ref _next[t.From * alphabet.Count + t.Symbol];
            if (slot >= 0) throw new ArgumentException($"two transitions from state {t.From} on '{alphabet[t.Symbol]}'", nameof(transitions));
            slot = t.To;
        }
        Transitions = kept;
        var lost = (dropped ?? []).OrderBy(t => t.From).ThenBy(t => t.Symbol).ThenBy(t => t.To).ToArray();
        foreach (var t in lost) CheckTransition(t);
        Dropped = lost;
    }

    private void CheckTransition(FsaTransition t)
    {
        if ((uint)t.From >= (uint)States.Count || (uint)t.To >= (uint)States.Count)
            throw new ArgumentException($"transition {t.From}→{t.To} names a state that does not exist");
        if ((uint)t.Symbol >= (uint)Alphabet.Count) throw new ArgumentException($"transition from {t.From} has no valid symbol");
        if (t.Count < 0) throw new ArgumentException($"transition from {t.From} has a negative count");
    }

    /// <summary>|Q|.</summary>
    public int StateCount => States.Count;

    /// <summary>Whether state <paramref name="state"/> is in F (answers the positive class; never without one).</summary>
    public bool IsAccepting(int state) => PositiveClass >= 0 && States[state].Label == PositiveClass;

    /// <summary>δ(state, symbol), or −1 when there is no such transition.</summary>
    public int Next(int state, int symbol) => _next[state * Alphabet.Count + symbol];

    /// <summary>The index of <paramref name="symbol"/> in Σ, or −1.</summary>
    public int SymbolIndex(string symbol) => _symbolIndex.TryGetValue(symbol, out int a) ? a : -1;

    /// <summary>The index in Σ of the symbol spelled <paramref name="symbol"/>, or −1 (nothing allocated).</summary>
    public int SymbolIndex(ReadOnlySpan<char> symbol) => _symbolIndexOfText.TryGetValue(symbol, out int a) ? a : -1;

    /// <summary>True when every (state, symbol) pair has a transition.</summary>
    public bool IsComplete => Array.IndexOf(_next, -1) < 0;

    /// <summary>The label a run ends with when it falls off δ under the dead policy: the first
    /// non-positive class (the start state's label in learned FSAs; "reject" for DFAs), the first
    /// class when none is positive.</summary>
    public int DeadLabel => FirstNonPositive(Classes.Count, PositiveClass);

    /// <summary>The first class that is not <paramref name="positive"/> (0 when <paramref name="positive"/> is −1).</summary>
    internal static int FirstNonPositive(int classCount, int positive)
        => positive == 0 && classCount > 1 ? 1 : 0;

    /// <summary>Runs the FSA on <paramref name="sequence"/> (see <see cref="CompiledFsa"/> for the fast
    /// form) and returns the class it answers.</summary>
    public string Classify(IReadOnlyList<string> sequence, MissingPolicy policy = MissingPolicy.Dead)
    {
        int s = Start;
        foreach (var token in sequence)
        {
            int a = SymbolIndex(token);
            int t = a < 0 ? -1 : Next(s, a);
            if (t >= 0) s = t;
            else if (policy == MissingPolicy.Dead) return Classes[DeadLabel];
            else if (policy == MissingPolicy.Start) s = Start;
        }
        return Classes[States[s].Label];
    }

    /// <summary>A copy with other states and transitions but the same Σ and classes.</summary>
    public Fsa With(IReadOnlyList<FsaState> states, IEnumerable<FsaTransition> transitions, IEnumerable<FsaTransition>? dropped = null)
        => new(Alphabet, Classes, PositiveClass, states, transitions, dropped);
}

/// <summary>What a run does on a (state, symbol) pair without a transition, or on a symbol outside Σ.</summary>
public enum MissingPolicy
{
    /// <summary>Go to a dead state: not accepting (it answers <see cref="Fsa.DeadLabel"/>) and never left (docs/method.md §4, the default).</summary>
    Dead,
    /// <summary>Stay in the current state and go on with the next symbol.</summary>
    Stay,
    /// <summary>Return to the start state S (the symbol is consumed) and go on with the next symbol.</summary>
    Start,
}
