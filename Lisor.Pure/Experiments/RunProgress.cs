using System.Diagnostics;
using System.Globalization;

namespace Lisor.Pure.Experiments;

/// <summary>
/// Progress lines of a long run (`reproduce`, `sweep`). Every line says where the run is and how far it has come:
/// <code>[Table II · 0110 · gru trial 2/5] run 14/96 · 3:12 so far · ≈ 18:40 left · gru trial 2 LISOR-k: smallest k reaching 1 = 9</code>
/// the stage and the item being worked on, which of the run's N units of work (a trained and swept (cell, trial),
/// a candidate learning rate, a Tomita row, …) it is, the time since the start, and an estimate of the time left:
/// time so far × units left ÷ units finished (none before the first unit finishes). Each event is one line of its own,
/// so a log file or a pipe reads in order. When a stage ends, one line gives its wall-clock and processor time.
/// </summary>
internal sealed class RunProgress
{
    private readonly Action<string> _write;
    private readonly Func<TimeSpan> _elapsed;
    private readonly Func<TimeSpan> _cpu;
    private string _stage = "", _item = "";
    private int _started, _finished;
    private TimeSpan _stageWall, _stageCpu;

    /// <summary>Lines go to <paramref name="write"/>; <paramref name="total"/> units of work are planned. The clocks default to the process's.</summary>
    public RunProgress(Action<string> write, int total, Func<TimeSpan>? elapsed = null, Func<TimeSpan>? cpu = null)
    {
        _write = write;
        Total = Math.Max(1, total);
        if (elapsed is null)
        {
            var clock = Stopwatch.StartNew();
            elapsed = () => clock.Elapsed;
        }
        _elapsed = elapsed;
        _cpu = cpu ?? (() => Process.GetCurrentProcess().TotalProcessorTime);
    }

    /// <summary>The planned units of work (grows if more are begun than planned).</summary>
    public int Total { get; private set; }

    /// <summary>Units finished so far.</summary>
    public int Finished => _finished;

    /// <summary>Starts a stage ("Table II · 0110"); its time is reported by <see cref="EndStage"/>.</summary>
    public void Stage(string name)
    {
        _stage = name;
        _item = "";
        _stageWall = _elapsed();
        _stageCpu = _cpu();
    }

    /// <summary>Starts the next unit of work, <paramref name="item"/> naming it ("gru trial 2/5").</summary>
    public void Begin(string item)
    {
        _item = item;
        _started++;
        if (_started > Total) Total = _started;
    }

    /// <summary>Finishes the current unit.</summary>
    public void End()
    {
        _finished = Math.Min(_finished + 1, _started);
        _item = "";
    }

    /// <summary>Writes one event of the current unit as a progress line.</summary>
    public void Line(string text) => _write(Format(text));

    /// <summary>
    /// A log for a part that writes exactly one line per unit of work (the default extraction, the Tomita rows, the text trials):
    /// each line is a unit begun and finished.
    /// </summary>
    public Action<string> PerLine(string item = "") => text =>
    {
        Begin(item);
        End();
        Line(text);
    };

    /// <summary>Ends the stage with one line: its wall-clock and processor time.</summary>
    public void EndStage()
    {
        _item = "";
        var wall = _elapsed() - _stageWall;
        var cpu = _cpu() - _stageCpu;
        Line(string.Create(CultureInfo.InvariantCulture, $"stage done in {Clock(wall)} ({cpu.TotalSeconds:0} s of processor time)"));
    }

    /// <summary>The line for <paramref name="text"/> as <see cref="Line"/> writes it.</summary>
    public string Format(string text)
    {
        string where = _item.Length == 0 ? _stage : _stage.Length == 0 ? _item : $"{_stage} · {_item}";
        var elapsed = _elapsed();
        string left = _finished == 0 ? "time left not known yet"
            : _finished >= Total ? "≈ 0:00 left"
            : $"≈ {Clock(TimeSpan.FromTicks(elapsed.Ticks / _finished * (Total - _finished)))} left";
        int current = Math.Max(1, Math.Min(_started, Total));
        return $"[{where}] run {current}/{Total} · {Clock(elapsed)} so far · {left} · {text}";
    }

    /// <summary>m:ss below an hour, else h:mm:ss.</summary>
    public static string Clock(TimeSpan t)
    {
        long s = Math.Max(0, (long)Math.Round(t.TotalSeconds));
        return s < 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{s / 60}:{s % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{s / 3600}:{s / 60 % 60:00}:{s % 60:00}");
    }
}
