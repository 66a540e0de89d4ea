package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.autodiff.Parameter;
import iwae4j.models.io.ModelFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point masses in Gaussian columns: the rule that finds them, the expansion into column-with-the-mass-missing plus
 * indicator, a scorer that is exactly the expanded model, a mixed density that integrates to one (probability at the
 * mass, density elsewhere), the model file, the imputer, and Fit leaving tables without a mass as they were.
 */
class PointMassesTest {
    private static final float NAN = Float.NaN;

    /** Columns: continuous with 30 % zeros; counts with 50 % ones; continuous with 5 % at 2.5; flagged binary; two values. */
    private static Dataset ruleTable() {
        int n = 200, d = 5;
        float[] x = new float[n * d];
        Rng rng = new Rng(3);
        for (int i = 0; i < n; i++) {
            x[i * d] = i % 10 < 3 ? 0f : (float) (1 + rng.nextDouble());
            x[i * d + 1] = i % 2 == 0 ? 1f : (float) (2 + i % 7);
            x[i * d + 2] = i % 20 == 0 ? 2.5f : (float) rng.nextGaussian();
            x[i * d + 3] = i % 3 == 0 ? 0.5f : (float) rng.nextDouble();
            x[i * d + 4] = i % 2 == 0 ? 0.5f : 1.5f;
        }
        return Dataset.of(x, d);
    }

    @Test
    void theRuleFindsASpikeInAContinuousColumnOnly() {
        boolean[] skip = {false, false, false, true, false};
        PointMasses pm = PointMasses.find(ruleTable(), 0.1, skip);
        assertArrayEquals(new int[] {0}, pm.columns(), "only the continuous column with 30 % zeros: " + pm);
        assertArrayEquals(new float[] {0f}, pm.values());
        assertEquals(5, pm.inputs());
        assertEquals(6, pm.expandedDim());
        // the flagged column has a 33 % spike at 0.5: found once it is not skipped (the negative control of the skip)
        assertArrayEquals(new int[] {0, 3}, PointMasses.find(ruleTable(), 0.1, null).columns());
        // the third column's 5 % spike counts at a lower share
        assertArrayEquals(new int[] {0, 2, 3}, PointMasses.find(ruleTable(), 0.05, null).columns());
        // a table too large to copy at once is read a few columns at a time, to the same answer
        for (long copy : new long[] {1, 200, 400, 600}) assertEquals(pm, PointMasses.find(ruleTable(), 0.1, skip, copy), "copy " + copy);
    }

    @Test
    void zeroAndNegativeZeroAreOneValueAndTiesGoToTheSmallest() {
        float[] x = new float[100];
        for (int i = 0; i < 100; i++) x[i] = i % 20 == 0 ? 0f : i % 20 == 1 ? -0f : i % 20 < 4 ? 7.5f : 0.01f * i + 0.003f;
        PointMasses pm = PointMasses.find(Dataset.of(x, 1), 0.1, null);
        assertArrayEquals(new float[] {0f}, pm.values(), "0 and −0 (5 % each) are one 10 % mass, tied with 7.5 (10 %): " + pm);
        float[] e = pm.expand(new float[] {-0f});
        assertTrue(Float.isNaN(e[0]) && e[1] == 1f, "−0 is at the mass 0");
    }

    @Test
    void expandingMarksTheMassMissingWithItsIndicator() {
        PointMasses pm = new PointMasses(new int[] {1}, new float[] {0f}, 3);
        assertArrayEquals(new float[] {5f, NAN, -1f, 1f}, pm.expand(new float[] {5f, 0f, -1f}));
        assertArrayEquals(new float[] {5f, 0.25f, -1f, 0f}, pm.expand(new float[] {5f, 0.25f, -1f}));
        assertArrayEquals(new float[] {NAN, NAN, -1f, NAN}, pm.expand(new float[] {NAN, NAN, -1f}));
        assertArrayEquals(new float[] {5f, 0.25f, 0f}, pm.collapseMeans(new float[] {5f, 0.25f, 0f, 0f}));
        assertArrayEquals(new float[] {5f, 0.1f, 0f}, pm.collapseMeans(new float[] {5f, 0.4f, 0f, 0.75f}), 1e-7f, "0.75·0 + 0.25·0.4");
        assertThrows(IllegalArgumentException.class, () -> new PointMasses(new int[] {2, 1}, new float[] {0, 0}, 3));
        assertThrows(IllegalArgumentException.class, () -> new PointMasses(new int[] {3}, new float[] {0}, 3));
        assertThrows(IllegalArgumentException.class, () -> new PointMasses(new int[] {0}, new float[] {NAN}, 3));
    }

    /** A 2-column table's model with a mass in column 1: 2 + 1 inputs, the indicator binary. */
    private static Model massModel(int seed) {
        return new Model(new ModelSpec(3, new int[] {1}, new int[][] {{6}}, Likelihood.GAUSSIAN, 0.05f,
                new boolean[] {false, false, true}, true), seed);
    }

    @Test
    void aScorerIsExactlyTheExpandedModel() {
        PointMasses pm = new PointMasses(new int[] {1}, new float[] {0f}, 2);
        Model m = massModel(5);
        Standardizer st = new Standardizer(new float[] {1f, 0.5f, 0f}, new float[] {2f, 0.7f, 1f});
        float[][] rows = {{0.3f, 0f}, {0.3f, 0.9f}, {NAN, 0f}, {-1f, NAN}, {2f, 1.4f}};
        float[][] expanded = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) expanded[i] = pm.expand(rows[i]);
        double[] a = new TrainedModel(m, st, pm, List.of("a", "b"), null, null, null).scorer(500, 3).logLikelihood(rows);
        double[] b = new TrainedModel(m, st, null, null, null, null, null).scorer(500, 3).logLikelihood(expanded);
        for (int i = 0; i < rows.length; i++) assertEquals(Double.doubleToLongBits(b[i]), Double.doubleToLongBits(a[i]), "row " + i);
        assertThrows(IllegalArgumentException.class, () -> new TrainedModel(m, st, pm, List.of("a", "b"), null, null, null).scorer(5, 3).logLikelihood(expanded[0]),
                "rows are given as they were, not expanded");
        // per feature: at the mass, the indicator's log P; off it, log P(off) plus the Gaussian's log density
        Scorer s = new TrainedModel(m, st, pm, null, null, null, null).scorer(10, 3);
        double[] at = s.reconstructionLogProbability(rows[0]), off = s.reconstructionLogProbability(rows[1]);
        assertEquals(2, at.length);
        assertTrue(at[1] < 0 && off[1] != at[1], "a log-probability at the mass: " + at[1]);
        // samples and codes are in the columns as given
        assertEquals(2, s.sample(3, 1)[0].length);
        assertArrayEquals(new TrainedModel(m, st, null, null, null, null, null).scorer(10, 3).encode(expanded[0]), s.encode(rows[0]));
    }

    /**
     * Σ over the mixed measure is one: P(x_1 = 0) from the scorer, plus ∫ p(x_1) dx_1 off the mass by the midpoint rule
     * on a wide grid (x_0 is missing, so the row is the one column); with a standardizer, so the log-Jacobian applies
     * off the mass only. L_k with k = 20,000 under a broad q. The negative control: without the mass's probability the
     * integral alone falls short of one by far more than the tolerance.
     */
    @Test
    void theMixedDensityIntegratesToOne() {
        PointMasses pm = new PointMasses(new int[] {1}, new float[] {0f}, 2);
        Model m = massModel(7);
        for (Parameter p : m.encoderParameters()) if (p.name().equals("q1.logSigma.b")) p.value()[0] = 1f;
        Standardizer st = new Standardizer(new float[] {0f, 0.5f, 0f}, new float[] {1f, 2f, 1f});
        Scorer s = new TrainedModel(m, st, pm, null, null, null, null).scorer(20_000, 5);
        double atMass = Math.exp(s.logLikelihood(new float[] {NAN, 0f}));
        int n = 600;
        double lo = -40, step = 80.0 / n, integral = 0;
        float[][] grid = new float[n][];
        for (int i = 0; i < n; i++) grid[i] = new float[] {NAN, (float) (lo + (i + 0.5) * step)};
        for (double ll : s.logLikelihood(grid)) integral += Math.exp(ll) * step;
        System.out.printf("point mass: P(x = 0) %.5f, ∫ p(x) dx off it %.5f, sum %.5f%n", atMass, integral, atMass + integral);
        assertTrue(atMass > 0.05 && integral > 0.05, "both parts carry probability: " + atMass + ", " + integral);
        assertEquals(1.0, atMass + integral, 0.01);
        assertTrue(Math.abs(integral - 1) > 0.05, "negative control: the density alone does not integrate to one");
    }

    @Test
    void aModelFileKeepsItsPointMasses(@TempDir Path dir) throws Exception {
        PointMasses pm = new PointMasses(new int[] {1}, new float[] {-0.125f}, 2);
        Model m = massModel(9);
        Standardizer st = new Standardizer(new float[] {1f, 0.5f, 0f}, new float[] {2f, 0.7f, 1f});
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, new TrainedModel(m, st, pm, List.of("a", "b"), null, null, Map.of()));
        TrainedModel t = ModelFile.load(f);
        assertEquals(pm, t.pointMasses());
        assertEquals(2, t.columns());
        assertEquals(List.of("a", "b"), t.featureNames());
        float[][] rows = {{0.3f, -0.125f}, {0.3f, 0.9f}};
        assertArrayEquals(new TrainedModel(m, st, pm, null, null, null, null).scorer(100, 1).logLikelihood(rows), t.scorer(100, 1).logLikelihood(rows));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainedModel(m, st, pm, List.of("a", "b", "b=0"), null, null, null),
                "names are the columns as given");
        assertTrue(e.getMessage().startsWith("featureNames: 3 names for a model of 2 columns (and 1 point-mass indicators)"), e.getMessage());
        ModelFile.save(f, new TrainedModel(m, st, null, null, null, null, null));
        assertEquals(3, ModelFile.load(f).columns(), "without masses the indicator is an ordinary input");
    }

    /**
     * Column 0 is exactly 0 when column 1 is below 0 and about column 1 otherwise: the model learns the mass's
     * dependence, so a missing column 0 is filled near 0 (drawn at exactly 0 mostly) beside a negative column 1 and
     * near column 1 (rarely 0) beside a positive one; the mean of many draws agrees with the conditional mean.
     */
    @Test
    void theImputerFillsAMassColumnFromItsMixture() {
        int n = 800;
        float[] x = new float[n * 2];
        Rng rng = new Rng(21);
        for (int i = 0; i < n; i++) {
            float c1 = (float) (2 * rng.nextGaussian());
            x[2 * i] = c1 < 0 ? 0f : (float) (c1 + 0.1 * rng.nextGaussian());
            x[2 * i + 1] = c1;
        }
        FitOptions o = FitOptions.defaults().withSchedule(Schedule.constant(3e-3, 60)).withSeed(4);
        TrainedModel r = Fit.run(Dataset.of(x, 2), o);
        assertEquals(Fit.pointMasses(Dataset.of(x, 2), o), r.pointMasses(), "what fit announces before training is what it uses");
        assertArrayEquals(new int[] {0}, r.pointMasses().columns());
        assertArrayEquals(new float[] {0f}, r.pointMasses().values());
        Imputer imp = r.imputer(1000, 2);
        float[][] rows = {{NAN, -2f}, {NAN, 2f}};
        float[][] complete = {{0f, -2f}, {1.5f, 2f}};
        assertArrayEquals(complete[0], imp.impute(complete)[0], "a value at its mass is observed: the row comes back as given");
        assertArrayEquals(complete[1], imp.draws(complete, 2)[1][1]);
        float[][] means = imp.impute(rows);
        float[][][] draws = imp.draws(rows, 400);
        System.out.printf("point-mass imputation: beside -2: %.3f, beside 2: %.3f%n", means[0][0], means[1][0]);
        assertEquals(0.0, means[0][0], 0.3);
        assertEquals(2.0, means[1][0], 0.4);
        for (int i = 0; i < 2; i++) {
            double sum = 0;
            int atZero = 0;
            for (float[][] d : draws) {
                sum += d[i][0];
                if (d[i][0] == 0f) atZero++;
                assertEquals(rows[i][1], d[i][1], "observed cells unchanged");
            }
            assertEquals(means[i][0], sum / draws.length, 0.15, "row " + i + ": the draws' mean");
            if (i == 0) assertTrue(atZero > 300, "beside -2 most draws are exactly the mass: " + atZero);
            else assertTrue(atZero < 100, "beside 2 few are: " + atZero);
        }
    }

    /** A table without a mass trains exactly as with the rule off, so earlier models and results stay as they were. */
    @Test
    void aTableWithoutAMassTrainsAsWithTheRuleOff() {
        int n = 120;
        float[] x = new float[n * 3];
        Rng rng = new Rng(8);
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        FitOptions on = FitOptions.defaults().withSchedule(Schedule.constant(1e-3, 5)), off = on.withPointMassShare(0);
        TrainedModel a = Fit.run(Dataset.of(x, 3), on), b = Fit.run(Dataset.of(x, 3), off);
        assertEquals(0, a.pointMasses().count());
        for (int p = 0; p < a.model().parameters().size(); p++) {
            assertArrayEquals(b.model().parameters().get(p).value(), a.model().parameters().get(p).value());
        }
        assertEquals(b.training().validationBounds(), a.training().validationBounds());
    }
}
