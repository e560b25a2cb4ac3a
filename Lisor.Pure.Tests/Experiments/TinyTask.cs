using Lisor.Pure.Data;

namespace Lisor.Pure.Tests.Experiments;

/// <summary>A small data set for the sweep and text command tests: task 0110, 120 / 60 / 60 strings, seed 3.</summary>
internal static class TinyTask
{
    /// <summary>Writes train.tsv, valid.tsv and test.tsv into a fresh folder; returns it and the splits.</summary>
    public static (string Dir, TaskSplits Splits) Write()
    {
        string dir = CliRunner.TempDir();
        var splits = SyntheticTasks.Generate("0110", new TaskOptions(Train: 120, Valid: 60, Test: 60), 3);
        Tsv.Write(Path.Combine(dir, "train.tsv"), splits.Train);
        Tsv.Write(Path.Combine(dir, "valid.tsv"), splits.Valid);
        Tsv.Write(Path.Combine(dir, "test.tsv"), splits.Test);
        return (dir, splits);
    }
}
