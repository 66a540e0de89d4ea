package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.io.ModelFile;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerTest {
    private static float[][] rows;
    private static TrainedModel fit;

    /** 300 rows of 6 correlated Gaussian features (two latent factors plus noise), in odd units. */
    static float[][] data(long seed, int n, float scale) {
        Rng r = new Rng(seed);
        float[][] x = new float[n][6];
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian(), b = r.nextGaussian();
            for (int j = 0; j < 6; j++) x[i][j] = scale * (float) (10 + j + (j % 2 == 0 ? a : b) * (1 + j) + 0.3 * r.nextGaussian());
        }
        return x;
    }

    static Dataset dataset(float[][] x) {
        float[] flat = new float[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) System.arraycopy(x[i], 0, flat, i * x[0].length, x[0].length);
        return Dataset.of(flat, x[0].length);
    }

    static FitOptions options() {
        return FitOptions.defaults().withLatent(2).withHidden(16).withK(5).withSchedule(Schedule.constant(3e-3, 15)).withSeed(4);
    }

    @BeforeAll
    static void train() {
        rows = data(1, 300, 1f);
        fit = Fit.run(dataset(rows), options());
    }

    private static Scorer scorer(int k) {
        return fit.scorer(k, 99);
    }

    @Test
    void aRowGetsTheSameScoreAloneAndAnywhereInAnyBatch() {
        Scorer s = scorer(600); // more than one noise chunk
        double[] batch = s.logLikelihood(java.util.Arrays.copyOf(rows, 40));
        for (int i = 0; i < 40; i += 7) assertEquals(Double.doubleToLongBits(batch[i]), Double.doubleToLongBits(s.logLikelihood(rows[i])), "row " + i);
        float[][] shuffled = {rows[13], rows[0], rows[13], rows[5]};
        double[] again = s.logLikelihood(shuffled);
        assertEquals(batch[13], again[0]);
        assertEquals(batch[13], again[2]);
        assertEquals(batch[0], again[1]);
        assertEquals(batch[5], again[3]);
    }

    @Test
    void eightThreadsSharingOneScorerGetTheSingleThreadScores() throws Exception {
        Scorer s = scorer(200);
        double[] alone = s.logLikelihood(rows);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<double[]>> f = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int from = t * 20;
                f.add(pool.submit(() -> {
                    go.await();
                    // each thread scores an overlapping window, so the same rows meet in different batches
                    return s.logLikelihood(java.util.Arrays.copyOfRange(rows, from, from + 150));
                }));
            }
            go.countDown();
            for (int t = 0; t < 8; t++) {
                double[] got = f.get(t).get();
                for (int i = 0; i < got.length; i++) assertEquals(alone[t * 20 + i], got[i], "thread " + t + ", row " + (t * 20 + i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void logLikelihoodIsADensityOfTheOriginalUnits() {
        // the same model on data in units 10x larger (its standardizer scaled to match): the standardized rows are
        // the same up to rounding, so log p(10x) = log p(x) − d·log 10, the Jacobian; averaged over 100 rows
        // because rounding changes each row's noise key
        float[] mean = fit.standardizer().mean().clone(), scale = fit.standardizer().scale().clone();
        for (int j = 0; j < mean.length; j++) {
            mean[j] *= 10;
            scale[j] *= 10;
        }
        Scorer small = scorer(200), large = new TrainedModel(fit.model(), new Standardizer(mean, scale), null, null, null, null, null).scorer(200, 99);
        double diff = 0;
        for (int i = 0; i < 100; i++) {
            float[] big = rows[i].clone();
            for (int j = 0; j < big.length; j++) big[j] *= 10;
            diff += large.logLikelihood(big) - small.logLikelihood(rows[i]);
        }
        assertEquals(-6 * Math.log(10), diff / 100, 0.02);
    }

    @Test
    void anomaliesScoreHigherAndTheThresholdQuantileHolds() {
        Scorer s = scorer(100);
        double threshold = s.threshold(dataset(rows), 0.9);
        double[] a = s.anomalyScore(rows);
        long above = java.util.Arrays.stream(a).filter(v -> v > threshold).count();
        assertEquals(30, above, 1, "about 10 % of the training rows lie above the 0.9 quantile");
        float[] odd = rows[0].clone();
        odd[2] += 40; // far outside the data
        assertTrue(s.anomalyScore(new float[][] {odd})[0] > threshold);
        Scorer.Scores sc = s.score(java.util.Arrays.copyOf(rows, 10));
        for (double e : sc.effectiveSampleSize()) assertTrue(e >= 1 && e <= 100, "ESS " + e);
        assertEquals(6, s.reconstructionLogProbability(rows[0]).length);
        assertEquals(2, s.encode(rows[0]).length);
        assertEquals(6, s.sample(3, 5)[2].length);
    }

    @TempDir
    Path dir;

    @Test
    void aSavedModelScoresTheSameFromAPathAndFromAStream() throws Exception {
        Path f = dir.resolve("m.safetensors");
        List<String> names = List.of("a", "b", "c", "d", "e", "f");
        ModelFile.save(f, fit.withFeatureNames(names).withMetadata(Map.of("note", "test")));
        TrainedModel fromPath = ModelFile.load(f);
        TrainedModel fromStream = ModelFile.load(new ByteArrayInputStream(Files.readAllBytes(f)), "m.safetensors");
        double[] want = scorer(100).logLikelihood(rows);
        assertArrayEquals(want, fromPath.scorer(100, 99).logLikelihood(rows));
        assertArrayEquals(want, fromStream.scorer(100, 99).logLikelihood(rows));
        assertEquals(names, fromStream.featureNames());
        assertEquals("test", fromPath.metadata().get("note"));
    }

    @Test
    void theSameModelAndMetadataGiveTheSameBytesInAnyMapOrder() throws Exception {
        Map<String, String> ab = new java.util.LinkedHashMap<>(), ba = new java.util.LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        ba.put("b", "2");
        ba.put("a", "1");
        Path f1 = dir.resolve("ab.safetensors"), f2 = dir.resolve("ba.safetensors");
        ModelFile.save(f1, fit.withMetadata(ab));
        ModelFile.save(f2, fit.withMetadata(ba));
        assertArrayEquals(Files.readAllBytes(f1), Files.readAllBytes(f2));
    }
}
