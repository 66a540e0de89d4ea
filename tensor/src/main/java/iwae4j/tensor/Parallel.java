package iwae4j.tensor;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The thread pool that splits big kernels over cores. Work is cut into numbered parts by the caller, and
 * the caller's thread works too; which thread runs a part never changes what the part computes, so
 * results do not depend on scheduling. One job runs at a time: a second caller that finds the pool busy,
 * or a part of a running job that calls {@code run} again, runs its parts itself, in order. Nothing is
 * allocated per job.
 */
public final class Parallel {
    /** One numbered part of a job. */
    public interface Body {
        void run(int part);
    }

    private static final int MAX_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile int threads = initialThreads();
    /** Per thread: the most threads its kernels may use inside {@link #withThreads} (0: no limit); looked up only once that was ever used. */
    private static final ThreadLocal<int[]> LIMIT = ThreadLocal.withInitial(() -> new int[1]);
    private static volatile boolean limitInUse;

    /** How long an idle worker spins before it parks; tunable with {@code -Diwae4j.spinMicros}. */
    private static final long SPIN_NANOS = Long.getLong("iwae4j.spinMicros", 5_000) * 1_000;
    private static final ReentrantLock busy = new ReentrantLock();
    private static final Worker[] workers = new Worker[MAX_THREADS - 1];

    static {
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w);
            workers[w].thread.start();
        }
    }

    private Parallel() {
    }

    private static int initialThreads() {
        String p = System.getProperty("iwae4j.threads");
        int t = p == null ? MAX_THREADS : Integer.parseInt(p.trim());
        return Math.max(1, Math.min(t, MAX_THREADS));
    }

    /** The number of threads kernels may use (the caller's included). */
    public static int threads() {
        return threads;
    }

    /** The threads kernels called from this thread may use: {@link #threads()}, or fewer inside {@link #withThreads}. */
    public static int threadsHere() {
        if (!limitInUse) return threads;   // no thread-local lookup until a limit was ever set
        int limit = LIMIT.get()[0];
        return limit == 0 ? threads : Math.min(threads, limit);
    }

    /**
     * Sets how many threads kernels may use, from 1 to the number of processors. Results are
     * bit-identical whatever the setting.
     */
    public static void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        threads = Math.min(n, MAX_THREADS);
    }

    /** Work that may throw a checked exception, for {@link #onCallingThread}. */
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code work} with every kernel it calls on the calling thread alone, whatever {@link #threads()} says,
     * for hosts that give each task its own core (e.g. Spark executors running one task per core). Other
     * threads are not affected; results are the same bits.
     */
    public static <T, E extends Exception> T onCallingThread(Work<T, E> work) throws E {
        return withThreads(1, work);
    }

    /**
     * Runs {@code work} with the kernels it calls on at most {@code n} threads (the calling thread included), fewer when
     * {@link #threads()} or an enclosing call allows fewer: the setting of one trainer or scorer, leaving other threads'
     * work alone. Results are the same bits whatever {@code n}.
     */
    public static <T, E extends Exception> T withThreads(int n, Work<T, E> work) throws E {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        int[] limit = LIMIT.get();
        limitInUse = true;
        int saved = limit[0];
        limit[0] = saved == 0 ? n : Math.min(saved, n);
        try {
            return work.run();
        } finally {
            limit[0] = saved;
        }
    }

    /**
     * Runs {@code job.run(p)} for p = 0..n-1. Thread t of T runs parts t, t+T, t+2T, ...; the calling
     * thread is thread 0. Exceptions thrown by a part are rethrown here.
     */
    public static void run(int n, Body job) {
        if (n <= 0) return;
        int t = Math.min(Math.min(threadsHere(), n), workers.length + 1);
        // one thread, nested (a part that runs kernels, e.g. one evaluation chunk per thread) or busy: run the parts here
        if (t == 1 || busy.isHeldByCurrentThread() || !busy.tryLock()) {
            for (int p = 0; p < n; p++) job.run(p);
            return;
        }
        try {
            for (int w = 0; w < t - 1; w++) workers[w].start(job, n, w + 1, t);
            Throwable failure = null;
            try {
                for (int p = 0; p < n; p += t) job.run(p);
            } catch (Throwable e) {
                failure = e;
            }
            for (int w = 0; w < t - 1; w++) {
                Throwable f = workers[w].awaitDone();
                if (failure == null) failure = f;
            }
            if (failure instanceof RuntimeException) throw (RuntimeException) failure;
            if (failure instanceof Error) throw (Error) failure;
            if (failure != null) throw new IllegalStateException(failure);
        } finally {
            busy.unlock();
        }
    }

    /** A helper thread with a one-job mailbox; only the thread holding {@code busy} writes to it. */
    private static final class Worker {
        final Thread thread;
        private Body job;
        private int parts;
        private int first;
        private int stride;
        private Throwable failure;
        private volatile boolean pending;

        Worker(int index) {
            thread = new Thread(this::loop, "iwae4j-worker-" + index);
            thread.setDaemon(true);
        }

        void start(Body j, int n, int firstPart, int step) {
            job = j;
            parts = n;
            first = firstPart;
            stride = step;
            failure = null;
            pending = true; // volatile write publishes the fields above
            LockSupport.unpark(thread);
        }

        Throwable awaitDone() {
            while (pending) Thread.onSpinWait();
            Throwable f = failure;
            job = null;
            return f;
        }

        private void loop() {
            while (true) {
                // spin for a while before parking: waking a parked thread costs tens of microseconds (more in
                // a VM), far more than the small kernels of a batch-20 step
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (!pending) {
                    if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                    else LockSupport.park(this);
                }
                try {
                    for (int p = first; p < parts; p += stride) job.run(p);
                } catch (Throwable e) {
                    failure = e;
                }
                pending = false;
            }
        }
    }
}
