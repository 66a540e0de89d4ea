package iwae4j.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.io.Checkpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill harness: a child JVM trains {@link TrainingChild} with a checkpoint per epoch and is killed
 * ({@code destroyForcibly}, SIGKILL) at seeded moments, one of them between writing the checkpoint's
 * temporary file and renaming it; after every kill the run resumes from what is on disk. The final checkpoint
 * must be byte-identical to an uninterrupted run's.
 */
@Tag("slow")
class KillHarnessTest {
    private static final long SEED = 20261125L;

    @TempDir
    Path tmp;

    @Test
    void killedAtSeededMomentsAndResumedEndsByteIdenticalToAnUninterruptedRun() throws Exception {
        Path straight = Files.createDirectories(tmp.resolve("straight")), killed = Files.createDirectories(tmp.resolve("killed"));
        long epochNanos = straightRunEpochNanos(straight);
        byte[] want = Files.readAllBytes(straight.resolve("checkpoint.safetensors"));

        Random random = new Random(SEED);
        int kills = 0, lastEpoch = 0;
        StringBuilder log = new StringBuilder("seed " + SEED + ", median epoch " + epochNanos / 1_000_000 + " ms\n");
        for (int round = 0; round < 6; round++) {
            boolean atRename = round == 2;
            List<String> opts = atRename ? List.of("-Diwae4j.test.pauseBeforeRenameMillis=60000") : List.of();
            Process p = new ProcessBuilder(ChildJvm.command(opts, true, TrainingChild.class, killed.toString())).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            pump(p.getInputStream(), lines);
            pump(p.getErrorStream(), lines);
            if (atRename) {
                // wait for the pause announced between the temporary file and the rename, then kill there
                String line;
                do {
                    line = lines.poll(60, TimeUnit.SECONDS);
                    if (line == null) throw new AssertionError("the child never reached the rename pause\n" + log);
                    if (line.startsWith("epoch ")) lastEpoch = Integer.parseInt(line.substring(6).trim());
                } while (!line.startsWith("iwae4j-test: paused before renaming"));
            } else {
                // a seeded moment inside the run: after the child's first epoch line, wait a seeded part of half an
                // epoch (timed on the uninterrupted run), so every kill lands before the run can finish
                String line;
                do {
                    line = lines.poll(60, TimeUnit.SECONDS);
                    if (line == null) throw new AssertionError("the child printed nothing for 60 s\n" + log);
                } while (!line.startsWith("epoch ") && !line.equals("done"));
                if (line.equals("done")) throw new AssertionError("the run finished before kill " + (kills + 1) + "\n" + log);
                lastEpoch = Integer.parseInt(line.substring(6).trim());
                TimeUnit.NANOSECONDS.sleep((long) (random.nextDouble() * epochNanos / 2));
            }
            assertTrue(p.isAlive(), "the child must still be running when it is killed (round " + round + ")\n" + log);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            kills++;
            log.append("round ").append(round).append(atRename ? ": killed between temporary file and rename" : ": killed")
                    .append(" after epoch ").append(lastEpoch).append("\n");
            // what is on disk is always a whole checkpoint
            Checkpoint.loadModel(killed.resolve("checkpoint.safetensors"));
        }
        ChildJvm.Result r = ChildJvm.run(ChildJvm.command(List.of(), true, TrainingChild.class, killed.toString()), 120);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(kills >= 5, log.toString());
        assertTrue(lastEpoch < 12, "the kills must land before the last epoch\n" + log);
        byte[] got = Files.readAllBytes(killed.resolve("checkpoint.safetensors"));
        System.out.print(log);
        assertArrayEquals(want, got, "resumed checkpoint differs from the uninterrupted run's\n" + log);
    }

    /** Runs the child uninterrupted into {@code dir}; returns the median time between its epoch lines. */
    private static long straightRunEpochNanos(Path dir) throws Exception {
        Process p = new ProcessBuilder(ChildJvm.command(List.of(), true, TrainingChild.class, dir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<Long> at = new java.util.ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) if (line.startsWith("epoch ")) at.add(System.nanoTime());
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the uninterrupted run did not finish in 120 s");
        assertEquals(0, p.exitValue(), "the uninterrupted run failed");
        assertEquals(12, at.size(), "the uninterrupted run must print 12 epoch lines");
        long[] gaps = new long[at.size() - 1];
        for (int i = 0; i < gaps.length; i++) gaps[i] = at.get(i + 1) - at.get(i);
        java.util.Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }

    private static void pump(java.io.InputStream in, BlockingQueue<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (java.io.IOException ignored) {
                // the child was killed
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
