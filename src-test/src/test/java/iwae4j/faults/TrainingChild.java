package iwae4j.faults;

import iwae4j.models.Dataset;
import iwae4j.models.Likelihood;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Rng;
import iwae4j.models.Schedule;
import iwae4j.models.Trainer;
import iwae4j.models.TrainingConfig;
import iwae4j.models.io.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small training run with a checkpoint after every epoch, resuming from the checkpoint when one exists: the
 * process the kill harness kills. {@code main(dir)} prints "epoch N" after each checkpoint and "done" at the end.
 */
public final class TrainingChild {
    static final ModelSpec SPEC = new ModelSpec(24, new int[] {5, 3}, new int[][] {{16}, {8}}, Likelihood.BERNOULLI);

    private TrainingChild() {
    }

    static Dataset data() {
        Rng r = new Rng(81);
        float[] grey = new float[1200 * SPEC.input];
        for (int i = 0; i < grey.length; i++) grey[i] = (float) r.nextDouble();
        return Dataset.of(grey, SPEC.input);
    }

    static Trainer fresh() {
        TrainingConfig o = TrainingConfig.paper().withK(5).withBinarize(true).withSeed(33).withSchedule(Schedule.of(new long[] {4, 8}, new double[] {1e-3, 5e-4}));
        return new Trainer(new Model(SPEC, 7), data(), o);
    }

    public static void main(String[] args) throws IOException {
        Path ckpt = Path.of(args[0]).resolve("checkpoint.safetensors");
        Trainer t = Files.exists(ckpt) ? Checkpoint.resume(ckpt, data()) : fresh();
        t.train(tr -> {
            try {
                Checkpoint.save(tr, ckpt);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println("epoch " + tr.history().size());
            System.out.flush();
        });
        System.out.println("done");
    }
}
