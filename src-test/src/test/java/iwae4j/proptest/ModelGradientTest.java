package iwae4j.proptest;

import static iwae4j.proptest.GradAssert.gradientMatchesFiniteDifferences;

import iwae4j.autodiff.Parameter;
import iwae4j.models.Likelihood;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Objective;
import iwae4j.models.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gradient of the whole VAE and IWAE objective, with the noise ε held fixed, equals finite differences
 * for every parameter: 1 and 2 stochastic layers × Bernoulli and Gaussian likelihoods × both objectives.
 */
class ModelGradientTest {
    private static final long MASTER_SEED = 0xCA3E1L;

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        Rng seeds = new Rng(MASTER_SEED);
        for (int layers = 1; layers <= 2; layers++)
            for (Likelihood lik : Likelihood.values())
                for (Objective obj : Objective.values()) out.add(Arguments.of(layers, lik, obj, seeds.nextLong()));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} layer(s), {1}, {2}, seed {3}")
    @MethodSource("cells")
    void objectiveGradientMatchesFiniteDifferencesWithFixedNoise(int layers, Likelihood lik, Objective objective, long seed) {
        check(layers == 1
                ? new ModelSpec(5, new int[] {3}, new int[][] {{4}}, lik)
                : new ModelSpec(5, new int[] {3, 2}, new int[][] {{4}, {3}}, lik), lik, objective, seed);
    }

    /** Gaussian models with a σ floor of 0.5, where log σ ≈ 0 ± 0.6 puts the floor's softplus in its curved part. */
    static Stream<Arguments> flooredCells() {
        List<Arguments> out = new ArrayList<>();
        Rng seeds = new Rng(MASTER_SEED + 1);
        for (int layers = 1; layers <= 2; layers++)
            for (Objective obj : Objective.values()) out.add(Arguments.of(layers, obj, seeds.nextLong()));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} layer(s), Gaussian with σ ≥ 0.5, {1}, seed {2}")
    @MethodSource("flooredCells")
    void withASigmaFloorTheGradientMatchesFiniteDifferences(int layers, Objective objective, long seed) {
        check(layers == 1
                ? new ModelSpec(5, new int[] {3}, new int[][] {{4}}, Likelihood.GAUSSIAN, 0.5f)
                : new ModelSpec(5, new int[] {3, 2}, new int[][] {{4}, {3}}, Likelihood.GAUSSIAN, 0.5f), Likelihood.GAUSSIAN, objective, seed);
    }

    private static void check(ModelSpec spec, Likelihood lik, Objective objective, long seed) {
        int layers = spec.layers();
        Gen.Case c = Gen.replay(seed, 3, 5, 1, 3); // B = 3 inputs, k = 3 samples
        Model model = new Model(spec, seed);
        // move every parameter off its initial value (zero biases and log σ heads would hide mistakes)
        for (Parameter p : model.parameters()) {
            float[] v = c.floats(p.size(), -0.6, 0.6);
            for (int i = 0; i < v.length; i++) p.value()[i] += v[i];
        }
        float[] x = lik == Likelihood.BERNOULLI ? c.bits(c.r * spec.input) : c.floats(c.r * spec.input, -2, 2);
        float[][] noise = new float[layers][];
        Rng rng = new Rng(c.nextSeed());
        for (int l = 0; l < layers; l++) {
            noise[l] = new float[model.noiseSize(l, c.k, c.r)];
            rng.fillGaussian(noise[l], noise[l].length);
        }
        gradientMatchesFiniteDifferences(c, model.parameters(),
                t -> objective.loss(t, model.logWeights(t, t.constant(x, c.r, spec.input), c.k, noise)));
    }
}
