package iwae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.TrainerState;
import iwae4j.models.data.Mnist;
import iwae4j.models.io.Checkpoint;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grid continued from a grid of fewer stages ({@code -Dfrom}) ends as the longer grid trained from the start; one
 * taken from a longer grid's stage-end copy is the shorter grid's cell.
 */
class Table1ContinueTest {
    @TempDir
    Path tmp;

    private static final Mnist DATA = Mnist.blobs(500, 106, 3);
    private static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

    private Table1.Options options(int stages, String out, Path from) {
        Table1.Options o = new Table1.Options();
        o.stages = stages;
        o.evalK = 5;
        o.testSize = 106;
        o.out = tmp.resolve(out);
        o.from = from;
        o.progress = null;
        return o;
    }

    @Test
    void aCellContinuedFromAShorterGridEqualsTheLongerCellTrainedFromTheStart() throws Exception {
        Table1.Cell cell = Table1.Cell.parse("1L-k1");
        Table1.Options one = options(1, "stages1", null);
        assertNull(Table1.runOne(cell, one, DATA, QUIET, null));
        String shortResults = Files.readString(one.out.resolve(cell.name()).resolve("results.json"));

        Table1.Options continued = options(2, "stages2-from1", one.out);
        Table1.Plan plan = Table1.inspect(cell, continued);
        assertEquals(Table1.State.RESUME, plan.state());
        assertEquals(1, plan.epochsDone(), "the shorter grid's pass counts");
        assertEquals(4, plan.epochsTotal());
        assertNull(Table1.runOne(cell, continued, DATA, QUIET, null));

        Table1.Options straight = options(2, "stages2", null);
        assertNull(Table1.runOne(cell, straight, DATA, QUIET, null));

        Map<String, Object> rb = assertSameCell(straight.out.resolve(cell.name()), continued.out.resolve(cell.name()));
        assertEquals(2L, ((Number) rb.get("stages")).longValue());
        // the shorter grid is only read
        assertEquals(shortResults, Files.readString(one.out.resolve(cell.name()).resolve("results.json")));
        assertEquals(1, Checkpoint.read(one.out.resolve(cell.name()).resolve("checkpoint.safetensors")).config().schedule().stages());
        // and the continued grid, run again, is finished
        assertEquals(Table1.State.FINISHED, Table1.inspect(cell, continued).state());
    }

    @Test
    void aLongerGridsStageCopyAtThisGridsEndIsEvaluatedAsThisGridsCell() throws Exception {
        Table1.Cell cell = Table1.Cell.parse("1L-k1");
        Table1.Options two = options(2, "stages2", null);
        assertNull(Table1.runOne(cell, two, DATA, QUIET, null));
        Path copy = two.out.resolve(cell.name()).resolve("checkpoint-passes-1.safetensors");
        assertTrue(Files.exists(copy), "the longer run keeps its stage-end copy");
        byte[] copyBytes = Files.readAllBytes(copy);

        Table1.Options fromLonger = options(1, "stages1-from2", two.out);
        Table1.Plan plan = Table1.inspect(cell, fromLonger);
        assertEquals(Table1.State.EVALUATE, plan.state());
        assertEquals(1, plan.epochsDone());
        assertNull(Table1.runOne(cell, fromLonger, DATA, QUIET, null));

        Table1.Options straight = options(1, "stages1", null);
        assertNull(Table1.runOne(cell, straight, DATA, QUIET, null));
        Map<String, Object> rb = assertSameCell(straight.out.resolve(cell.name()), fromLonger.out.resolve(cell.name()));
        assertEquals(1L, ((Number) rb.get("stages")).longValue());
        assertArrayEquals(copyBytes, Files.readAllBytes(copy), "the longer grid is only read");
        assertEquals(Table1.State.FINISHED, Table1.inspect(cell, fromLonger).state());
    }

    @Test
    void aShorterGridOfAnotherSeedOrALongerScheduleIsRefusedByName() throws Exception {
        Table1.Cell cell = Table1.Cell.parse("1L-k1");
        Table1.Options one = options(1, "seed1", null);
        assertNull(Table1.runOne(cell, one, DATA, QUIET, null));
        Table1.Options other = options(2, "other-seed", one.out);
        other.seed = 2;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Table1.inspect(cell, other));
        assertTrue(e.getMessage().equals(one.out.resolve(cell.name()) + " holds a cell with seed 1, not 2: -Dfrom must be a grid of the same cells and seed"),
                e.getMessage());

        Table1.Options two = options(2, "two", null);
        assertNull(Table1.runOne(cell, two, DATA, QUIET, null));
        // without its copy at the end of stage 1, the longer grid's cell is past this grid's end
        Files.delete(two.out.resolve(cell.name()).resolve("checkpoint-passes-1.safetensors"));
        Table1.Options shorter = options(1, "back-to-one", two.out);
        e = assertThrows(IllegalArgumentException.class, () -> Table1.inspect(cell, shorter));
        assertTrue(e.getMessage().contains("is not the start of the paper's 1 stages"), e.getMessage());
    }

    /** Two cell folders hold the same training state and the same evaluation; returns the second's results. */
    private static Map<String, Object> assertSameCell(Path expected, Path actual) throws Exception {
        TrainerState a = Checkpoint.read(expected.resolve("checkpoint.safetensors"));
        TrainerState b = Checkpoint.read(actual.resolve("checkpoint.safetensors"));
        assertEquals(a.history(), b.history());
        assertEquals(a.config().schedule(), b.config().schedule());
        for (int i = 0; i < a.parameters().length; i++) assertArrayEquals(a.parameters()[i], b.parameters()[i], "parameter " + i);
        Map<String, Object> ra = Table1.readJson(expected.resolve("results.json"));
        Map<String, Object> rb = Table1.readJson(actual.resolve("results.json"));
        assertEquals(ra.get("nll"), rb.get("nll"));
        assertEquals(ra.get("active_units"), rb.get("active_units"));
        return rb;
    }
}
