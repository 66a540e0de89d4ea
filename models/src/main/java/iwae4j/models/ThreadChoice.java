package iwae4j.models;

/**
 * Decides, while a {@link Trainer} runs, whether its next step uses all of {@link iwae4j.tensor.Parallel}'s
 * threads or the calling thread alone. A probe times four blocks of steps — alone, all, all, alone, so that a
 * steady drift in speed cancels — and the faster way is kept until the next probe: the first after
 * {@code firstProbe}, then 2, 4, … times that later (an early probe may still meet the JIT compiling on the same
 * cores), at most {@code interval} apart ({@link #ALONE_INTERVAL_NANOS} while alone), and at once when two blocks
 * of steps run {@link #SLOWDOWN} times slower than the chosen way did in the last probe. Why: on a VM two threads
 * pay only while the host keeps the two vCPUs close, which changes in the middle of a run, and the bits of a step
 * do not depend on the thread count, so switching costs nothing in reproducibility. The clock is the caller's ({@code System.nanoTime()} values), so the decisions
 * can be tested on made-up times.
 */
final class ThreadChoice {
    /**
     * Training time before the first probe, at most between probes, and per block. The first probe waits out the
     * JIT's first compilations, and a block is long enough that the first steps after a switch (the other core's
     * caches) weigh little.
     */
    static final long FIRST_PROBE_NANOS = 10_000_000_000L, INTERVAL_NANOS = 60_000_000_000L, BLOCK_NANOS = 100_000_000L;
    /** Steps per block, at least and at most (a block is about {@link #BLOCK_NANOS} of steps). */
    static final int MIN_BLOCK = 2, MAX_BLOCK = 200;
    /**
     * Two blocks of steps in a row this many times slower than the chosen way was in the last probe call a probe at
     * once; blocks in the first {@link #SETTLE_NANOS} after a probe are not judged (a switch's own transient).
     */
    static final double SLOWDOWN = 1.5;
    static final long SETTLE_NANOS = 5_000_000_000L;
    /**
     * At most this long between probes while steps run alone: the slowdown rule only sees the chosen way get slower,
     * so a return of the vCPUs' closeness is found by the next probe, and such stretches come and go within seconds.
     */
    static final long ALONE_INTERVAL_NANOS = 20_000_000_000L;
    /** Before the first probe, one step in this many runs alone. */
    static final int WARM_EVERY = 16;

    private final long firstProbe, interval, blockNanos;
    private boolean started;
    private long nextProbe;
    /** The way chosen by the last probe (all threads before the first). */
    private boolean alone;
    /** -1 outside a probe; else the block being timed, 0..3 (0 and 3 alone, 1 and 2 on all threads). */
    private int block = -1;
    private int blockSteps, stepsLeft;
    private long aloneNanos, allNanos, lastStepNanos;
    private int probes;
    /** The chosen way's nanoseconds per step in the last probe, and the steps since then, a block at a time. */
    private long baseline, windowNanos, judgeFrom;
    private int windowSteps, slowWindows, warmSteps;

    ThreadChoice() {
        this(FIRST_PROBE_NANOS, INTERVAL_NANOS, BLOCK_NANOS);
    }

    ThreadChoice(long firstProbe, long interval, long blockNanos) {
        this.firstProbe = firstProbe;
        this.interval = interval;
        this.blockNanos = blockNanos;
    }

    /**
     * Whether the step that starts at {@code now} runs on the calling thread alone. Before the first probe every
     * {@link #WARM_EVERY}th step does, so that the JIT compiles both ways from the start (code compiled while only
     * one way ran is thrown away when the other first runs, and a probe would time the recompilation).
     */
    boolean alone(long now) {
        if (!started) {
            started = true;
            nextProbe = now + firstProbe;
        }
        boolean due = block < 0 && lastStepNanos > 0 && now - nextProbe >= 0;
        if (probes == 0 && block < 0 && !due) return ++warmSteps % WARM_EVERY == 0;
        if (due) {
            block = 0;
            blockSteps = (int) Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, blockNanos / lastStepNanos));
            stepsLeft = blockSteps;
            aloneNanos = allNanos = 0;
        }
        return block < 0 ? alone : block == 0 || block == 3;
    }

    /**
     * The step just taken took {@code stepNanos} and ended at {@code now}. Outside a probe, two blocks of steps in a
     * row at more than {@link #SLOWDOWN} times the last probe's time per step call the next probe at once (the host
     * moved the vCPUs apart, say), instead of a minute later.
     */
    void took(long stepNanos, long now) {
        lastStepNanos = Math.max(1, stepNanos);
        if (block < 0) {
            if (baseline == 0 || now - judgeFrom < 0) return;
            windowNanos += stepNanos;
            if (++windowSteps < blockSteps) return;
            slowWindows = windowNanos > SLOWDOWN * baseline * windowSteps ? slowWindows + 1 : 0;
            if (slowWindows >= 2) nextProbe = now;
            windowNanos = 0;
            windowSteps = 0;
            return;
        }
        if (block == 0 || block == 3) aloneNanos += stepNanos;
        else allNanos += stepNanos;
        if (--stepsLeft > 0) return;
        stepsLeft = blockSteps;
        if (++block == 4) {
            alone = aloneNanos < allNanos;
            baseline = Math.max(1, Math.min(aloneNanos, allNanos) / (2L * blockSteps));
            windowNanos = 0;
            windowSteps = 0;
            slowWindows = 0;
            judgeFrom = now + SETTLE_NANOS;
            block = -1;
            probes++;
            nextProbe = now + Math.min(alone ? Math.min(interval, ALONE_INTERVAL_NANOS) : interval, firstProbe << Math.min(probes, 20));
        }
    }

    /** Whether steps outside a probe now run on the calling thread alone. */
    boolean choseAlone() {
        return alone;
    }

    /** Probes finished so far. */
    int probes() {
        return probes;
    }
}
