package iwae4j.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.Dataset;
import iwae4j.models.Likelihood;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Rng;
import iwae4j.models.Schedule;
import iwae4j.models.Trainer;
import iwae4j.models.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    private static final ModelSpec SPEC = new ModelSpec(16, new int[] {4, 3}, new int[][] {{8}, {5}}, Likelihood.BERNOULLI);

    private static Dataset data() {
        Rng r = new Rng(8);
        float[] grey = new float[200 * 16];
        for (int i = 0; i < grey.length; i++) grey[i] = (float) r.nextDouble();
        return Dataset.of(grey, 16);
    }

    private static Trainer fresh() {
        TrainingConfig o = TrainingConfig.paper().withK(3).withBinarize(true).withSeed(21).withSchedule(Schedule.paper(2)); // 1 + 3 epochs
        return new Trainer(new Model(SPEC, 4), data(), o);
    }

    private static java.util.function.Consumer<Trainer> saveTo(Path ckpt) {
        return t -> {
            try {
                Checkpoint.save(t, ckpt);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    private static List<float[]> state(Trainer t) {
        List<float[]> s = new ArrayList<>();
        t.model().parameters().forEach(p -> s.add(p.value().clone()));
        for (float[] m : t.adam().firstMoments()) s.add(m.clone());
        for (float[] v : t.adam().secondMoments()) s.add(v.clone());
        return s;
    }

    @Test
    void aGrowingBatchTakesEachStagesBatchSizeAndResumesBitForBit() throws Exception {
        java.util.function.Supplier<Trainer> make = () -> {
            TrainingConfig o = TrainingConfig.paper().withK(3).withBinarize(true).withSeed(21).withSchedule(Schedule.growingBatch(3, 20)); // 1 epoch of batch 20, 3 of 28, 9 of 39
            return new Trainer(new Model(SPEC, 4), data(), o);
        };
        Trainer straight = make.get();
        List<Long> stepsAfter = new ArrayList<>();
        straight.train(t -> stepsAfter.add(t.steps()));
        // 200 examples: 10 steps of 20, then 7 of 28 per epoch, then 5 of 39
        assertEquals(List.of(10L, 17L, 24L, 31L, 36L, 41L, 46L, 51L, 56L, 61L, 66L, 71L, 76L), stepsAfter);

        Trainer first = make.get();
        Path ckpt = dir.resolve("growing.safetensors");
        first.train(3, saveTo(ckpt));
        Trainer resumed = Checkpoint.resume(ckpt, data());
        assertEquals(first.config().schedule(), resumed.config().schedule(), "the checkpoint keeps the batch sizes");
        resumed.train(null);
        List<float[]> a = state(straight), b = state(resumed);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), "tensor " + i);
        assertEquals(straight.history(), resumed.history());
    }

    @Test
    void aFinishedRunExtendedToMoreStagesEqualsTheLongerRunFromTheStart() throws Exception {
        java.util.function.Function<Schedule, Trainer> make = schedule -> {
            TrainingConfig o = TrainingConfig.paper().withK(3).withBinarize(true).withSeed(33).withSchedule(schedule);
            return new Trainer(new Model(SPEC, 6), data(), o);
        };
        for (boolean batch : new boolean[] {false, true}) {
            Schedule two = batch ? Schedule.growingBatch(2, 20) : Schedule.paper(2);
            Schedule three = batch ? Schedule.growingBatch(3, 20) : Schedule.paper(3);
            Trainer straight = make.apply(three);
            straight.train(null);

            Trainer shorter = make.apply(two);
            Path ckpt = dir.resolve("short-" + batch + ".safetensors");
            shorter.train(saveTo(ckpt));
            assertTrue(shorter.finished());
            Trainer extended = Checkpoint.resume(ckpt, data());
            assertTrue(extended.finished());
            extended.extendSchedule(three);
            assertTrue(!extended.finished(), "more stages to go");
            extended.train(null);
            List<float[]> a = state(straight), b = state(extended);
            for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), (batch ? "batch" : "paper") + " tensor " + i);
            assertEquals(straight.history(), extended.history());
            assertEquals(straight.steps(), extended.steps());
        }
        // only a schedule that begins with the trained one: not a different rate, not fewer stages, not another batch
        Trainer t = make.apply(Schedule.paper(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.extendSchedule(new Schedule(3, 2e-3)));
        assertTrue(e.getMessage().contains("begin with the same"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.extendSchedule(Schedule.paper(1)));
        assertThrows(IllegalArgumentException.class, () -> t.extendSchedule(Schedule.paper(2)));
        assertThrows(IllegalArgumentException.class, () -> t.extendSchedule(Schedule.growingBatch(3, 20)), "stage 1's batch differs");
        Schedule p3 = Schedule.paper(3);
        Schedule tooLarge = Schedule.of(new long[] {1, 3, 9}, new double[] {p3.learningRate(0), p3.learningRate(1), p3.learningRate(2)}, new int[] {20, 20, 500});
        e = assertThrows(IllegalArgumentException.class, () -> t.extendSchedule(tooLarge));
        assertTrue(e.getMessage().contains("fewer than stage 2's batch of 500"), e.getMessage());
    }

    @Test
    void twoEpochsStraightEqualOneEpochThenResumeThenOneEpochBitForBit() throws Exception {
        Trainer straight = fresh();
        straight.train(2, null);

        Trainer first = fresh();
        Path ckpt = dir.resolve("ckpt.safetensors");
        first.train(1, saveTo(ckpt));
        Trainer resumed = Checkpoint.resume(ckpt, data());
        assertEquals(1, resumed.stage());
        assertEquals(0, resumed.epochInStage());
        resumed.train(1, null);

        List<float[]> a = state(straight), b = state(resumed);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), "tensor " + i);
        assertEquals(straight.steps(), resumed.steps());
        assertEquals(straight.adam().stepCount(), resumed.adam().stepCount());
        assertEquals(straight.history(), resumed.history());
        assertArrayEquals(straight.rng().state(), resumed.rng().state());
    }

    @Test
    void loadingChecksTensorsAndMetadataWithClearErrors() throws Exception {
        Trainer t = fresh();
        Path ckpt = dir.resolve("c.safetensors");
        Checkpoint.save(t, ckpt);
        Model back = Checkpoint.loadModel(ckpt);
        assertEquals(SPEC.format(), back.spec().format());

        SafeTensors.Contents c = SafeTensors.read(ckpt);
        Map<String, SafeTensors.Entry> wrongShape = new LinkedHashMap<>(c.tensors);
        wrongShape.put("q1.fc0.w", new SafeTensors.Entry(new int[] {8, 16}, new float[128]));
        Path bad = dir.resolve("shape.safetensors");
        SafeTensors.write(bad, wrongShape, c.metadata);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> Checkpoint.loadModel(bad));
        assertTrue(e.getMessage().contains("q1.fc0.w") && e.getMessage().contains("[16, 8]"), e.getMessage());

        Map<String, SafeTensors.Entry> missing = new LinkedHashMap<>(c.tensors);
        missing.remove("adam.v/px.logits.w");
        Path miss = dir.resolve("missing.safetensors");
        SafeTensors.write(miss, missing, c.metadata);
        e = assertThrows(CorruptFileException.class, () -> Checkpoint.resume(miss, data()));
        assertTrue(e.getMessage().contains("adam.v/px.logits.w") && e.getMessage().contains("missing"), e.getMessage());

        Map<String, String> noFormat = new LinkedHashMap<>(c.metadata);
        noFormat.remove("format");
        Path other = dir.resolve("other.safetensors");
        SafeTensors.write(other, c.tensors, noFormat);
        e = assertThrows(CorruptFileException.class, () -> Checkpoint.loadModel(other));
        assertTrue(e.getMessage().contains("not an iwae4j checkpoint"), e.getMessage());

        byte[] whole = Files.readAllBytes(ckpt);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        e = assertThrows(CorruptFileException.class, () -> Checkpoint.loadModel(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        assertTrue(e.getCause() instanceof IllegalArgumentException, "the parser's error is kept as the cause");
        // a folder or a missing file: an IOException naming the path, the cause kept where there is one
        java.io.IOException io = assertThrows(java.io.IOException.class, () -> Checkpoint.loadModel(dir));
        assertEquals(dir + ": is a folder, not a file", io.getMessage());
        io = assertThrows(java.io.IOException.class, () -> Checkpoint.read(dir.resolve("none.safetensors")));
        assertEquals(dir.resolve("none.safetensors") + ": no such file", io.getMessage());
        assertTrue(io.getCause() instanceof java.nio.file.NoSuchFileException, "cause kept: " + io.getCause());
    }
}
