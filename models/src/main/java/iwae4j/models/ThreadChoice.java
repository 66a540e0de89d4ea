package iwae4j.models;

/**
 * Decides, while a {@link Trainer} runs, whether its next step uses all of {@link iwae4j.tensor.Parallel}'s
 * threads or the calling thread alone. It times four blocks of steps — alone, all, all, alone, so that a steady
 * drift in speed cancels — and keeps the faster way until the next such probe: the first after {@code firstProbe},
 * then after 2, 4, 8, … times that (early probes may run while the JIT still compiles on the same cores), and at
 * most {@code interval} apart. Why: on a VM
 * two threads pay only while the host keeps the two vCPUs close, which can change in the middle of a run, and the
 * bits of a step do not depend on the thread count, so switching costs nothing in reproducibility. The clock is
 * the caller's ({@code System.nanoTime()} values), so the decisions can be tested on made-up times.
 */
final class ThreadChoice {
    /** Training time before the first probe (the JIT's first compilations), at most between probes, and per block. */
    static final long FIRST_PROBE_NANOS = 3_000_000_000L, INTERVAL_NANOS = 60_000_000_000L, BLOCK_NANOS = 50_000_000L;
    /** Steps per block, at least and at most (a block is about {@link #BLOCK_NANOS} of steps). */
    static final int MIN_BLOCK = 2, MAX_BLOCK = 200;

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

    ThreadChoice() {
        this(FIRST_PROBE_NANOS, INTERVAL_NANOS, BLOCK_NANOS);
    }

    ThreadChoice(long firstProbe, long interval, long blockNanos) {
        this.firstProbe = firstProbe;
        this.interval = interval;
        this.blockNanos = blockNanos;
    }

    /** Whether the step that starts at {@code now} runs on the calling thread alone. */
    boolean alone(long now) {
        if (!started) {
            started = true;
            nextProbe = now + firstProbe;
        }
        if (block < 0 && lastStepNanos > 0 && now - nextProbe >= 0) {
            block = 0;
            blockSteps = (int) Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, blockNanos / lastStepNanos));
            stepsLeft = blockSteps;
            aloneNanos = allNanos = 0;
        }
        return block < 0 ? alone : block == 0 || block == 3;
    }

    /** The step just taken took {@code stepNanos} and ended at {@code now}. */
    void took(long stepNanos, long now) {
        lastStepNanos = Math.max(1, stepNanos);
        if (block < 0) return;
        if (block == 0 || block == 3) aloneNanos += stepNanos;
        else allNanos += stepNanos;
        if (--stepsLeft > 0) return;
        stepsLeft = blockSteps;
        if (++block == 4) {
            alone = aloneNanos < allNanos;
            block = -1;
            probes++;
            nextProbe = now + Math.min(interval, firstProbe << Math.min(probes, 20));
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
