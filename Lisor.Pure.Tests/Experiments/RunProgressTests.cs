using Lisor.Pure.Common;
using Lisor.Pure.Experiments;

namespace Lisor.Pure.Tests.Experiments;

/// <summary>The progress lines of `reproduce` and `sweep` (<see cref="RunProgress"/>) and the side-by-side jobs behind them.</summary>
public class RunProgressTests
{
    [Test]
    public void A_line_names_stage_and_item_then_run_i_of_n_time_so_far_and_time_left()
    {
        var lines = new List<string>();
        var now = TimeSpan.Zero;
        var cpu = TimeSpan.Zero;
        var p = new RunProgress(lines.Add, 4, () => now, () => cpu);
        p.Stage("Table II · 0110");
        p.Begin("gru trial 2/5");
        p.Line("trained");
        now = TimeSpan.FromSeconds(60);
        p.End();
        p.Begin("gru trial 3/5");
        p.Line("smallest k = 9");
        now = TimeSpan.FromSeconds(90);
        cpu = TimeSpan.FromSeconds(170);
        p.EndStage();
        Assert.That(lines, Is.EqualTo(new[]
        {
            "[Table II · 0110 · gru trial 2/5] run 1/4 · 0:00 so far · time left not known yet · trained",
            "[Table II · 0110 · gru trial 3/5] run 2/4 · 1:00 so far · ≈ 3:00 left · smallest k = 9",
            "[Table II · 0110] run 2/4 · 1:30 so far · ≈ 4:30 left · stage done in 1:30 (170 s of processor time)",
        }));
    }

    [Test]
    public void Per_line_parts_count_one_run_per_line_and_the_plan_grows_when_exceeded()
    {
        var lines = new List<string>();
        var now = TimeSpan.FromSeconds(10);
        var p = new RunProgress(lines.Add, 1, () => now, () => TimeSpan.Zero);
        p.Stage("Tomita");
        var log = p.PerLine();
        log("tomita1 srn paper");
        log("tomita1 srn recipe");
        Assert.That(lines[0], Is.EqualTo("[Tomita] run 1/1 · 0:10 so far · ≈ 0:00 left · tomita1 srn paper"));
        Assert.That(lines[1], Is.EqualTo("[Tomita] run 2/2 · 0:10 so far · ≈ 0:00 left · tomita1 srn recipe"));
        Assert.That((p.Total, p.Finished), Is.EqualTo((2, 2)));
    }

    [TestCase(0, "0:00")]
    [TestCase(59.6, "1:00")]
    [TestCase(754, "12:34")]
    [TestCase(3725, "1:02:05")]
    public void Clock_reads_m_ss_below_an_hour_and_h_mm_ss_above(double seconds, string expected)
        => Assert.That(RunProgress.Clock(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [Test]
    public void The_quick_plan_counts_every_unit_of_reproduce()
    {
        // quick: 4 cells × 2 trials; 24 learning-rate candidates, 13 sweep or default rows × 8, t-SNE, 7 × 4 × 2 Tomita rows, 4 × 2 text trials.
        Assert.That(Reproduction.PlannedRuns(ReproduceOptions.Quick(1)), Is.EqualTo(24 + 13 * 8 + 1 + 56 + 8));
        Assert.That(Reproduction.PlannedRuns(ReproduceOptions.Full(1)), Is.EqualTo(24 + 13 * 20 + 1 + 56 + 4 * 5 * 2));
    }

    [Test]
    public void Sweep_prints_one_progress_line_per_event_with_its_stage_and_run()
    {
        string dir = CliRunner.TempDir();
        Assert.That(CliRunner.Run("data", "--task", "0110", "--out", dir, "--train", "120", "--valid", "40", "--test", "40").ExitCode, Is.EqualTo(0));
        var r = CliRunner.Run("sweep", "--train", Path.Combine(dir, "train.tsv"), "--valid", Path.Combine(dir, "valid.tsv"),
            "--test", Path.Combine(dir, "test.tsv"), "--cells", "srn,mgu", "--trials", "1", "--methods", "kmeans", "--max-clusters", "3",
            "--hidden", "4", "--layers", "1", "--epochs", "2", "--out", Path.Combine(dir, "sweep"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Err);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.All.Match(@"^\[sweep( · [a-z]+ trial 1/1)?\] run [12]/2 · \d+:\d\d so far · (time left not known yet|≈ \d+:\d\d left) · "));
        Assert.That(lines.Count(l => l.StartsWith("[sweep · srn trial 1/1] run 1/2", StringComparison.Ordinal) && l.Contains("smallest k")), Is.EqualTo(1));
        Assert.That(lines.Count(l => l.StartsWith("[sweep · mgu trial 1/1] run 2/2", StringComparison.Ordinal) && l.Contains("smallest k")), Is.EqualTo(1));
        Assert.That(lines.Count(l => l.Contains(": trained ")), Is.EqualTo(2));
        Assert.That(lines[^1], Does.StartWith("[sweep] run 2/2").And.Contain("stage done in"));
    }

    [Test]
    public void Side_by_side_jobs_all_run_on_one_thread_each_and_the_first_failure_is_rethrown()
    {
        int previous = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 2;
            var seen = new int[6];
            SideBySide.Run(6, i => seen[i] = Parallelism.Threads * 10 + i);
            Assert.That(seen, Is.EqualTo(new[] { 10, 11, 12, 13, 14, 15 }), "each job sees one thread");
            Assert.That(Parallelism.Threads, Is.EqualTo(2), "the caller's setting is untouched");
            var e = Assert.Throws<InvalidOperationException>(() => SideBySide.Run(5, i =>
            {
                if (i >= 2) throw new InvalidOperationException($"job {i}");
            }));
            Assert.That(e!.Message, Is.EqualTo("job 2"));
        }
        finally { Parallelism.Threads = previous; }
    }
}
