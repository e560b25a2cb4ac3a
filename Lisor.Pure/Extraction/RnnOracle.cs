using Lisor.Pure.Training;

namespace Lisor.Pure.Extraction;

/// <summary>
/// R as a membership oracle: the class R answers on a word over an alphabet of R's symbols, run step by step
/// (<see cref="Model.Step(RnnState, int)"/>) with a prefix cache. The cache is a trie whose node for a prefix w holds
/// R's state after w (and R's class on w once asked), so a query w·a after w costs one step, and a query already
/// asked costs none. R's state vectors live in one flat buffer [nodes, S]; the trie grows by doubling up to
/// <c>maxCachedFloats</c>, after which longer words are run past their deepest cached prefix in a scratch state
/// (memory stays bounded, answers do not change). The trie's moves are a <see cref="TrieMoves"/>: rows of |Σ| entries on
/// small alphabets, a hash table on a text model's words, so the cache's memory grows with its prefixes rather than
/// with prefixes × |Σ| (with 9 332 symbols, L* with rows peaked at 7 653 MB: docs/results-extraction/large-alphabet-e920269.md). A query allocates nothing once the buffers have grown. Not thread-safe: one oracle per thread.
/// </summary>
public sealed class RnnOracle : IMembershipOracle
{
    private readonly ModelRunner _runner;
    private readonly int[] _ids;        // [|Σ|] alphabet index → R's vocabulary id
    private readonly int _stateSize;    // S: floats in one state vector
    private readonly int _maxNodes;
    private readonly TrieMoves _child;  // the node of w·a, or −1
    private int[] _label;               // [nodes] R's class on the node's word, or −1 not asked yet
    private float[] _states;            // [nodes, S] R's state after the node's word (node 0: ε, all zero)
    private int _nodes;
    private readonly float[] _scratch;  // [S] a word run past a full cache

    /// <param name="model">R.</param>
    /// <param name="alphabet">Σ: symbol i of a word is the token <c>alphabet[i]</c> (a token outside R's vocabulary reads as &lt;unk&gt;).</param>
    /// <param name="maxCachedFloats">Bound on the cached state vectors, in floats (default 2²⁴: 64 MB).</param>
    public RnnOracle(Model model, IReadOnlyList<string> alphabet, long maxCachedFloats = 1 << 24)
    {
        if (alphabet.Count == 0) throw new ArgumentException("the alphabet is empty", nameof(alphabet));
        _runner = model.Start().Runner;
        Alphabet = alphabet.ToArray();
        _ids = Alphabet.Select(model.Vocabulary.IdOf).ToArray();
        _stateSize = _runner.StateSize;
        bool dense = alphabet.Count <= TrieMoves.DenseAlphabet;
        _maxNodes = (int)Math.Clamp(Math.Min(maxCachedFloats, int.MaxValue) / _stateSize, 1, dense ? int.MaxValue / alphabet.Count : int.MaxValue);
        int capacity = Math.Min(1024, _maxNodes);
        _child = new TrieMoves(alphabet.Count, capacity);
        _label = new int[capacity];
        _states = new float[(long)capacity * _stateSize];
        _scratch = new float[_stateSize];
        NewNode();
    }

    /// <summary>Σ, as R's tokens.</summary>
    public IReadOnlyList<string> Alphabet { get; }

    /// <inheritdoc/>
    public int AlphabetSize => Alphabet.Count;

    /// <summary>Words classified (cached or not).</summary>
    public long Queries { get; private set; }

    /// <summary>Steps R ran (one symbol each): the oracle's cost.</summary>
    public long Steps { get; private set; }

    /// <summary>Times R's output layer ran (once per distinct word asked, plus words past a full cache).</summary>
    public long Outputs { get; private set; }

    /// <summary>Prefixes whose state is cached (ε included).</summary>
    public int CachedPrefixes => _nodes;

    /// <inheritdoc/>
    public int Classify(ReadOnlySpan<int> word)
    {
        Queries++;
        int A = Alphabet.Count, node = 0, i = 0;
        for (; i < word.Length; i++)
        {
            int a = word[i];
            if ((uint)a >= (uint)A) ThrowSymbol(a);
            int c = _child.Get(node, a);
            if (c < 0) break;
            node = c;
        }
        for (; i < word.Length && _nodes < _maxNodes; i++)   // extend the trie: one step per new prefix
        {
            int a = word[i];
            if ((uint)a >= (uint)A) ThrowSymbol(a);
            int c = NewNode();
            var state = State(c);
            State(node).CopyTo(state);
            _runner.Step(state, _ids[a], fromZero: node == 0);
            Steps++;
            _child.Set(node, a, c);
            node = c;
        }
        if (i == word.Length)
        {
            ref int label = ref _label[node];
            if (label < 0) { label = _runner.Output(State(node), Span<float>.Empty); Outputs++; }
            return label;
        }
        // The cache is full: the rest of the word in the scratch state, uncached.
        State(node).CopyTo(_scratch);
        bool fromZero = node == 0;
        for (; i < word.Length; i++)
        {
            if ((uint)word[i] >= (uint)A) ThrowSymbol(word[i]);
            _runner.Step(_scratch, _ids[word[i]], fromZero);
            fromZero = false;
            Steps++;
        }
        Outputs++;
        return _runner.Output(_scratch, Span<float>.Empty);
    }

    private Span<float> State(int node) => _states.AsSpan(node * _stateSize, _stateSize);

    private int NewNode()
    {
        if (_nodes == _label.Length)
        {
            int capacity = (int)Math.Min((long)_nodes * 2, _maxNodes);
            _child.Grow(capacity);
            Array.Resize(ref _label, capacity);
            Array.Resize(ref _states, capacity * _stateSize);
        }
        int node = _nodes++;
        _label[node] = -1;
        _states.AsSpan(node * _stateSize, _stateSize).Clear();
        return node;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowSymbol(int a) => throw new ArgumentOutOfRangeException(nameof(a), $"symbol {a}: the alphabet has symbols 0…{Alphabet.Count - 1}");
}
