using Lisor.Pure.Common;
using Lisor.Pure.Sequences;
using Lisor.Pure.Tensors;

namespace Lisor.Pure.Data;

/// <summary>Sizes and lengths of a generated task; null fields take the task's defaults.
/// <paramref name="Training0110"/> picks how task 0110's training strings are drawn (null: <see cref="Task0110Training.Balanced"/>).</summary>
/// <param name="Train">Training examples.</param>
/// <param name="Valid">Validation examples.</param>
/// <param name="Test">Test examples.</param>
/// <param name="MinLength">Shortest string.</param>
/// <param name="MaxLength">Longest string.</param>
/// <param name="Training0110">How task 0110's training strings are drawn.</param>
public sealed record TaskOptions(int? Train = null, int? Valid = null, int? Test = null, int? MinLength = null, int? MaxLength = null,
    Task0110Training? Training0110 = null);

/// <summary>How task 0110's training strings are drawn.</summary>
public enum Task0110Training
{
    /// <summary>Each string is 0110 with probability ½, else one of the 15 negatives uniformly (our choice: balanced classes).</summary>
    Balanced,
    /// <summary>Uniformly random length-4 strings, so about 1/16 ≈ 6 % positive (the paper's protocol, in its earlier version's words).</summary>
    Random,
}

/// <summary>The three splits of a generated task.</summary>
/// <param name="Train">The training set.</param>
/// <param name="Valid">The validation set.</param>
/// <param name="Test">The test set.</param>
public sealed record TaskSplits(List<LabeledSequence> Train, List<LabeledSequence> Valid, List<LabeledSequence> Test);

/// <summary>
/// The built-in 0/1 string tasks (docs/method.md §6–7). Labels are "1" (positive) and "0" (negative).
/// Everything is drawn from one <see cref="Rng"/> seeded by the caller, so a seed fixes the data.
/// <list type="bullet">
/// <item><b>0110</b>: length-4 strings, positive iff the string is 0110. Train: 1000 strings drawn as
/// <see cref="TaskOptions.Training0110"/> says — uniformly random (the paper's protocol: about 6 % positive,
/// every string repeated about 62 times) or balanced (each 0110 with probability ½, else one of the 15
/// negatives uniformly; our option and the default of `data` and `demo`). Valid: the 16 distinct strings in order (the
/// paper learns the FSA on them); with --valid N ≠ 16, N uniform strings. Test: 100 uniform strings.</item>
/// <item><b>000</b>: lengths uniform in 5…20, bits uniform; <b>negative</b> iff the string contains 000.
/// 3000 / 500 / 500. The classes keep their natural proportions (about 42 % positive).</item>
/// <item><b>tomita1…7</b>: balanced classes (each example is positive with probability ½); the
/// length is uniform over the lengths in 0…20 that have a string of that class; the string is
/// uniform among the strings of that length and class (exact sampling by counting the DFA's paths,
/// which is rejection sampling without the rejections). 2000 / 500 / 500.</item>
/// </list>
/// Every task refuses lengths that leave strings of one class only (000: all below 3; tomita2: odd only), and a
/// training split of fewer than 2 examples. A split of 2 or more examples holds both classes: one drawn with a
/// class missing has its last example replaced by one of that class (see <c>WithEveryClass</c>).
/// </summary>
public static class SyntheticTasks
{
    /// <summary>Names accepted by <see cref="Generate"/>.</summary>
    public static readonly string[] Names = ["0110", "000", "tomita1", "tomita2", "tomita3", "tomita4", "tomita5", "tomita6", "tomita7"];

    /// <summary>Generates the splits of task <paramref name="name"/>.</summary>
    public static TaskSplits Generate(string name, TaskOptions options, ulong seed)
    {
        var rng = new Rng(seed);
        // each split is drawn from its own fork of rng, in the order train, valid, test (statements, not one
        // expression, but the same forks in the same order as ever, so a seed gives the data it always gave)
        switch (name)
        {
            case "0110":
            {
                if (options.MinLength is not null || options.MaxLength is not null)
                    throw new InputException(n => $"task 0110 has strings of length 4 only; {n(Option(nameof(options.MinLength)))}/{n(Option(nameof(options.MaxLength)))} do not apply");
                int trainCount = TrainCount(options.Train, 1000);
                var train = Drawn(rng, trainCount, options.Training0110 == Task0110Training.Random ? Uniform0110 : Task0110Train, Of0110Class);
                // the paper learns the FSA on the 16 distinct strings; another size draws uniform strings (and no fork is taken for the 16)
                var valid = options.Valid is null or 16 ? AllStrings(4).Select(Label0110).ToList()
                    : Drawn(rng, Count(options.Valid, 16, nameof(options.Valid)), Uniform0110, Of0110Class);
                var test = Drawn(rng, Count(options.Test, 100, nameof(options.Test)), Uniform0110, Of0110Class);
                return new TaskSplits(train, valid, test);
            }
            case "000":
            {
                var (lo, hi) = Lengths(options, 5, 20);
                var dfa = TomitaGrammars.Grammar(4);
                // strings are drawn uniformly, not through the sampler; its counting refuses lengths that leave one
                // class only (below 3 no string contains 000), and it draws the string of a missing class (WithEveryClass)
                var sampler = new DfaSampler(dfa, lo, hi, name);
                List<LabeledSequence> Uniform(int n, Rng r) =>
                    Enumerable.Range(0, n).Select(_ => Labeled(RandomBits(lo + r.NextInt(hi - lo + 1), r), dfa)).ToList();
                var train = Drawn(rng, TrainCount(options.Train, 3000), Uniform, sampler.OfClass);
                var valid = Drawn(rng, Count(options.Valid, 500, nameof(options.Valid)), Uniform, sampler.OfClass);
                var test = Drawn(rng, Count(options.Test, 500, nameof(options.Test)), Uniform, sampler.OfClass);
                return new TaskSplits(train, valid, test);
            }
            default:
                if (name.StartsWith("tomita", StringComparison.Ordinal) && name.Length == 7 && name[6] is >= '1' and <= '7')
                {
                    var (lo, hi) = Lengths(options, 0, 20);
                    var sampler = new DfaSampler(TomitaGrammars.Grammar(name[6] - '0'), lo, hi, name);
                    var train = Drawn(rng, TrainCount(options.Train, 2000), sampler.Balanced, sampler.OfClass);
                    var valid = Drawn(rng, Count(options.Valid, 500, nameof(options.Valid)), sampler.Balanced, sampler.OfClass);
                    var test = Drawn(rng, Count(options.Test, 500, nameof(options.Test)), sampler.Balanced, sampler.OfClass);
                    return new TaskSplits(train, valid, test);
                }
                throw new InputException($"unknown task '{name}', expected one of {string.Join(", ", Names)}");
        }
    }

    /// <summary>The classes of every task: "0" (negative) and "1" (positive).</summary>
    private const int Classes = 2;

    /// <summary>
    /// A split of <paramref name="n"/> examples drawn by <paramref name="draw"/> from a fork of <paramref name="rng"/>,
    /// with every class in it when <paramref name="n"/> allows (<see cref="WithEveryClass"/>).
    /// </summary>
    private static List<LabeledSequence> Drawn(Rng rng, int n, Func<int, Rng, List<LabeledSequence>> draw, Func<int, Rng, LabeledSequence> ofClass)
    {
        var own = rng.Fork();
        return WithEveryClass(draw(n, own), ofClass, own);
    }

    /// <summary>
    /// A split of at least as many examples as classes that was drawn without some class (a tiny split by chance, or
    /// task 0110's uniform strings, 1 in 16 positive) gets one example of each missing class in place of its last
    /// examples, drawn by <paramref name="ofClass"/> from the split's own generator after its draws. So the split still
    /// follows from the seed alone, the other splits (other forks) do not change, and a split that holds every class
    /// — every split of the defaults does — is returned as drawn, byte for byte what it always was. Without this a
    /// `--train 3` could hold one class only, and `train` would refuse it.
    /// </summary>
    private static List<LabeledSequence> WithEveryClass(List<LabeledSequence> split, Func<int, Rng, LabeledSequence> ofClass, Rng rng)
    {
        if (split.Count < Classes) return split;
        var missing = Enumerable.Range(0, Classes).Where(c => !split.Exists(e => e.Label == ClassLabel(c))).ToArray();
        // the examples are drawn independently, so which ones give way does not matter: the last ones do
        for (int i = 0; i < missing.Length; i++) split[split.Count - missing.Length + i] = ofClass(missing[i], rng);
        return split;
    }

    private static string ClassLabel(int c) => c == 1 ? "1" : "0";

    /// <summary>
    /// The size of a training split: at least <see cref="Classes"/>, one example per class, since `train` refuses a
    /// training set of one class (valid and test sets of one example are allowed: they only score).
    /// </summary>
    private static int TrainCount(int? given, int fallback)
    {
        int count = given ?? fallback;
        if (count < Classes)
            throw new InputException(n => $"option '{n(Option(nameof(TaskOptions.Train)))}': a training split needs at least {Classes} examples, one per class, got {count}");
        return count;
    }

    private static int Count(int? given, int fallback, string field)
    {
        int count = given ?? fallback;
        if (count < 1) throw new InputException(n => $"option '{n(Option(field))}': the split needs at least 1 example, got {count}");
        return count;
    }

    /// <summary>A field of <see cref="TaskOptions"/> named in a bad-input message.</summary>
    internal static Setting Option(string field) => new($"{nameof(TaskOptions)}.{field}");

    private static (int Lo, int Hi) Lengths(TaskOptions o, int lo, int hi)
    {
        int min = o.MinLength ?? lo, max = o.MaxLength ?? hi;
        if (min < 0 || max < min || max > 1000)
            throw new InputException(n => $"lengths {min}…{max}: expected 0 ≤ {n(Option(nameof(o.MinLength)))} ≤ {n(Option(nameof(o.MaxLength)))} ≤ 1000");
        return (min, max);
    }

    private static LabeledSequence Labeled(int[] bits, BinaryDfa dfa)
        => new(dfa.Accepts(bits) ? "1" : "0", bits.Select(b => b == 0 ? "0" : "1").ToArray());

    private static LabeledSequence Label0110(int[] bits)
        => new(bits is [0, 1, 1, 0] ? "1" : "0", bits.Select(b => b == 0 ? "0" : "1").ToArray());

    private static int[] RandomBits(int length, Rng rng)
    {
        var bits = new int[length];
        for (int i = 0; i < length; i++) bits[i] = (int)(rng.NextUInt64() >> 63);
        return bits;
    }

    /// <summary>The 2^n strings of length n in lexicographic order (0000, 0001, …).</summary>
    private static IEnumerable<int[]> AllStrings(int n)
        => Enumerable.Range(0, 1 << n).Select(v => Enumerable.Range(0, n).Select(i => (v >> (n - 1 - i)) & 1).ToArray());

    private static List<LabeledSequence> Uniform0110(int n, Rng rng)
        => Enumerable.Range(0, n).Select(_ => Label0110(RandomBits(4, rng))).ToList();

    /// <summary>The 15 negative strings of task 0110, in order.</summary>
    private static readonly int[][] Negatives0110 = AllStrings(4).Where(b => b is not [0, 1, 1, 0]).ToArray();

    private static List<LabeledSequence> Task0110Train(int n, Rng rng)
    {
        var list = new List<LabeledSequence>(n);
        for (int i = 0; i < n; i++)
            list.Add(Label0110(rng.NextInt(2) == 0 ? [0, 1, 1, 0] : Negatives0110[rng.NextInt(Negatives0110.Length)]));
        return list;
    }

    /// <summary>A string of class <paramref name="c"/> of task 0110: 0110 itself, or one of the 15 negatives uniformly.</summary>
    private static LabeledSequence Of0110Class(int c, Rng rng)
        => Label0110(c == 1 ? [0, 1, 1, 0] : Negatives0110[rng.NextInt(Negatives0110.Length)]);
}
