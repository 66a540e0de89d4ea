package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import iwae4j.models.data.Camel;
import org.junit.jupiter.api.Test;

class ModelTest {
    /** The guard: every log σ head starts at exactly 0, so σ = 1 whatever the input, and log w stays finite. */
    @Test
    void gaussianOutputsStartWithUnitSigmaAndFiniteLogWeightsForExtremeInputs() {
        Model model = new Model(new ModelSpec(3, new int[] {2, 2}, new int[][] {{4, 4}, {3}}, Likelihood.GAUSSIAN), 9);
        float[] x = {1e3f, -1e3f, 0f, 50f, -7f, 1e-3f};
        Tape t = new Tape();
        Var[] q = model.encodeLayer(t, 0, t.constant(x, 2, 3));
        for (float v : q[1].value()) assertEquals(0f, v);
        Var[] obs = model.decodeObservation(t, t.constant(new float[] {30f, -30f, 0.5f, 2f}, 2, 2));
        for (float v : obs[1].value()) assertEquals(0f, v);
        float[][] noise = {new float[2 * 2 * 2], new float[2 * 2 * 2]};
        new Rng(1).fillGaussian(noise[0], 8);
        new Rng(2).fillGaussian(noise[1], 8);
        Var logW = model.logWeights(t, t.constant(x, 2, 3), 2, noise);
        for (float v : logW.value()) assertTrue(Float.isFinite(v), "log w = " + v);
    }

    @Test
    void specRoundTripsThroughItsTextForm() {
        for (ModelSpec s : new ModelSpec[] {ModelSpec.mnist1(), ModelSpec.mnist2(), ModelSpec.camel()}) {
            assertEquals(s.format(), ModelSpec.parse(s.format()).format());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("input=784;latent=50"));
        assertTrue(e.getMessage().contains("bad model spec"), e.getMessage());
    }

    @Test
    void divergedTrainingStopsNamingTheStepAndTheNonFiniteTensor() {
        Model model = new Model(ModelSpec.camel(), 1);
        Parameter bad = model.parameters().get(0);
        bad.value()[0] = Float.NaN;
        TrainingConfig o = TrainingConfig.paper().withSchedule(Schedule.paper(1));
        Trainer trainer = new Trainer(model, Camel.sample(100, new Rng(1)), o);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.train(null));
        assertTrue(e.getMessage().contains("step 1"), e.getMessage());
        assertTrue(e.getMessage().contains("Linear"), e.getMessage());
        assertTrue(e.getMessage().contains(bad.name()), e.getMessage());
    }

    @Test
    void firstExamplesOfADatasetAreAViewAndBoundsAreChecked() {
        Dataset d = Dataset.of(new float[] {1, 2, 3, 4, 5, 6}, 2);
        Dataset head = d.first(2);
        assertEquals(2, head.size());
        float[] out = new float[2];
        head.copy(1, out, 0);
        assertEquals(3f, out[0]);
        assertThrows(IllegalArgumentException.class, () -> d.first(4));
        assertThrows(IllegalArgumentException.class, () -> Dataset.of(new float[5], 2));
    }

    @Test
    void scheduleIsThePapers() {
        Schedule s = Schedule.paper(8);
        assertEquals(3280, s.totalEpochs());
        assertEquals(1e-3, s.learningRate(0), 1e-15);
        assertEquals(1e-4, s.learningRate(7), 1e-15);
        assertEquals(27, s.epochs(3));
    }

    @Test
    void sameSeedGivesBitIdenticalTraining() {
        float[][] finals = new float[2][];
        for (int run = 0; run < 2; run++) {
            Model model = new Model(ModelSpec.camel(), 5);
            TrainingConfig o = TrainingConfig.paper().withSchedule(Schedule.paper(2)).withSeed(77);
            new Trainer(model, Camel.sample(400, new Rng(3)), o).train(null);
            finals[run] = model.parameters().get(2).value().clone();
        }
        assertTrue(java.util.Arrays.equals(finals[0], finals[1]));
    }

    @Test
    void aSigmaFloorBoundsTheObservationsLogSigmaAndTravelsInTheSpecsText() {
        ModelSpec plain = new ModelSpec(3, new int[] {2}, new int[][] {{6}}, Likelihood.GAUSSIAN);
        ModelSpec floored = new ModelSpec(3, new int[] {2}, new int[][] {{6}}, Likelihood.GAUSSIAN, 0.01f);
        assertEquals("input=3;latent=2;hidden=6;likelihood=GAUSSIAN", plain.format()); // as before the floor existed
        assertEquals("input=3;latent=2;hidden=6;likelihood=GAUSSIAN;sigma_min=0.01", floored.format());
        assertEquals(0.01f, ModelSpec.parse(floored.format()).minSigma);
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(3, new int[] {2}, new int[][] {{6}}, Likelihood.BERNOULLI, 0.01f));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(3, new int[] {2}, new int[][] {{6}}, Likelihood.GAUSSIAN, -1f));

        Model a = new Model(plain, 3), b = new Model(floored, 3);
        java.util.Random r = new java.util.Random(4);
        for (int p = 0; p < a.parameters().size(); p++) {
            float[] va = a.parameters().get(p).value(), vb = b.parameters().get(p).value();
            for (int i = 0; i < va.length; i++) vb[i] = va[i] = (float) (r.nextGaussian() * 8); // log σ far below log 0.01 for some rows
        }
        float[] h = new float[40 * 2];
        for (int i = 0; i < h.length; i++) h[i] = (float) r.nextGaussian();
        Tape t = new Tape();
        float[] rawLogSigma = a.decodeObservation(t, t.constant(h, 40, 2))[1].value().clone();
        float[] flooredLogSigma = b.decodeObservation(t, t.constant(h, 40, 2))[1].value();
        double c = Math.log(0.01);
        int below = 0;
        for (int i = 0; i < rawLogSigma.length; i++) {
            if (rawLogSigma[i] < c) below++;
            assertTrue(flooredLogSigma[i] >= c - 1e-5, "floored log σ " + flooredLogSigma[i] + " below log 0.01");
            double want = c + Math.log1p(Math.exp(rawLogSigma[i] - c)); // c + softplus(log σ − c)
            assertEquals(want, flooredLogSigma[i], 1e-4 * (1 + Math.abs(want)), "element " + i);
        }
        assertTrue(below > 10, "the control: without the floor some log σ lie below log 0.01 (" + below + ")");
    }

    /** A copy has the source's parameter names, shapes and values in order, in storage of its own, and computes the same log w. */
    @Test
    void aCopyIsTheSameModelInStorageOfItsOwn() {
        ModelSpec spec = new ModelSpec(3, new int[] {2, 2}, new int[][] {{4, 4}, {3}}, Likelihood.GAUSSIAN);
        Model source = new Model(spec, 9), copy = source.copy();
        assertEquals(source.parameters().size(), copy.parameters().size());
        assertEquals(source.encoderParameters().size(), copy.encoderParameters().size());
        for (int i = 0; i < source.parameters().size(); i++) {
            Parameter a = source.parameters().get(i), b = copy.parameters().get(i);
            assertEquals(a.name(), b.name());
            assertEquals(a.rows(), b.rows());
            assertEquals(a.cols(), b.cols());
            assertTrue(java.util.Arrays.equals(a.value(), b.value()), a.name());
            assertTrue(a.value() != b.value() && a.grad() != b.grad(), a.name() + " shares storage");
        }
        float[] x = {0.3f, -1f, 2f, 1f, 0f, -0.5f};
        float[][] noise = {new float[8], new float[8]};
        new Rng(1).fillGaussian(noise[0], 8);
        new Rng(2).fillGaussian(noise[1], 8);
        Tape t = new Tape();
        float[] want = source.logWeights(t, t.constant(x, 2, 3), 2, noise).value().clone();
        Tape c = new Tape();
        assertTrue(java.util.Arrays.equals(want, copy.logWeights(c, c.constant(x, 2, 3), 2, noise).value()));
        // control: changing the copy leaves the source as it was, and moves the copy's log w
        copy.parameters().get(0).value()[0] += 1f;
        Tape s = new Tape(), u = new Tape();
        assertTrue(java.util.Arrays.equals(want, source.logWeights(s, s.constant(x, 2, 3), 2, noise).value()));
        assertTrue(!java.util.Arrays.equals(want, copy.logWeights(u, u.constant(x, 2, 3), 2, noise).value()));
    }
}
