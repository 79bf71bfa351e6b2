namespace FinkXmatch.Core.Os;

/// <summary>
/// Runs a step on several workers at once: the calling thread is worker 0, the others thread-pool tasks. In place of
/// <c>Parallel.For</c>, <c>Parallel.ForEach</c> and <c>Parallel.Invoke</c> on a job's path: their first call in a
/// process costs ~15-20 ms of CPU (their event source, generic code compiled at run time, not in the ReadyToRun
/// images), which a one-night job with a small catalog paid once per process, more than its catalog's index.
/// </summary>
internal static class ForkJoin
{
    /// <summary>
    /// Runs <paramref name="step"/>(worker) for each worker in [0, <paramref name="workers"/>) and returns when all are done;
    /// like <c>Parallel.For</c>, whatever they threw comes out as one <see cref="AggregateException"/>.
    /// </summary>
    public static void Run(int workers, Action<int> step)
    {
        if (workers <= 1)
        {
            if (workers == 1) Wrapped(step, 0);
            return;
        }
        var others = new Task[workers - 1];
        for (var w = 1; w < workers; w++)
        {
            var worker = w;
            others[w - 1] = Task.Run(() => step(worker));
        }
        Exception? first = null;
        try
        {
            step(0);
        }
        catch (Exception e)
        {
            first = e;
        }
        try
        {
            Task.WaitAll(others);
        }
        catch (AggregateException e)
        {
            throw first is null ? e : new AggregateException([first, .. e.InnerExceptions]);
        }
        if (first is not null) throw new AggregateException(first);
    }

    private static void Wrapped(Action<int> step, int worker)
    {
        try
        {
            step(worker);
        }
        catch (Exception e)
        {
            throw new AggregateException(e);
        }
    }
}
