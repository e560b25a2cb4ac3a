using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Sequences;

namespace Lisor.Pure.Tests.Training;

public class SyntheticTasksTests
{
    private static string Text(LabeledSequence e) => string.Concat(e.Tokens);

    /// <summary>The Tomita languages written directly from their definitions (docs/method.md §7), not through a DFA.</summary>
    private static bool InTomita(int n, string s) => n switch
    {
        1 => s.All(c => c == '1'),
        2 => s.Length % 2 == 0 && Enumerable.Range(0, s.Length / 2).All(i => s.Substring(2 * i, 2) == "10"),
        3 => !OddOnesThenOddZeros(s),
        4 => !s.Contains("000"),
        5 => s.Count(c => c == '0') % 2 == 0 && s.Count(c => c == '1') % 2 == 0,
        6 => (s.Count(c => c == '0') - s.Count(c => c == '1')) % 3 == 0,
        7 => System.Text.RegularExpressions.Regex.IsMatch(s, "^0*1*0*1*$"),
        _ => throw new ArgumentOutOfRangeException(nameof(n)),
    };

    /// <summary>True when a maximal run of 1s of odd length is immediately followed by a maximal run of 0s of odd length.</summary>
    private static bool OddOnesThenOddZeros(string s)
    {
        var runs = new List<(char Symbol, int Length)>();
        foreach (char c in s)
            if (runs.Count > 0 && runs[^1].Symbol == c) runs[^1] = (c, runs[^1].Length + 1);
            else runs.Add((c, 1));
        for (int i = 0; i + 1 < runs.Count; i++)
            if (runs[i].Symbol == '1' && runs[i].Length % 2 == 1 && runs[i + 1].Length % 2 == 1) return true;
        return false;
    }

    [Test]
    public void Task_0110_has_the_papers_sizes_balanced_training_and_the_16_strings_for_validation()
    {
        var t = SyntheticTasks.Generate("0110", new TaskOptions(), seed: 1);
        Assert.That((t.Train.Count, t.Valid.Count, t.Test.Count), Is.EqualTo((1000, 16, 100)));
        foreach (var e in t.Train.Concat(t.Valid).Concat(t.Test))
        {
            Assert.That(e.Tokens, Has.Length.EqualTo(4));
            Assert.That(e.Label, Is.EqualTo(Text(e) == "0110" ? "1" : "0"));
        }
        Assert.That(t.Valid.Select(Text).Distinct().Count(), Is.EqualTo(16));
        Assert.That(t.Train.Count(e => e.Label == "1"), Is.InRange(430, 570));
        Assert.Throws<InputException>(() => SyntheticTasks.Generate("0110", new TaskOptions(MaxLength: 6), 1));
    }

    [Test]
    public void Task_000_is_negative_exactly_when_the_string_contains_000()
    {
        var t = SyntheticTasks.Generate("000", new TaskOptions(), seed: 2);
        Assert.That((t.Train.Count, t.Valid.Count, t.Test.Count), Is.EqualTo((3000, 500, 500)));
        var all = t.Train.Concat(t.Valid).Concat(t.Test).ToList();
        foreach (var e in all)
        {
            Assert.That(e.Tokens.Length, Is.InRange(5, 20));
            Assert.That(e.Label, Is.EqualTo(Text(e).Contains("000") ? "0" : "1"), Text(e));
        }
        Assert.That(all.Select(e => e.Tokens.Length).Distinct().Count(), Is.EqualTo(16));
    }

    [TestCase(1), TestCase(2), TestCase(3), TestCase(4), TestCase(5), TestCase(6), TestCase(7)]
    public void Tomita_labels_follow_the_grammar_and_classes_are_balanced(int n)
    {
        var t = SyntheticTasks.Generate($"tomita{n}", new TaskOptions(), seed: 3);
        Assert.That((t.Train.Count, t.Valid.Count, t.Test.Count), Is.EqualTo((2000, 500, 500)));
        foreach (var e in t.Train.Concat(t.Valid).Concat(t.Test))
        {
            Assert.That(e.Tokens.Length, Is.InRange(0, 20));
            Assert.That(e.Label, Is.EqualTo(InTomita(n, Text(e)) ? "1" : "0"), $"tomita{n}: '{Text(e)}'");
        }
        Assert.That(t.Train.Count(e => e.Label == "1"), Is.InRange(900, 1100));
    }

    [Test]
    public void Tasks_are_deterministic_for_a_seed_and_options_override_sizes_and_lengths()
    {
        var a = SyntheticTasks.Generate("tomita5", new TaskOptions(Train: 30, Valid: 7, Test: 9, MinLength: 3, MaxLength: 6), seed: 11);
        var b = SyntheticTasks.Generate("tomita5", new TaskOptions(Train: 30, Valid: 7, Test: 9, MinLength: 3, MaxLength: 6), seed: 11);
        var c = SyntheticTasks.Generate("tomita5", new TaskOptions(Train: 30, Valid: 7, Test: 9, MinLength: 3, MaxLength: 6), seed: 12);
        Assert.That(b.Train.Select(e => e.ToString()), Is.EqualTo(a.Train.Select(e => e.ToString())));
        Assert.That(c.Train.Select(e => e.ToString()), Is.Not.EqualTo(a.Train.Select(e => e.ToString())));
        Assert.That((a.Train.Count, a.Valid.Count, a.Test.Count), Is.EqualTo((30, 7, 9)));
        Assert.That(a.Train.Select(e => e.Tokens.Length), Has.All.InRange(3, 6));
    }

    [Test]
    public void Impossible_or_unknown_tasks_are_input_errors()
    {
        // Tomita 2 has no positive string of odd length only.
        Assert.Throws<InputException>(() => SyntheticTasks.Generate("tomita2", new TaskOptions(MinLength: 3, MaxLength: 3), 1));
        Assert.Throws<InputException>(() => SyntheticTasks.Generate("tomita8", new TaskOptions(), 1));
        Assert.Throws<InputException>(() => SyntheticTasks.Generate("000", new TaskOptions(MinLength: 9, MaxLength: 4), 1));
    }

    /// <summary>Task 000's language (its positives: no 000), else Tomita n's, straight from the definitions.</summary>
    private static bool Positive(string task, string s) => task == "000" ? !s.Contains("000") : InTomita(task[6] - '0', s);

    [Test]
    public void Every_task_refuses_lengths_that_leave_one_class_only_and_else_writes_both()
    {
        // task 000 at lengths 1…2 wrote 3000 positives and no negative (no string that short contains 000); train then refused it
        var e = Assert.Throws<InputException>(() => SyntheticTasks.Generate("000", new TaskOptions(MinLength: 1, MaxLength: 2), 1))!;
        Assert.That(e.Describe(s => s.Name == "TaskOptions.MinLength" ? "--min-length" : s.Name == "TaskOptions.MaxLength" ? "--max-length" : s.ToString()),
            Is.EqualTo("task 000: no negative string has a length in 1…2; --min-length/--max-length must leave strings of both classes"));
        foreach (string task in SyntheticTasks.Names.Where(n => n != "0110"))   // 0110: length 4 only, both classes
            for (int lo = 0; lo <= 7; lo++)
                for (int hi = lo; hi <= 7; hi++)
                {
                    // both classes among all the strings of lengths lo…hi?
                    var strings = Enumerable.Range(lo, hi - lo + 1)
                        .SelectMany(n => Enumerable.Range(0, 1 << n).Select(v => string.Concat(Enumerable.Range(0, n).Select(i => (v >> i & 1) == 1 ? '1' : '0'))));
                    bool both = strings.Any(x => Positive(task, x)) && strings.Any(x => !Positive(task, x));
                    var options = new TaskOptions(Train: 300, Valid: 20, Test: 20, MinLength: lo, MaxLength: hi);
                    if (!both)
                    {
                        Assert.Throws<InputException>(() => SyntheticTasks.Generate(task, options, 1), $"{task} {lo}…{hi}");
                        continue;
                    }
                    var train = SyntheticTasks.Generate(task, options, 1).Train;
                    Assert.That(train.Select(x => x.Label).Distinct().Count(), Is.EqualTo(2), $"{task} {lo}…{hi}");
                }
    }
}
