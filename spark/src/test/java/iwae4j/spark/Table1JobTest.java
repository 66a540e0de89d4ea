package iwae4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.experiments.Table1;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Table 1 grid as Spark tasks on local[2, 2] (a failed task is retried once): two tiny cells (the paper's
 * architecture, 600 synthetic 28×28 images, 2 stages = 4 epochs, L_20 on 20 test images). The first attempt of
 * each task is made to fail after its second epoch; the retry must resume there (its log says so) and end with
 * the checkpoint an uninterrupted run of the same runner writes; resubmitting skips both cells.
 */
class Table1JobTest {
    static final List<String> CELLS = List.of("1L-k1", "1L-vae-k5");
    static final Table1Job.DataSource DATA = Table1Job.DataSource.blobs(600, 120, 11);

    static Table1Job.Settings settings(Path out) {
        Table1Job.Settings s = new Table1Job.Settings();
        s.out = out.toUri().toString();
        s.stages = 2;
        s.seed = 3;
        s.evalK = 20;
        s.testSize = 20;
        s.cells = CELLS;
        s.data = DATA;
        return s;
    }

    @Test
    void gridRunsAsTasksRetriedTasksResumeAndResubmittingSkipsFinishedCells(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("grid");
        SparkSession spark = SparkSession.builder().master("local[2,2]").appName("iwae4j-table1-test")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            System.setProperty("iwae4j.test.failFirstAttemptAfterEpoch", "2");
            Table1Job.Summary first;
            try {
                first = Table1Job.run(spark, settings(out));
            } finally {
                System.clearProperty("iwae4j.test.failFirstAttemptAfterEpoch");
            }
            assertEquals(List.of(), first.skipped());
            assertEquals(List.of("1L-k1: finished (attempt 1)", "1L-vae-k5: finished (attempt 1)"), first.outcomes());
            for (String cell : CELLS) {
                Path dir = out.resolve(cell);
                String attempt0 = Files.readString(dir.resolve("log-attempt-0.txt")), attempt1 = Files.readString(dir.resolve("log-attempt-1.txt"));
                assertTrue(attempt0.contains("== cell " + cell + ": starting"), attempt0);
                assertTrue(attempt0.contains(cell + ": epoch 2 of 4 done"), attempt0);
                assertFalse(attempt0.contains("epoch 3 of 4 done"), "the first attempt must stop after epoch 2\n" + attempt0);
                // the retry resumes after epoch 2 instead of starting over
                assertTrue(attempt1.contains("== cell " + cell + ": resuming after epoch 2 of 4"), attempt1);
                assertFalse(attempt1.contains("starting"), attempt1);
                assertFalse(attempt1.contains("epoch 2 of 4 done"), attempt1);
                assertTrue(attempt1.contains("epoch 4 of 4 done"), attempt1);
                assertTrue(Files.exists(dir.resolve("results.json")));
                assertFalse(Files.exists(dir.resolve("checkpoint.safetensors.tmp")));
                System.out.println("--- " + cell + " attempt 0 ---\n" + attempt0 + "--- " + cell + " attempt 1 ---\n" + attempt1);
            }
            String table = Files.readString(out.resolve("table1.md"));
            assertTrue(Files.size(out.resolve("table1.png")) > 1000);
            assertTrue(first.table().equals(table));

            // the same runner without Spark and without the failure writes the same final checkpoint
            Path plain = tmp.resolve("plain");
            Table1.Options o = settings(out).options(plain, new PrintStream(java.io.OutputStream.nullOutputStream()));
            String failure = Table1.runOne(Table1.Cell.parse("1L-vae-k5"), o, DATA.load(), o.progress, null);
            assertEquals(null, failure);
            assertArrayEquals(Files.readAllBytes(plain.resolve("1L-vae-k5/checkpoint.safetensors")),
                    Files.readAllBytes(out.resolve("1L-vae-k5/checkpoint.safetensors")), "the retried task's checkpoint differs from a straight run's");

            // resubmitting: both cells are finished, no task runs, nothing is rewritten
            byte[] before = Files.readAllBytes(out.resolve("1L-k1/checkpoint.safetensors"));
            long modified = Files.getLastModifiedTime(out.resolve("1L-k1/results.json")).toMillis();
            Table1Job.Summary again = Table1Job.run(spark, settings(out));
            assertEquals(CELLS, again.skipped());
            assertEquals(List.of(), again.outcomes());
            assertArrayEquals(before, Files.readAllBytes(out.resolve("1L-k1/checkpoint.safetensors")));
            assertEquals(modified, Files.getLastModifiedTime(out.resolve("1L-k1/results.json")).toMillis());
        } finally {
            spark.stop();
        }
    }

    @Test
    void aFolderHoldingOtherSettingsIsAnErrorNamingTheUri(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("grid");
        Files.createDirectories(out.resolve("1L-k1"));
        Files.writeString(out.resolve("1L-k1/results.json"), "{\"model\": \"other\", \"objective\": \"IWAE\", \"k\": 1, \"stages\": 2, \"seed\": 3}");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("iwae4j-table1-test").config("spark.ui.enabled", "false").getOrCreate();
        try {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Table1Job.run(spark, settings(out)));
            assertTrue(e.getMessage().startsWith(out.toUri().toString().replaceAll("/$", "") + "/1L-k1 holds a cell with model other"), e.getMessage());
        } finally {
            spark.stop();
        }
    }
}
