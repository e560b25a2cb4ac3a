using Lisor.Pure.Common;

namespace Lisor.Pure.Experiments;

/// <summary>
/// Runs independent jobs (the trainings of a sweep's trials, the candidates of the learning-rate selection) side by
/// side, up to <see cref="Parallelism.Threads"/> at once, each kept to its own thread (<see cref="Parallelism.OnOneThread"/>).
/// A small RNN's batch is too short to split well across cores, so whole jobs in parallel use the cores better. Every
/// job computes what it would alone (no result depends on the thread count); a job that fails makes the whole call
/// fail with the exception of the lowest-numbered failing job, as a run one job after another would.
/// </summary>
internal static class SideBySide
{
    /// <summary>Calls <paramref name="job"/>(i) for i = 0 … count − 1, in parallel when more than one thread is allowed.</summary>
    public static void Run(int count, Action<int> job)
    {
        int threads = Math.Min(Parallelism.Threads, count);
        if (threads <= 1)
        {
            for (int i = 0; i < count; i++) job(i);
            return;
        }
        var errors = new Exception?[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            try { Parallelism.OnOneThread(() => job(i)); }
            catch (Exception e) { errors[i] = e; }
        });
        foreach (var e in errors)
            if (e is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
    }
}
