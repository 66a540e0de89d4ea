package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library's one input rule, the same for {@link Fit}, {@link Scorer} and {@link Imputer}: NaN is missing, ±Infinity
 * is an error naming the row and column, an extreme finite value is scored as the extreme it is (never as missing,
 * never −Infinity, its ESS never NaN), a row with nothing observed has nothing to score; and rows are read by name.
 */
class InputRuleTest {
    private static final float NAN = Float.NaN;
    private static Table train;
    private static TrainedModel model;

    @BeforeAll
    static void fit() {
        int n = 300;
        float[] v = new float[n * 3];
        Rng r = new Rng(3);
        for (int i = 0; i < n; i++) {
            double t = r.nextGaussian();
            v[3 * i] = (float) (0.01 * t);                       // a column whose values are near 0
            v[3 * i + 1] = (float) (100 + 10 * t + r.nextGaussian());
            v[3 * i + 2] = (float) r.nextGaussian();
        }
        train = new Table(v, 3, List.of("a", "b", "c"));
        model = Fit.run(train, FitOptions.defaults().withHidden(16).withLatent(2).withSchedule(Schedule.constant(3e-3, 8)).withPointMassShare(0));
    }

    @ParameterizedTest(name = "a = {0}")
    @ValueSource(floats = {3.4e38f, -3.4e38f, 2e38f, 1e30f, 1e19f, 1e10f})
    void anExtremeFiniteValueScoresAboveEveryTrainingRowWithAFiniteScoreAndEss(float extreme) {
        Scorer s = model.scorer(100, 1);
        double[] trainScores = s.anomalyScore(train.rows());
        double worstTraining = java.util.Arrays.stream(trainScores).max().orElseThrow();
        Scorer.Scores sc = s.score(new float[][] {{extreme, 100f, 0f}});
        double anomaly = -sc.logLikelihood()[0], ess = sc.effectiveSampleSize()[0];
        System.out.printf("a = %g: anomaly score %.4g (worst training row %.4g), ESS %.2f%n", extreme, anomaly, worstTraining, ess);
        assertTrue(Double.isFinite(anomaly), "finite, not -log p = Infinity: " + anomaly);
        assertTrue(anomaly > worstTraining, "scored as the extreme it is: " + anomaly + " <= " + worstTraining);
        assertTrue(ess >= 1 && ess <= 100, "ESS in [1, k], never NaN: " + ess);
        // and not as a missing cell: the row with that cell missing scores very differently
        double missing = -s.score(new float[][] {{NAN, 100f, 0f}}).logLikelihood()[0];
        assertTrue(anomaly > missing + 1000, anomaly + " vs the cell missing " + missing);
    }

    @Test
    void moreExtremeValuesScoreNoLowerThanLessExtremeOnes() {
        Scorer s = model.scorer(50, 1);
        double[] a = s.anomalyScore(new float[][] {{1f, 100f, 0f}, {1e3f, 100f, 0f}, {1e6f, 100f, 0f}, {3.4e38f, 100f, 0f}});
        for (int i = 1; i < a.length; i++) assertTrue(a[i] >= a[i - 1], java.util.Arrays.toString(a));
    }

    @Test
    void anInfinityIsAnErrorNamingItsRowAndColumnInScorerImputerAndFit() {
        Scorer s = model.scorer(10, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.logLikelihood(new float[][] {{0f, 100f, 0f}, {Float.POSITIVE_INFINITY, 0f, 0f}}));
        assertEquals("rows: row 1, column 1 ('a') is Infinity; a value must be a finite number or missing (NaN)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.logLikelihood(new float[] {0f, 0f, Float.NEGATIVE_INFINITY}));
        assertTrue(e.getMessage().contains("column 3 ('c') is -Infinity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.imputer(10, 1).impute(new float[][] {{NAN, Float.POSITIVE_INFINITY, 0f}}));
        assertTrue(e.getMessage().contains("row 0, column 2 ('b') is Infinity"), e.getMessage());
        float[] bad = train.values().clone();
        bad[3 * 7 + 2] = Float.NEGATIVE_INFINITY;
        e = assertThrows(IllegalArgumentException.class, () -> Fit.run(new Table(bad, 3, train.names()), FitOptions.defaults()));
        assertTrue(e.getMessage().startsWith("data: row 7, column 3 is -Infinity"), e.getMessage());
    }

    @Test
    void aRowWithNothingObservedCannotBeScoredButCanBeImputed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.scorer(10, 1).logLikelihood(new float[] {NAN, NAN, NAN}));
        assertTrue(e.getMessage().contains("row 0 has no observed value"), e.getMessage());
        float[] filled = model.imputer(100, 1).impute(new float[][] {{NAN, NAN, NAN}})[0];
        for (float v : filled) assertTrue(Float.isFinite(v), java.util.Arrays.toString(filled));
        assertEquals(100, filled[1], 15, "from the prior: near the training mean of b");
    }

    @Test
    void theWrongWidthAndNullRowsAreNamedErrors() {
        Scorer s = model.scorer(10, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.logLikelihood(new float[][] {{1f, 2f}}));
        assertTrue(e.getMessage().startsWith("rows: row 0 has 2 values, the model expects 3 [a, b, c]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.logLikelihood(new float[][] {null}));
        assertEquals("rows: row 0 is null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.sample(-1, 1));
        assertEquals("n must be >= 0, got -1", e.getMessage());
        assertEquals(0, model.sample(0, 1).length);
        assertEquals(3, model.sample(4, 1)[3].length);
    }

    @Test
    void aTableIsReadByNameItsOtherColumnsIgnoredAndKeptThroughImputation() {
        float[][] rows = {{0.001f, 105f, 0.5f}, {NAN, 95f, -1f}, {0.02f, NAN, 0.3f}};
        // the same rows with an id in front and the feature columns in another order
        float[] v = new float[rows.length * 4];
        for (int i = 0; i < rows.length; i++) {
            v[4 * i] = 1000 + i;
            v[4 * i + 1] = rows[i][2];
            v[4 * i + 2] = rows[i][0];
            v[4 * i + 3] = rows[i][1];
        }
        Table named = new Table(v, 4, List.of("id", "c", "a", "b"));
        Scorer s = model.scorer(100, 1);
        assertArrayEquals(s.logLikelihood(rows), s.score(named).logLikelihood());
        assertEquals(s.threshold(Dataset.of(new float[] {0.001f, 105f, 0.5f, 0f, 100f, 0f}, 3), 0.5),
                s.threshold(new Table(new float[] {7f, 0.001f, 105f, 0.5f, 8f, 0f, 100f, 0f}, 4, List.of("id", "a", "b", "c")), 0.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.score(new Table(new float[] {1f, 2f}, 2, List.of("a", "c"))));
        assertTrue(e.getMessage().startsWith("the table has no column 'b'"), e.getMessage());

        Imputer imp = model.imputer(200, 1);
        Table filled = imp.impute(named);
        assertEquals(named.names(), filled.names(), "every column comes back, in its place");
        float[][] want = imp.impute(rows);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(1000 + i, filled.values()[4 * i], "the id passes through");
            assertEquals(want[i][2], filled.values()[4 * i + 1]);
            assertEquals(want[i][0], filled.values()[4 * i + 2]);
            assertEquals(want[i][1], filled.values()[4 * i + 3]);
        }
    }

    @Test
    void fitOptionsAreCheckedWhenMadeWithTheParameterNamed() {
        FitOptions o = FitOptions.defaults();
        assertEquals("k must be >= 1, got 0", assertThrows(IllegalArgumentException.class, () -> o.withK(0)).getMessage());
        assertEquals("hidden must not be null (layer sizes such as {32, 32})",
                assertThrows(IllegalArgumentException.class, () -> o.withHidden((int[]) null)).getMessage());
        assertEquals("validationFraction must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> o.withValidationFraction(1)).getMessage());
        assertEquals("likelihood must not be null", assertThrows(IllegalArgumentException.class, () -> o.withLikelihood(null)).getMessage());
        assertEquals("minSigma must be finite and >= 0, got NaN", assertThrows(IllegalArgumentException.class, () -> o.withMinSigma(Float.NaN)).getMessage());
        int[] sizes = {8, 8};
        FitOptions held = o.withHidden(sizes);
        sizes[0] = 1;
        held.hidden()[1] = 2;
        assertArrayEquals(new int[] {8, 8}, held.hidden(), "no mutable array gets in or out");
        assertEquals(held, FitOptions.fromProperties(held.toProperties()), "the text form is exact");
        FitOptions odd = o.withBinary(new boolean[] {true, false, true}).withMaskInput(false).withSeed(-5).withMinSigma(0.0123f).withSchedule(Schedule.paper(3));
        assertEquals(odd, FitOptions.fromProperties(odd.toProperties()));
        assertEquals("data must not be null", assertThrows(IllegalArgumentException.class, () -> Fit.run(null, o)).getMessage());
        assertEquals("data: column names repeat: [a, b, a]", assertThrows(IllegalArgumentException.class,
                () -> Fit.run(new Table(train.values(), 3, List.of("a", "b", "a")), o)).getMessage());
        assertEquals("options must not be null", assertThrows(IllegalArgumentException.class, () -> Fit.run(train, null)).getMessage());
    }

    @Test
    void aFitSaysHowItWentAndItsModelKnowsItsColumns() {
        TrainedModel.Training t = model.training();
        assertEquals(300, t.rows());
        assertEquals(3, t.columns());
        assertEquals(8, t.trainBounds().size());
        assertEquals(t.validationBounds().get(t.bestEpoch() - 1), t.bestValidationBound());
        assertEquals(List.of("a", "b", "c"), model.featureNames());
        assertTrue(model.describe().contains("columns (3): a, b, c"), model.describe());
        assertEquals(TrainedModel.libraryVersion(), t.libraryVersion());
        assertTrue(t.libraryVersion().matches("\\d+\\.\\d+\\.\\d+.*"), t.libraryVersion());
    }
}
