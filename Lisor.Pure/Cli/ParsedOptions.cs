using System.Globalization;
using Lisor.Pure.Common;

namespace Lisor.Pure.Cli;

/// <summary>
/// The options of one command invocation, checked against the command's specs, with typed
/// getters whose failures are <see cref="InputException"/>s naming the option.
/// </summary>
internal sealed class ParsedOptions
{
    private readonly Dictionary<string, string?> _values;
    private readonly string _command;
    /// <summary>Words that are not options (e.g. the sub-command of `bench`).</summary>
    public IReadOnlyList<string> Positionals { get; }

    private ParsedOptions(string command, Dictionary<string, string?> values, List<string> positionals)
    {
        _command = command; _values = values; Positionals = positionals;
    }

    /// <summary>
    /// Parses <paramref name="args"/> against <paramref name="specs"/>; `--name value` and `--name=value` both work.
    /// At most <paramref name="arguments"/> words that are not options are taken; a further one (a stray file name,
    /// `-h`, a bare `--`) is a usage error naming it.
    /// </summary>
    public static ParsedOptions Parse(string command, IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs, int arguments = 0)
    {
        var byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var positionals = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                if (positionals.Count == arguments) throw Unexpected(command, arg, byName.Keys);
                positionals.Add(arg);
                continue;
            }
            string name = arg, inline = "";
            bool hasInline = false;
            int eq = arg.IndexOf('=');
            if (eq > 0) { name = arg[..eq]; inline = arg[(eq + 1)..]; hasInline = true; }
            if (!byName.TryGetValue(name, out var spec))
                throw new InputException($"{command}: unknown option {Excerpt.Quoted(name)}{DidYouMean(name, byName.Keys)} (see '{command} --help')");
            if (values.ContainsKey(name))
                throw new InputException($"{command}: option '{name}' given twice");
            if (spec.IsFlag)
            {
                if (hasInline) throw new InputException($"{command}: option '{name}' takes no value");
                values[name] = null;
            }
            else if (hasInline) values[name] = inline;
            else
            {
                // A word starting with "--" is never taken as the value: `--assignments --json` is a forgotten value,
                // not a file named "--json". Such a value is written `--name=--value`.
                if (i + 1 >= args.Count) throw new InputException($"{command}: option '{name}' needs a value <{spec.Value}>");
                if (args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new InputException($"{command}: option '{name}' needs a value <{spec.Value}>, got the option {Excerpt.Quoted(args[i + 1])} " +
                                             $"(a value that starts with '--' is written {name}=VALUE)");
                values[name] = args[++i];
            }
        }
        return new ParsedOptions(command, values, positionals);
    }

    /// <summary>
    /// A word the command does not take: "unexpected argument 'x'". A short option (`-h`, `-q`) is not one of ours, but
    /// when it is the start of exactly one of <paramref name="options"/> that one is suggested.
    /// </summary>
    public static InputException Unexpected(string command, string word, IEnumerable<string> options)
    {
        string hint = "";
        if (word.Length > 1 && word[0] == '-' && word[1] != '-')
        {
            var starting = options.Where(o => o.StartsWith("-" + word, StringComparison.Ordinal)).ToList();
            hint = starting.Count == 1 ? $"; did you mean '{starting[0]}'?" : DidYouMean("-" + word, options);
        }
        return new InputException($"{command}: unexpected argument {Excerpt.Quoted(word)}{hint} (see '{command} --help')");
    }

    /// <summary>"; did you mean '--x'?" naming the closest of <paramref name="known"/> (at most 2 edits away,
    /// or one that starts with or extends <paramref name="word"/>), else "".</summary>
    public static string DidYouMean(string word, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var k in known.Order(StringComparer.Ordinal))
        {
            int d = EditDistance(word.ToLowerInvariant(), k.ToLowerInvariant());
            bool related = d <= 2 || (word.Length >= 4 && (k.StartsWith(word, StringComparison.OrdinalIgnoreCase) || word.StartsWith(k, StringComparison.OrdinalIgnoreCase)));
            if (related && d < bestDistance) { best = k; bestDistance = d; }
        }
        return best is null ? "" : $"; did you mean '{best}'?";
    }

    /// <summary>Levenshtein distance: the fewest insertions, deletions and substitutions turning a into b.</summary>
    internal static int EditDistance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) row[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>True when the flag was given.</summary>
    public bool Flag(string name) => _values.ContainsKey(name);

    /// <summary>The option's text, or <paramref name="fallback"/> when absent.</summary>
    public string? String(string name, string? fallback = null)
        => _values.TryGetValue(name, out var v) ? v : fallback;

    /// <summary>The option's text; absent is an error.</summary>
    public string Required(string name)
    {
        if (!_values.TryGetValue(name, out var v) || v is null) throw new InputException($"missing required option '{name}' (see '{_command} --help')");
        if (v.Length == 0) throw new InputException($"option '{name}': empty value");
        return v;
    }

    /// <summary>A whole number in [min, max].</summary>
    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!_values.TryGetValue(name, out var v) || v is null) return fallback;
        if (!int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int x))
            throw new InputException(Digits(v)
                ? $"option '{name}': {Excerpt.Plain(v)} is out of range, expected {IntRange(min, max)}"   // a whole number past ±2³¹
                : $"option '{name}': expected a whole number, got {Excerpt.Quoted(v)}");
        if (x < min || x > max)
            throw new InputException($"option '{name}': {x} is out of range, expected {IntRange(min, max)}");
        return x;
    }

    // Both ends of a whole-number range, int's own included: a number past 2³¹ − 1 is out of range even where no
    // maximum was set, so "≥ 1" would not say why 2147483648 is refused.
    private static string IntRange(int min, int max)
        => $"{min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A 64-bit whole number ≥ 0 (seeds).</summary>
    public ulong ULong(string name, ulong fallback)
    {
        if (!_values.TryGetValue(name, out var v) || v is null) return fallback;
        if (!ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out ulong x))
            throw new InputException($"option '{name}': expected a non-negative whole number, got {Excerpt.Quoted(v)}");
        return x;
    }

    /// <summary>A finite number in [min, max].</summary>
    public double Double(string name, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        if (!_values.TryGetValue(name, out var v) || v is null) return fallback;
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
            throw new InputException($"option '{name}': expected a number, got {Excerpt.Quoted(v)}");
        if (x < min || x > max)
            throw new InputException($"option '{name}': {Excerpt.Plain(v)} is out of range, expected {Range(min, max)}");
        return x;
    }

    /// <summary>One of the allowed words, in any case (<c>--cell MGU</c> is <c>mgu</c>); returns it as listed.</summary>
    public string Choice(string name, string fallback, params string[] allowed)
    {
        string v = String(name, fallback)!;
        return Canonical(v, allowed) ?? throw new InputException($"option '{name}': {Excerpt.Quoted(v)} is not one of {string.Join(", ", allowed)}");
    }

    private static string? Canonical(string word, string[] allowed)
        => Array.IndexOf(allowed, word) >= 0 ? word : allowed.FirstOrDefault(a => string.Equals(a, word, StringComparison.OrdinalIgnoreCase));

    /// <summary>A comma-separated list of allowed words in any case (no duplicates, at least one), as listed.</summary>
    public string[] ChoiceList(string name, string fallback, params string[] allowed)
    {
        string v = String(name, fallback)!;
        var items = v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0) throw new InputException($"option '{name}': empty list");
        for (int i = 0; i < items.Length; i++)
            items[i] = Canonical(items[i], allowed) ?? throw new InputException($"option '{name}': {Excerpt.Quoted(items[i])} is not one of {string.Join(", ", allowed)}");
        if (items.Distinct().Count() != items.Length) throw new InputException($"option '{name}': {Excerpt.Quoted(v)} names an item twice");
        return items;
    }

    // A sign and one or more ASCII digits: a whole number, however large.
    private static bool Digits(string v)
    {
        var digits = v.AsSpan(v.Length > 0 && (v[0] == '-' || v[0] == '+') ? 1 : 0);
        return !digits.IsEmpty && !digits.ContainsAnyExceptInRange('0', '9');
    }

    private static string Range(double min, double max)
        => (min, max) switch
        {
            (double.MinValue, double.MaxValue) => "any number",
            (_, double.MaxValue) => $"≥ {min.ToString(CultureInfo.InvariantCulture)}",
            _ => $"{min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}",
        };
}
