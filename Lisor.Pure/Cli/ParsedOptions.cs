using System.Globalization;
using Lisor.Pure.Common;

namespace Lisor.Pure.Cli;

/// <summary>
/// The options of one command invocation, checked against the command's specs, with typed
/// getters whose failures are <see cref="InputException"/>s naming the option.
/// </summary>
public sealed class ParsedOptions
{
    private readonly Dictionary<string, string?> _values;
    /// <summary>Words that are not options (e.g. the sub-command of `bench`).</summary>
    public IReadOnlyList<string> Positionals { get; }

    private ParsedOptions(Dictionary<string, string?> values, List<string> positionals)
    {
        _values = values; Positionals = positionals;
    }

    /// <summary>Parses <paramref name="args"/> against <paramref name="specs"/>; `--name value` and `--name=value` both work.</summary>
    public static ParsedOptions Parse(string command, IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs)
    {
        var byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var positionals = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                positionals.Add(arg);
                continue;
            }
            string name = arg, inline = "";
            bool hasInline = false;
            int eq = arg.IndexOf('=');
            if (eq > 0) { name = arg[..eq]; inline = arg[(eq + 1)..]; hasInline = true; }
            if (!byName.TryGetValue(name, out var spec))
                throw new InputException($"{command}: unknown option '{name}' (see '{command} --help')");
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
                if (i + 1 >= args.Count) throw new InputException($"{command}: option '{name}' needs a value <{spec.Value}>");
                values[name] = args[++i];
            }
        }
        return new ParsedOptions(values, positionals);
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
        if (!_values.TryGetValue(name, out var v) || v is null) throw new InputException($"missing required option '{name}'");
        if (v.Length == 0) throw new InputException($"option '{name}': empty value");
        return v;
    }

    /// <summary>A whole number in [min, max].</summary>
    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!_values.TryGetValue(name, out var v) || v is null) return fallback;
        if (!int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int x))
            throw new InputException($"option '{name}': expected a whole number, got '{v}'");
        if (x < min || x > max)
            throw new InputException($"option '{name}': {x} is out of range, expected {Range(min, max)}");
        return x;
    }

    /// <summary>A 64-bit whole number ≥ 0 (seeds).</summary>
    public ulong ULong(string name, ulong fallback)
    {
        if (!_values.TryGetValue(name, out var v) || v is null) return fallback;
        if (!ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out ulong x))
            throw new InputException($"option '{name}': expected a non-negative whole number, got '{v}'");
        return x;
    }

    /// <summary>A finite number in [min, max].</summary>
    public double Double(string name, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        if (!_values.TryGetValue(name, out var v) || v is null) return fallback;
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
            throw new InputException($"option '{name}': expected a number, got '{v}'");
        if (x < min || x > max)
            throw new InputException($"option '{name}': {v} is out of range, expected {Range(min, max)}");
        return x;
    }

    /// <summary>One of the allowed words.</summary>
    public string Choice(string name, string fallback, params string[] allowed)
    {
        string v = String(name, fallback)!;
        if (Array.IndexOf(allowed, v) < 0)
            throw new InputException($"option '{name}': '{v}' is not one of {string.Join(", ", allowed)}");
        return v;
    }

    /// <summary>A comma-separated list of allowed words (no duplicates, at least one).</summary>
    public string[] ChoiceList(string name, string fallback, params string[] allowed)
    {
        string v = String(name, fallback)!;
        var items = v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0) throw new InputException($"option '{name}': empty list");
        foreach (var item in items)
            if (Array.IndexOf(allowed, item) < 0)
                throw new InputException($"option '{name}': '{item}' is not one of {string.Join(", ", allowed)}");
        if (items.Distinct().Count() != items.Length) throw new InputException($"option '{name}': '{v}' names an item twice");
        return items;
    }

    private static string Range(double min, double max)
        => (min, max) switch
        {
            (double.MinValue or int.MinValue, double.MaxValue or int.MaxValue) => "any number",
            (_, double.MaxValue or int.MaxValue) => $"≥ {min.ToString(CultureInfo.InvariantCulture)}",
            _ => $"{min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}",
        };
}
