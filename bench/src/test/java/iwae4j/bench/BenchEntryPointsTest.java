package iwae4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every entry point that bench/compare-pytorch.sh and the benchmark logs call runs for one short cell and prints
 * the line or table its callers parse, so the tools cannot rot unnoticed (the timers once built a bench state
 * without its batch size and stopped at the first cell). Nothing here is a measurement.
 */
class BenchEntryPointsTest {
    private static String stdout(ThrowingRunnable r) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        saved.print(out);
        return out;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void stepTimerPrintsTheLineTheComparisonScriptParses() throws Exception {
        String out = stdout(() -> StepTimer.main(new String[] {"1", "5", "1", "0.2"}));
        Matcher m = Pattern.compile("^cell layers=1 k=5 threads=1 ms_per_step=([0-9.]+) bytes_per_step=([0-9]+) warmup_s=([0-9.]+)$", Pattern.MULTILINE).matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Double.parseDouble(m.group(1)) > 0, out);
    }

    @Test
    void trainerTimerPrintsStepsAndPassesPerHour() throws Exception {
        String out = stdout(() -> TrainerTimer.main(new String[] {"1", "1", "1", "0.2"}));
        Matcher m = Pattern.compile("^trainer layers=1 k=1 threads=1 ms_per_step=([0-9.]+) passes_per_hour=([0-9.]+) threads_in_use=1 warmup_s=([0-9.]+)$",
                Pattern.MULTILINE).matcher(out);
        assertTrue(m.find(), out);
        double ms = Double.parseDouble(m.group(1)), passes = Double.parseDouble(m.group(2));
        assertTrue(ms > 0, out);
        assertEquals(3.6e6 / (3000 * ms), passes, 0.05 * passes + 0.1, out); // 3,000 steps of 20 make one pass over MNIST
    }

    @Test
    void trainerBenchTrainsAnEpochOnItsSetup() {
        TrainerBench b = new TrainerBench();
        b.layers = 1;
        b.k = 1;
        b.threads = 1;
        b.setUp();
        double first = b.epoch(), second = b.epoch();
        assertTrue(Double.isFinite(first) && Double.isFinite(second), first + " " + second);
        assertTrue(second != first, "the second epoch trains on: " + first + " " + second);
    }

    @Test
    void coreDistancePrintsTheLineTheComparisonScriptParses() throws Exception {
        String out = stdout(() -> CoreDistance.main(new String[] {"2000"}));
        Matcher m = Pattern.compile("^core_round_trip_ns=([0-9]+)$", Pattern.MULTILINE).matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Double.parseDouble(m.group(1)) > 0, out);
    }

    @Test
    void evalTimerPrintsTheLineTheComparisonScriptParses() throws Exception {
        String out = stdout(() -> EvalTimer.main(new String[] {"1", "1", "0.2"}));
        Matcher m = Pattern.compile("^eval layers=1 threads=1 points_per_s=([0-9.]+) warmup_s=([0-9.]+)$", Pattern.MULTILINE).matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Double.parseDouble(m.group(1)) > 0, out);
    }

    @Test
    void reportRunsEverySectionAndPrintsARowInEach() throws Exception {
        String out = stdout(() -> Report.main(new String[] {"all", "--smoke"}));
        assertTrue(out.startsWith("JDK ") && out.lines().findFirst().orElse("").contains(Report.cpuModel()), "the header names the CPU: " + out);
        String[] rows = {"^\\| AB \\| 1 \\| [0-9]+ \\|", "^\\| expPolynomial \\| [0-9.]+ \\|", "^\\| 1 \\| 1 \\| 1 \\| step \\| [0-9.]+ \\|",
                "^\\| 1 \\| 1 \\| [0-9.]+ \\|", "^\\| stl \\| 1 \\| [0-9.]+ \\| (NaN|[0-9.]+) \\| [0-9.]+ \\|"};
        for (String row : rows) assertTrue(Pattern.compile(row, Pattern.MULTILINE).matcher(out).find(), "no row like " + row + " in\n" + out);
        Matcher peak = Pattern.compile("^One core's FMA peak \\(FmaPeakBench, \\d+ lanes, (\\d+)-bit vectors\\): ([0-9.]+) GFLOP/s", Pattern.MULTILINE).matcher(out);
        assertTrue(peak.find() && Double.parseDouble(peak.group(2)) > 0, "the step section names the peak it divides by:\n" + out);
        assertEquals(FmaPeakBench.S.vectorBitSize(), Integer.parseInt(peak.group(1)), out);
        assertTrue(Pattern.compile("^\\| 1 \\| 1 \\| [0-9.]+ \\| (NaN|[0-9.]+) \\| [0-9.]+ \\| [0-9]+ % \\|$", Pattern.MULTILINE).matcher(out).find(),
                "the evaluation rows end with their share of the peak:\n" + out);
        assertTrue(Pattern.compile("^\\| 1 \\| 1 \\| 1 \\| step \\| [0-9.]+ \\| (NaN|[0-9.]+) \\| [0-9.]+ \\| [0-9]+ % \\|", Pattern.MULTILINE).matcher(out).find(), out);
    }

    @Test
    void scoreBenchScoresItsRowsBothWaysAlike() {
        ScoreBench b = new ScoreBench();
        b.k = 10;
        b.setUp();
        double batch = b.batch(), oneByOne = b.oneRowAtATime();
        assertTrue(Double.isFinite(batch), "batch " + batch);
        // a row's noise is keyed by its bits: alone or in a batch, the same score (the sum in another order)
        assertTrue(Math.abs(batch - oneByOne) <= 1e-9 * Math.abs(batch), batch + " against " + oneByOne);
    }

    @Test
    void subnormalCensusPrintsALinePerPointAndFindsNoneAtTheFirstStep() throws Exception {
        String out = stdout(() -> SubnormalCensus.main(new String[] {"1,5", "0,3"}));
        Matcher m = Pattern.compile("^census layers=1 k=5 steps=(\\d+) elements=(\\d+) subnormal_values=(\\d+) subnormal_gradients=(\\d+)$",
                Pattern.MULTILINE).matcher(out);
        assertTrue(m.find() && m.group(1).equals("0") && Long.parseLong(m.group(2)) > 100_000, out);
        assertTrue(m.group(3).equals("0") && m.group(4).equals("0"), "a fresh model's step holds no subnormal: " + out);
        assertTrue(m.find() && m.group(1).equals("3"), out);
    }
}
