package iwae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.Dataset;
import iwae4j.models.Likelihood;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Objective;
import iwae4j.models.Rng;
import iwae4j.models.Schedule;
import iwae4j.models.Trainer;
import iwae4j.models.TrainingConfig;
import iwae4j.models.io.Checkpoint;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvesTest {
    @TempDir
    Path dir;

    private static Trainer train(Objective objective, long seed) {
        Rng r = new Rng(8);
        float[] grey = new float[100 * 12];
        for (int i = 0; i < grey.length; i++) grey[i] = (float) r.nextDouble();
        TrainingConfig o = TrainingConfig.paper().withObjective(objective).withK(3).withBinarize(true).withSeed(seed).withSchedule(Schedule.paper(2));
        Trainer t = new Trainer(new Model(new ModelSpec(12, new int[] {3}, new int[][] {{6}}, Likelihood.BERNOULLI), seed), Dataset.of(grey, 12), o);
        t.train(null);
        return t;
    }

    @Test
    void readsEachRunsHistoryFromItsCheckpointAndDrawsThemTogether() throws Exception {
        Trainer a = train(Objective.IWAE, 3), b = train(Objective.VAE, 4);
        Path runA = Files.createDirectories(dir.resolve("iwae-run"));
        Checkpoint.save(a, runA.resolve("checkpoint.safetensors"));
        Path ckptB = dir.resolve("other.safetensors");
        Checkpoint.save(b, ckptB);

        List<Curves.Run> runs = Curves.read(List.of(runA, ckptB), null);
        assertEquals("iwae-run", runs.get(0).label(), "a folder's name labels its run");
        assertArrayEquals(a.history().stream().mapToDouble(Double::doubleValue).toArray(), runs.get(0).bounds());
        assertArrayEquals(b.history().stream().mapToDouble(Double::doubleValue).toArray(), runs.get(1).bounds());
        assertEquals(4, runs.get(1).bounds().length, "1 + 3 passes");
        assertTrue(runs.get(1).what().startsWith("VAE k=3"), runs.get(1).what());

        Path png = dir.resolve("c.png");
        String md = Curves.write(Curves.read(List.of(runA, ckptB), List.of("first", "second")), png);
        assertTrue(md.contains("| first | IWAE k=3"), md);
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "%.3f", b.history().get(3))), md);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Curves.read(List.of(dir.resolve("none")), null));
        assertTrue(e.getMessage().startsWith("no checkpoint at"), e.getMessage());
    }
}
