package iwae4j.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.Schedule;
import iwae4j.models.Trainer;
import iwae4j.models.TrainingDivergedException;
import iwae4j.models.io.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run forced to diverge by a huge learning rate in its second stage stops with a named error; its last good checkpoint resumes. */
class DivergenceTest {
    @TempDir
    Path tmp;

    @Test
    void aDivergedRunStopsWithTheDivergenceMessageAndItsLastGoodCheckpointResumes() throws IOException {
        Path ckpt = tmp.resolve("checkpoint.safetensors");
        Trainer t = TrainingChild.fresh();
        t.replaceSchedule(Schedule.of(new long[] {2, 5}, new double[] {1e-3, 1e9})); // the fault: stage 1 at 1e9
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.train(tr -> {
            try {
                Checkpoint.save(tr, ckpt);
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        }));
        assertTrue(e.getMessage().startsWith("training stopped at stage 1, epoch "), e.getMessage());
        assertTrue(e.getMessage().contains("not finite") || e.getMessage().contains("the bound became"), e.getMessage());

        // the last good checkpoint: loads, holds the huge schedule it was trained with, and resumes at a sane rate
        Trainer resumed = Checkpoint.resume(ckpt, TrainingChild.data());
        assertEquals(resumed.config().schedule(), Schedule.of(new long[] {2, 5}, new double[] {1e-3, 1e9}));
        long done = resumed.history().size();
        assertTrue(done >= 2, "at least the first stage was checkpointed, got " + done);
        resumed.replaceSchedule(Schedule.of(new long[] {2, 5}, new double[] {1e-3, 1e-4}));
        resumed.train(1, null);
        assertEquals(done + 1, resumed.history().size());
        assertTrue(Double.isFinite(resumed.lastEpochBound()), "bound " + resumed.lastEpochBound());
    }
}
