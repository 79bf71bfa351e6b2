using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FinkXmatch.Core.Os;

/// <summary>
/// Starts the thread pool's workers (and its gate thread) from a thread of their own while the process does its
/// first, single-threaded work (the command line, the datalake's listing): a thread's start waits until the new thread
/// runs (<c>Thread.Start</c>), and the job's first <c>Task.Run</c> made the main thread wait for a worker and the gate
/// thread one after the other while the second core had nothing to do (docs/performance.md). That thread is a native
/// one (<c>pthread_create</c>), whose start nothing waits for; it enters the runtime when it calls the pool. The
/// workers then find the job's first work items started already. The pool is the same pool.
/// </summary>
public static unsafe partial class PoolThreadsAhead
{
    // How long a worker started here waits for the others to start (so that the pool starts one thread per core rather
    // than one thread running the work items one after the other): a bound, never a hang.
    private static readonly TimeSpan MeetingTimeout = TimeSpan.FromMilliseconds(2);

    private static int _workers;
    private static int _started;

    /// <summary>True once <see cref="Start"/> was called in this process.</summary>
    public static bool Requested => Volatile.Read(ref _workers) != 0;

    /// <summary>Work items started here that have run (tests).</summary>
    internal static int Started => Volatile.Read(ref _started);

    /// <summary>Starts <paramref name="workers"/> pool workers from another thread; returns at once.</summary>
    public static void Start(int workers)
    {
        if (workers <= 0 || Interlocked.CompareExchange(ref _workers, workers, 0) != 0) return;
        try
        {
            if (OperatingSystem.IsLinux() && pthread_create(out var thread, 0, &Run, 0) == 0)
            {
                _ = pthread_detach(thread);
                return;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not this libc: the pool starts its threads when first used, as without this.
        }
    }

    [UnmanagedCallersOnly]
    private static nint Run(nint argument)
    {
        var count = Volatile.Read(ref _workers);
        var met = new CountdownEvent(count);
        for (var w = 0; w < count; w++)
            ThreadPool.UnsafeQueueUserWorkItem(static m =>
            {
                Interlocked.Increment(ref _started);
                m.Signal();
                m.Wait(MeetingTimeout);
            }, met, preferLocal: false);
        return 0;
    }

    [LibraryImport("libc")]
    private static partial int pthread_create(out nint thread, nint attributes, delegate* unmanaged<nint, nint> start, nint argument);

    [LibraryImport("libc")]
    private static partial int pthread_detach(nint thread);
}
