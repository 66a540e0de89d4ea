package iwae4j.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far apart two threads run: the median nanoseconds of a round trip in which two threads hand a counter back
 * and forth through two shared variables, over five rounds. On a VM this moves when the host moves the vCPUs, and
 * two-thread steps move with it while one-thread steps do not, so the comparison script prints it beside its
 * tables (docs/benchmarks.md, "A Zen 4 host"). Prints {@code core_round_trip_ns=X}.
 * Usage: {@code CoreDistance [roundTripsPerRound=200000]}.
 */
public final class CoreDistance {
    private CoreDistance() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        System.out.printf(Locale.ROOT, "core_round_trip_ns=%.0f%n", roundTripNanos(n, 5));
    }

    /** The median over {@code rounds} of the mean round trip of {@code n} hand-offs, after one round of warm-up. */
    static double roundTripNanos(int n, int rounds) throws InterruptedException {
        AtomicLong ping = new AtomicLong(), pong = new AtomicLong();
        long total = (long) n * (rounds + 1);
        Thread echo = new Thread(() -> {
            for (long i = 1; i <= total; i++) {
                while (ping.get() != i) Thread.onSpinWait();
                pong.set(i);
            }
        }, "iwae4j-core-distance");
        echo.setDaemon(true);
        echo.start();
        double[] perRound = new double[rounds];
        long i = 0;
        for (int r = -1; r < rounds; r++) {
            long start = System.nanoTime();
            for (int j = 0; j < n; j++) {
                ping.set(++i);
                while (pong.get() != i) Thread.onSpinWait();
            }
            if (r >= 0) perRound[r] = (System.nanoTime() - start) / (double) n;
        }
        echo.join();
        Arrays.sort(perRound);
        return perRound[rounds / 2];
    }
}
