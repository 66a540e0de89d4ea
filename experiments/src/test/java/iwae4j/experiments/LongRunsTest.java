package iwae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.autodiff.Parameter;
import iwae4j.models.TrainerState;
import iwae4j.models.data.Mnist;
import iwae4j.models.io.Checkpoint;
import iwae4j.models.io.ModelFile;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long run published from one machine ({@link LongRuns#publish}) and adopted on another
 * ({@link LongRuns#adopt}) ends with the same bits as a run never interrupted.
 */
class LongRunsTest {
    @TempDir
    Path tmp;

    private static final Mnist DATA = Mnist.blobs(500, 106, 3);
    private static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());
    private static final Table1.Cell CELL = Table1.Cell.parse("1L-iwae-k5");

    private Table1.Options options(String out, Path published) {
        Table1.Options o = new Table1.Options();
        o.stages = 2;
        o.evalK = 5;
        o.testSize = 106;
        o.out = tmp.resolve(out);
        o.published = published;
        o.progress = null;
        return o;
    }

    /** Stands for a kill: the run stops after its checkpoint of the given pass is written. */
    private static final class Killed extends RuntimeException {
        Killed() {
            super("killed", null, false, false);
        }
    }

    @Test
    void aPublishedCheckpointAdoptedOnANewMachineEndsAsTheUninterruptedRun() throws Exception {
        Table1.Options straight = options("straight", null);
        assertNull(Table1.runOne(CELL, straight, DATA, QUIET, null));

        // the old machine: killed after 2 of 4 passes, its progress published
        Path published = tmp.resolve("repo/results/table1/long");
        Table1.Options old = options("old-machine", null);
        assertThrows(Killed.class, () -> Table1.runOne(CELL, old, DATA, QUIET, tr -> {
            if (tr.history().size() == 2) throw new Killed();
        }));
        LongRuns.publish(old.out, 2, List.of(CELL), published, "RESUME-COMMAND", null);
        Path cell = published.resolve(CELL.name());
        assertEquals(2, LongRuns.passesDone(cell.resolve("checkpoint.safetensors")));
        String progress = Files.readString(cell.resolve("progress.md"));
        assertTrue(progress.startsWith("# 1L-iwae-k5: 2 of 4 passes\n"), progress);
        assertTrue(progress.contains("RESUME-COMMAND") && progress.contains("| 1 | ") && progress.contains("| 2 (latest) | "), progress);
        assertTrue(Files.exists(cell.resolve("training-curve.png")));

        // the new machine: nothing local; the published checkpoint is adopted and trained on
        Table1.Options fresh = options("new-machine", published);
        List<Integer> passesTrainedHere = new java.util.ArrayList<>();
        assertNull(Table1.runOne(CELL, fresh, DATA, QUIET, tr -> passesTrainedHere.add(tr.history().size())));
        assertEquals(List.of(3, 4), passesTrainedHere, "the new machine trains only the passes the old one had not");
        assertCheckpointsEqual(straight.out, fresh.out);
        assertEquals(Table1.readJson(straight.out.resolve(CELL.name()).resolve("results.json")).get("nll"),
                Table1.readJson(fresh.out.resolve(CELL.name()).resolve("results.json")).get("nll"));
        assertTrue(Files.exists(fresh.out.resolve(CELL.name()).resolve("checkpoint-passes-4.safetensors")), "the last stage's copy");
        assertTrue(Files.exists(straight.out.resolve(CELL.name()).resolve("checkpoint-passes-1.safetensors")), "the first stage's copy");

        // finished: the results and a model file replace the checkpoint, and the model file loads the same parameters
        LongRuns.publish(fresh.out, 2, List.of(CELL), published, "RESUME-COMMAND", null);
        assertFalse(Files.exists(cell.resolve("checkpoint.safetensors")));
        assertTrue(Files.readString(cell.resolve("progress.md")).startsWith("# 1L-iwae-k5: 4 of 4 passes (finished)\n"));
        iwae4j.models.TrainedModel model = ModelFile.load(cell.resolve("model.safetensors"));
        TrainerState trained = Checkpoint.read(straight.out.resolve(CELL.name()).resolve("checkpoint.safetensors"));
        List<Parameter> ps = model.model().parameters();
        for (int i = 0; i < ps.size(); i++) assertArrayEquals(trained.parameters()[i], ps.get(i).value(), "parameter " + ps.get(i).name());
    }

    @Test
    void aLocalCheckpointFurtherAlongIsKeptAndAFinishedCellIsLeftAlone() throws Exception {
        Path published = tmp.resolve("published");
        Table1.Options old = options("old", null);
        assertThrows(Killed.class, () -> Table1.runOne(CELL, old, DATA, QUIET, tr -> {
            if (tr.history().size() == 1) throw new Killed();
        }));
        LongRuns.publish(old.out, 2, List.of(CELL), published, "cmd", null);

        Table1.Options local = options("local", published);
        assertThrows(Killed.class, () -> Table1.runOne(CELL, local, DATA, QUIET, tr -> {
            if (tr.history().size() == 3) throw new Killed();
        }));
        assertFalse(LongRuns.adopt(CELL, local, published), "3 local passes beat 1 published");
        assertEquals(3, LongRuns.passesDone(local.out.resolve(CELL.name()).resolve("checkpoint.safetensors")));

        Table1.Options none = options("elsewhere", published);
        assertTrue(LongRuns.adopt(CELL, none, published));
        assertEquals(1, LongRuns.passesDone(none.out.resolve(CELL.name()).resolve("checkpoint.safetensors")));
    }

    @Test
    void theFigureDrawsEachCellsStageEvaluationsAndFinalResultAgainstThePaper() throws Exception {
        Path published = tmp.resolve("long");
        Path cell = published.resolve("1L-k1");
        Files.createDirectories(cell.resolve("passes-40"));
        Files.createDirectories(cell.resolve("passes-121"));
        Files.writeString(cell.resolve("passes-40/results.json"), "{\"nll\": 90.25, \"epochs\": 40}");
        Files.writeString(cell.resolve("passes-121/results.json"), "{\"nll\": 88.5, \"epochs\": 121}");
        Files.writeString(cell.resolve("results.json"), "{\"nll\": 87.125, \"epochs\": 3280}");
        Files.createDirectories(published.resolve("1L-vae-k5")); // started, nothing evaluated yet: left out
        Path png = tmp.resolve("nll.png");
        String table = LongRuns.figure(published, List.of(Table1.Cell.parse("1L-k1"), Table1.Cell.parse("1L-vae-k5")), png);
        assertEquals("| cell | passes | test NLL | paper (3,280 passes) |\n|---|---|---|---|\n| 1L-k1 | 40 | 90.25 | 86.76 |\n"
                + "| 1L-k1 | 121 | 88.50 | 86.76 |\n| 1L-k1 | 3280 | 87.13 | 86.76 |\n", table);
        assertTrue(Files.size(png) > 1000);
    }

    private static void assertCheckpointsEqual(Path a, Path b) throws Exception {
        TrainerState x = Checkpoint.read(a.resolve(CELL.name()).resolve("checkpoint.safetensors"));
        TrainerState y = Checkpoint.read(b.resolve(CELL.name()).resolve("checkpoint.safetensors"));
        assertEquals(x.history(), y.history());
        assertArrayEquals(x.rng(), y.rng());
        for (int i = 0; i < x.parameters().length; i++) {
            assertArrayEquals(x.parameters()[i], y.parameters()[i], "parameter " + i);
            assertArrayEquals(x.secondMoments()[i], y.secondMoments()[i], "Adam's second moment " + i);
        }
    }
}
