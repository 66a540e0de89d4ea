package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import iwae4j.models.io.ModelFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows with missing cells (NaN): the observed-cells path agrees with the full-data path when nothing is missing,
 * log p(x_observed) from the scorer matches numerical marginalization over a one-dimensional latent, and the
 * imputer recovers cells of correlated columns far better than the column mean.
 */
class MissingValuesTest {
    private static final float NAN = Float.NaN;

    /** Row 0 alone takes the plain path; beside a row with a missing cell the whole batch takes the observed-cells one. */
    @Test
    void theObservedCellsPathWithNothingMissingIsTheFullDataBound() {
        for (Likelihood lik : Likelihood.values()) {
            Model m = new Model(new ModelSpec(4, new int[] {2}, new int[][] {{8}}, lik), 3);
            float[] a = lik == Likelihood.BERNOULLI ? new float[] {1, 0, 1, 1} : new float[] {0.4f, -1.2f, 0.9f, 0.1f};
            float[] pair = new float[8];
            System.arraycopy(a, 0, pair, 0, 4);
            System.arraycopy(a, 0, pair, 4, 4);
            pair[6] = NAN;
            int k = 50;
            float[] eps1 = new float[k * 2], eps2 = new float[k * 2 * 2];
            new Rng(9).fillGaussian(eps1, eps1.length);
            for (int s = 0; s < k; s++) {
                System.arraycopy(eps1, s * 2, eps2, (s * 2) * 2, 2);       // sample s of row 0
                System.arraycopy(eps1, s * 2, eps2, (s * 2 + 1) * 2, 2);   // and of row 1
            }
            Tape t = new Tape().gradients(false);
            float[] alone = m.logWeights(t, t.constant(a, 1, 4), k, new float[][] {eps1}).value().clone();
            float[] beside = m.logWeights(t, t.constant(pair, 2, 4), k, new float[][] {eps2}).value();
            for (int s = 0; s < k; s++) {
                assertEquals(alone[s], beside[s * 2], 1e-5 * (1 + Math.abs(alone[s])), lik + " sample " + s);
                assertTrue(beside[s * 2 + 1] != alone[s], "the row with a missing cell has its own weight");
            }
        }
    }

    /** A row's score does not depend on the rows beside it, with or without missing cells among them (plain model). */
    @Test
    void aRowScoresAlikeAloneAndBesideRowsWithMissingCells() {
        Model m = new Model(new ModelSpec(3, new int[] {2}, new int[][] {{8}}, Likelihood.GAUSSIAN, 0.01f), 4);
        Scorer scorer = new TrainedModel(m, null, null, null, null, null, null).scorer(300, 2);
        float[][] rows = {{0.1f, -0.3f, 1.2f}, {NAN, 0.5f, -0.2f}, {0.7f, 0.2f, NAN}, {-1f, 0f, 0.4f}, {0.3f, 0.3f, 0.3f}};
        double[] together = scorer.logLikelihood(rows);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(Double.doubleToLongBits(scorer.logLikelihood(rows[i])), Double.doubleToLongBits(together[i]), "row " + i);
        }
    }

    /**
     * log p(x_observed) = log ∫ N(h; 0, 1) Π_observed p(x_j | h) dh on a fine grid (the latent is one-dimensional),
     * against the scorer's L_k with k = 20,000 on the row with NaN in the missing cells; for a Gaussian model, a mixed
     * one (a binary column) and one whose encoder reads the mask. The negative control: scoring the row with its
     * missing cell filled by 0 instead differs from the marginal by far more than the tolerance.
     */
    @Test
    void logLikelihoodOfTheObservedCellsMatchesNumericalMarginalization() {
        boolean[] noBinary = null, secondBinary = {false, true, false};
        Object[][] cases = {
                {noBinary, false, new float[] {0.3f, NAN, -0.5f}},
                {secondBinary, false, new float[] {0.3f, 1f, NAN}},
                {secondBinary, true, new float[] {NAN, 0f, 0.8f}},
                {noBinary, true, new float[] {NAN, NAN, 1.1f}},
        };
        for (Object[] c : cases) {
            ModelSpec spec = new ModelSpec(3, new int[] {1}, new int[][] {{6}}, Likelihood.GAUSSIAN, 0.05f, (boolean[]) c[0], (boolean) c[1]);
            Model m = new Model(spec, 11);
            // a broad q (σ ≈ e) overlaps the posterior of a random decoder well, so 20,000 samples pin the marginal;
            // a random encoder's narrow q leaves an effective sample size near 5 % and ±0.03 nats between seeds
            for (iwae4j.autodiff.Parameter p : m.encoderParameters()) if (p.name().equals("q1.logSigma.b")) p.value()[0] = 1f;
            float[] row = (float[]) c[2];
            double exact = marginal(m, row);
            Scorer scorer = new TrainedModel(m, null, null, null, null, null, null).scorer(20_000, 5);
            Scorer.Scores sc = scorer.score(new float[][] {row});
            double lk = sc.logLikelihood()[0];
            String label = spec.format() + " row " + java.util.Arrays.toString(row);
            assertTrue(sc.effectiveSampleSize()[0] > 2000, label + ": effective sample size " + sc.effectiveSampleSize()[0]);
            System.out.printf("marginalization: %s: exact %.5f, L_20000 %.5f (ESS %.0f)%n", label, exact, lk, sc.effectiveSampleSize()[0]);
            assertEquals(exact, lk, 0.02, label);
            float[] filled = row.clone();
            for (int j = 0; j < 3; j++) if (Float.isNaN(filled[j])) filled[j] = 0f;
            double wrong = scorer.logLikelihood(filled);
            assertTrue(Math.abs(wrong - exact) > 0.1, "filling the missing cell changes the density: " + label + ": " + wrong + " vs " + exact);
        }
    }

    /** log ∫ p(h) Π_observed p(x_j|h) dh by the midpoint rule on [−10, 10] with 40,000 cells, summed in double. */
    private static double marginal(Model m, float[] row) {
        int n = 40_000;
        double lo = -10, step = 20.0 / n;
        float[] h = new float[n];
        for (int i = 0; i < n; i++) h[i] = (float) (lo + (i + 0.5) * step);
        Tape t = new Tape().gradients(false);
        Var[] out = m.decodeObservation(t, t.constant(h, n, 1));
        float[] a = out[0].value(), ls = out[1].value();
        double[] logTerms = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = -0.5 * h[i] * h[i] - 0.5 * Math.log(2 * Math.PI);
            for (int j = 0; j < 3; j++) {
                if (Float.isNaN(row[j])) continue;
                double mu = a[i * 3 + j];
                if (m.spec().isBinary(j)) {
                    v += row[j] * mu - (Math.max(mu, 0) + Math.log1p(Math.exp(-Math.abs(mu))));
                } else {
                    double z = (row[j] - mu) * Math.exp(-ls[i * 3 + j]);
                    v += -0.5 * z * z - ls[i * 3 + j] - 0.5 * Math.log(2 * Math.PI);
                }
            }
            logTerms[i] = v;
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : logTerms) sum += Math.exp(v - max);
        return max + Math.log(sum * step);
    }

    /** x1 ~ N(0, 1), x2 = 2·x1 + 3 + 0.1·noise, x3 = −x1 + 0.1·noise, x4 a coin that is 1 when x1 > 0; 20 % of cells removed. */
    private static float[][] correlatedRows(int n, long seed, double missing) {
        Rng r = new Rng(seed);
        float[][] rows = new float[n][4];
        for (int i = 0; i < n; i++) {
            double x1 = r.nextGaussian();
            rows[i][0] = (float) x1;
            rows[i][1] = (float) (2 * x1 + 3 + 0.1 * r.nextGaussian());
            rows[i][2] = (float) (-x1 + 0.1 * r.nextGaussian());
            rows[i][3] = x1 > 0 ? 1f : 0f;
        }
        float[][] holed = new float[n][];
        for (int i = 0; i < n; i++) {
            holed[i] = rows[i].clone();
            for (int j = 0; j < 4; j++) if (r.nextDouble() < missing) holed[i][j] = NAN;
        }
        return interleave(rows, holed); // full row i at 2i, the same row with holes at 2i + 1
    }

    private static float[][] interleave(float[][] full, float[][] holed) {
        float[][] out = new float[full.length * 2][];
        for (int i = 0; i < full.length; i++) {
            out[2 * i] = full[i];
            out[2 * i + 1] = holed[i];
        }
        return out;
    }

    @Test
    void fitOnRowsWithMissingCellsThenImputeThemBetterThanTheColumnMean(@TempDir Path dir) throws Exception {
        float[][] both = correlatedRows(1000, 21, 0.2);
        float[][] full = new float[1000][], holed = new float[1000][];
        for (int i = 0; i < 1000; i++) {
            full[i] = both[2 * i];
            holed[i] = both[2 * i + 1];
        }
        float[] flat = new float[4000];
        for (int i = 0; i < 1000; i++) System.arraycopy(holed[i], 0, flat, 4 * i, 4);
        FitOptions o = FitOptions.defaults().withHidden(16, 16).withLatent(2).withSchedule(Schedule.constant(3e-3, 60)).withPatience(0)
                .withBinary(Fit.binaryColumns(Dataset.of(flat, 4)));
        TrainedModel r = Fit.run(Dataset.of(flat, 4), o);
        ModelSpec spec = r.model().spec();
        assertTrue(spec.maskInput, "missing cells in the data: the encoder reads the mask");
        assertArrayEquals(new boolean[] {false, false, false, true}, spec.binaryColumns(), "the 0/1 column is Bernoulli");
        assertTrue(Double.isFinite(r.training().bestValidationBound()));

        // the model file keeps the spec (mask, binary column) and the standardizer fitted on observed cells
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, r.withFeatureNames(List.of("a", "b", "c", "d")));
        TrainedModel back = ModelFile.load(file);
        assertEquals(spec.format(), back.model().spec().format());
        assertTrue(spec.format().endsWith(";binary=3;mask=true"), spec.format());

        Imputer imputer = back.imputer(1000, 7);
        float[][] filled = imputer.impute(holed);
        double[] mean = new double[4];
        int[] seen = new int[4];
        for (float[] row : holed) for (int j = 0; j < 4; j++) if (!Float.isNaN(row[j])) { mean[j] += row[j]; seen[j]++; }
        for (int j = 0; j < 4; j++) mean[j] /= seen[j];
        double[] sqModel = new double[4], sqMean = new double[4];
        int wrongCoins = 0, coins = 0;
        for (int i = 0; i < 1000; i++) {
            for (int j = 0; j < 4; j++) {
                if (!Float.isNaN(holed[i][j])) {
                    assertEquals(holed[i][j], filled[i][j], "observed cells are returned unchanged");
                    continue;
                }
                if (j == 3) {
                    coins++;
                    if (filled[i][j] != full[i][j]) wrongCoins++;
                    assertTrue(filled[i][j] == 0f || filled[i][j] == 1f, "a binary cell is filled with 0 or 1");
                }
                sqModel[j] += Math.pow(filled[i][j] - full[i][j], 2);
                sqMean[j] += Math.pow(mean[j] - full[i][j], 2);
            }
        }
        System.out.printf("imputation: squared error model/mean per column %.4f %.4f %.4f; binary cells wrong %d of %d%n",
                sqModel[0] / sqMean[0], sqModel[1] / sqMean[1], sqModel[2] / sqMean[2], wrongCoins, coins);
        for (int j = 0; j < 3; j++) {
            assertTrue(sqModel[j] < 0.25 * sqMean[j], "column " + j + ": squared error " + sqModel[j] + " against the mean's " + sqMean[j]);
        }
        assertTrue(wrongCoins < 0.25 * coins, wrongCoins + " of " + coins + " binary cells wrong");

        // the same row alone or in a batch is filled alike
        int some = 0;
        while (!Float.isNaN(holed[some][1])) some++;
        assertArrayEquals(filled[some], imputer.impute(new float[][] {holed[some]})[0]);

        // multiple imputations: spread around the conditional mean, observed cells fixed
        float[][][] draws = imputer.draws(new float[][] {holed[some]}, 400);
        double avg = 0, sq = 0;
        for (float[][] d : draws) {
            avg += d[0][1];
            sq += d[0][1] * (double) d[0][1];
            for (int j = 0; j < 4; j++) if (!Float.isNaN(holed[some][j])) assertEquals(holed[some][j], d[0][j]);
        }
        avg /= draws.length;
        double sd = Math.sqrt(sq / draws.length - avg * avg);
        assertTrue(sd > 0.01, "draws vary: sd " + sd);
        assertEquals(filled[some][1], avg, 4 * sd / Math.sqrt(draws.length) + 0.05, "the draws' mean is the conditional mean");
        assertFalse(Float.isNaN(draws[0][0][1]));
    }
}
