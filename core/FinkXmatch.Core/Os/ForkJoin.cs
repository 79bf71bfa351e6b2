namespace FinkXmatch.Core.Os;

/// <summary>
/// Runs a step on several workers at once: the calling thread and thread-pool threads. In place of <c>Parallel.For</c>,
/// <c>Parallel.ForEach</c> and <c>Parallel.Invoke</c> on a job's path: their first call in a process costs ~15-20 ms of
/// CPU (their event source, generic code compiled at run time, not in the ReadyToRun images), which a one-night job
/// with a small catalog paid once per process, as much as its catalog's index.
/// </summary>
internal static class ForkJoin
{
    /// <summary>
    /// Runs <paramref name="step"/>(worker) once for each worker in [0, <paramref name="workers"/>) and returns when all
    /// are done. As with <c>Parallel.For</c>, the calling thread takes part and also runs the workers no pool thread has
    /// started by then (a busy pool never leaves it waiting), and whatever they threw comes out as one
    /// <see cref="AggregateException"/>.
    /// </summary>
    public static void Run(int workers, Action<int> step)
    {
        if (workers <= 0) return;
        var run = new Workers(workers, step);
        for (var w = 1; w < workers; w++) ThreadPool.UnsafeQueueUserWorkItem(static state => ((Workers)state!).Work(), run);
        run.Work();
        run.Wait();
    }

    private sealed class Workers(int count, Action<int> step)
    {
        private readonly CountdownEvent _finished = new(count);
        private readonly List<Exception> _errors = [];
        private int _next = -1;

        // Takes the workers nobody has taken yet, one after the other; a pool thread that starts late finds none.
        public void Work()
        {
            for (int worker; (worker = Interlocked.Increment(ref _next)) < count;)
            {
                try
                {
                    step(worker);
                }
                catch (Exception e)
                {
                    lock (_errors) _errors.Add(e);
                }
                finally
                {
                    _finished.Signal();
                }
            }
        }

        public void Wait()
        {
            _finished.Wait();
            if (_errors.Count > 0) throw new AggregateException(_errors);
        }
    }
}
