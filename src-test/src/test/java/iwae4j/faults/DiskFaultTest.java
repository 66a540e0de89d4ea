package iwae4j.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Trainer;
import iwae4j.experiments.Table1;
import iwae4j.models.io.Checkpoint;
import iwae4j.models.io.OutputFolder;
import iwae4j.models.io.SafeTensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk and file faults. Tests may run as root, which ignores permission bits, so the faults are injected in
 * ways that fail for root too: a regular file where a folder must be, and a folder where the checkpoint's
 * temporary file must be written.
 */
class DiskFaultTest {
    @TempDir
    Path tmp;

    @Test
    void runsStartedTogetherOnOneOutputFolderAllPassTheWriteCheck() throws Exception {
        // the grid's cells are separate processes started at once on one folder: a probe of a fixed name was
        // deleted under one check by another ("no such file"), and that cell did not start
        Path out = Files.createDirectories(tmp.resolve("shared"));
        int threads = 8, rounds = 200;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(threads);
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> {
                    together.await();
                    for (int i = 0; i < rounds; i++) OutputFolder.requireWritable(out);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : runs) f.get(); // rethrows a failed check
        } finally {
            pool.shutdownNow();
        }
        try (java.util.stream.Stream<Path> left = Files.list(out)) {
            assertEquals(0, left.count(), "every probe is deleted");
        }
    }

    @Test
    void anOutputFolderThatCannotBeCreatedIsAOneLineErrorBeforeAnyWork() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputFolder.requireWritable(file.resolve("out")));
        assertTrue(e.getMessage().startsWith("cannot create the output folder " + file.resolve("out")), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");

        // the grid runner checks before it loads data or trains: a missing MNIST folder would fail later, not first
        Table1.Options o = new Table1.Options();
        o.out = file.resolve("grid");
        o.dataDir = tmp.resolve("no-mnist-here");
        o.progress = null;
        e = assertThrows(IllegalArgumentException.class, () -> Table1.run(o));
        assertTrue(e.getMessage().startsWith("cannot create the output folder"), e.getMessage());
    }

    @Test
    void aCheckpointWriteThatFailsMidRunStopsTheRunAndLeavesThePreviousCheckpointLoadable() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run")), ckpt = dir.resolve("checkpoint.safetensors");
        Trainer t = TrainingChild.fresh();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> t.train(tr -> {
            try {
                Checkpoint.save(tr, ckpt);
                // the fault: after the first checkpoint, a folder takes the temporary file's name
                Files.createDirectories(dir.resolve("checkpoint.safetensors.tmp"));
            } catch (IOException io) {
                throw new UncheckedIOException("could not write the checkpoint " + ckpt + ": " + io.getMessage(), io);
            }
        }));
        assertTrue(e.getMessage().contains("could not write the checkpoint " + ckpt), e.getMessage());
        assertEquals(2, t.history().size(), "the run stopped at the first failed write (after epoch 2)");

        // the epoch-1 checkpoint is intact: it resumes and matches an uninterrupted run's first epoch
        Trainer resumed = Checkpoint.resume(ckpt, TrainingChild.data());
        assertEquals(1, resumed.history().size());
        Trainer reference = TrainingChild.fresh();
        reference.train(1, null);
        for (int i = 0; i < reference.model().parameters().size(); i++) {
            assertArrayEquals(reference.model().parameters().get(i).value(), resumed.model().parameters().get(i).value());
        }
    }

    @Test
    void aCheckpointOfANewerFormatOrAnotherModelIsANamedError() throws IOException {
        Path ckpt = tmp.resolve("c.safetensors");
        Trainer t = TrainingChild.fresh();
        Checkpoint.save(t, ckpt);
        SafeTensors.Contents c = SafeTensors.read(ckpt);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata);
        meta.put("format", "iwae4j-checkpoint-2");
        Path newer = tmp.resolve("newer.safetensors");
        SafeTensors.write(newer, c.tensors, meta);
        java.io.IOException io = assertThrows(iwae4j.models.io.CorruptFileException.class, () -> Checkpoint.resume(newer, TrainingChild.data()));
        assertTrue(io.getMessage().contains(newer + ": written in checkpoint format 'iwae4j-checkpoint-2'"), io.getMessage());

        // another model's checkpoint in a Table 1 cell's folder: the folder and the differing setting are named
        Path grid = tmp.resolve("grid"), cell = Files.createDirectories(grid.resolve("1L-k1"));
        Checkpoint.save(t, cell.resolve("checkpoint.safetensors"));
        Table1.Options o = new Table1.Options();
        o.out = grid;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Table1.inspect(Table1.Cell.parse("1L-k1"), o));
        assertTrue(e.getMessage().startsWith(cell + " holds a cell with model " + TrainingChild.SPEC.format() + ", not " + ModelSpec.mnist1().format()),
                e.getMessage());

        // and resuming it on data of another shape names both shapes
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.resume(ckpt, iwae4j.models.Dataset.of(new float[40 * 7], 7)));
        assertTrue(e.getMessage().contains("data has dimension 7, the model expects " + TrainingChild.SPEC.input), e.getMessage());
        assertEquals(TrainingChild.SPEC.format(), Checkpoint.loadModel(ckpt).spec().format());
    }
}
