package iwae4j.bench.dl4j;

import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import iwae4j.bench.ChunkTimer;
import iwae4j.bench.TrainStepBench;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Rng;
import iwae4j.models.Scorer;
import iwae4j.tensor.Parallel;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * iwae4j against Deeplearning4j's {@code VariationalAutoencoder} layer on the paper's one-layer MNIST model
 * (784-200-200-50 tanh, Bernoulli output), batch 20, Adam (β = 0.9, 0.999, ε = 1e-4): first that both compute the
 * same thing with the same parameters (ours copied into DL4J), then ms per VAE training step (k = 1) in alternating
 * rounds, then test points per second of log p(x) by 5,000 importance samples (our {@link Scorer} against DL4J's
 * {@code reconstructionLogProbability}). Usage: {@code Dl4jCompare THREADS SECONDS ROUNDS}; the thread count of
 * DL4J's native backend is set by the environment (OMP_NUM_THREADS), which bench/compare-dl4j.sh sets to THREADS.
 */
public final class Dl4jCompare {
    private static final int BATCH = 20, D = 784, SCORED_ROWS = 40, K_EVAL = 5000;

    private Dl4jCompare() {
    }

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Parallel.setThreads(threads);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();

        Model model = new Model(ModelSpec.mnist1(), 1);
        MultiLayerNetwork net = dl4j();
        org.deeplearning4j.nn.layers.variational.VariationalAutoencoder vae =
                (org.deeplearning4j.nn.layers.variational.VariationalAutoencoder) net.getLayer(0);
        copy(model, vae);
        float[] x = binaryRows(BATCH, 2);
        INDArray xa = Nd4j.create(x, new long[] {BATCH, D}, 'c');

        // 1. the same function: encoder means, decoder probabilities at them, and the ELBO over many noise draws
        Tape t = new Tape().gradients(false);
        Var zMean = model.encodeLayer(t, 0, t.constant(x, BATCH, D))[0];
        INDArray zDl4j = vae.activate(xa, false, mgr);
        double encoderDiff = maxAbsDiff(zMean.value(), zDl4j);
        float[] logits = model.decodeObservation(t, zMean)[0].value();
        float[] probs = new float[logits.length];
        for (int i = 0; i < probs.length; i++) probs[i] = (float) (1 / (1 + Math.exp(-logits[i])));
        double decoderDiff = maxAbsDiff(probs, vae.generateAtMeanGivenZ(Nd4j.create(zMean.value(), new long[] {BATCH, 50}, 'c')));
        int draws = 500;
        double[] ours = new double[draws], theirs = new double[draws];
        float[][] noise = {new float[BATCH * 50]};
        Rng rng = new Rng(3);
        for (int i = 0; i < draws; i++) {
            rng.fillGaussian(noise[0], noise[0].length);
            t.reset();
            float[] w = model.logWeights(t, t.constant(x, BATCH, D), 1, noise).value();
            double s = 0;
            for (float v : w) s += v;
            ours[i] = -s / BATCH;
            vae.setInput(xa, mgr);
            vae.computeGradientAndScore(mgr);
            theirs[i] = vae.score();
        }
        double[] mo = meanAndError(ours), mt = meanAndError(theirs);
        System.out.printf(Locale.ROOT, "check: same parameters: encoder mean max |diff| %.2e, decoder probability max |diff| %.2e%n", encoderDiff, decoderDiff);
        System.out.printf(Locale.ROOT, "check: negative ELBO per example over %d noise draws: iwae4j %.3f ± %.3f, DL4J %.3f ± %.3f"
                + " (relative difference %.1e)%n", draws, mo[0], mo[1], mt[0], mt[1], Math.abs(mo[0] - mt[0]) / Math.abs(mt[0]));

        // 2. the training step, alternating rounds; both sides train their own copy from here on
        TrainStepBench step = new TrainStepBench();
        step.layers = 1;
        step.k = 1;
        step.threads = threads;
        step.setUp();
        double[] msOurs = new double[rounds], msDl4j = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            msOurs[r] = ChunkTimer.run(step::step, seconds).secondsPerCall * 1e3;
            msDl4j[r] = ChunkTimer.run(() -> {
                net.pretrainLayer(0, xa);
                return net.score();
            }, seconds).secondsPerCall * 1e3;
        }

        // 3. log p(x) by 5,000 importance samples on 100 rows (fresh copies of the same parameters)
        copy(model, vae);
        float[] rowsFlat = binaryRows(SCORED_ROWS, 4);
        float[][] rows = new float[SCORED_ROWS][];
        for (int i = 0; i < SCORED_ROWS; i++) rows[i] = Arrays.copyOfRange(rowsFlat, i * D, (i + 1) * D);
        INDArray ra = Nd4j.create(rowsFlat, new long[] {SCORED_ROWS, D}, 'c');
        Scorer scorer = iwae4j.models.TrainedModel.of(model).scorer(K_EVAL, 1);
        scorer.logLikelihood(Arrays.copyOf(rows, 4)); // warm-up
        long t0 = System.nanoTime();
        double[] llOurs = scorer.logLikelihood(rows);
        double secOurs = (System.nanoTime() - t0) / 1e9;
        vae.reconstructionLogProbability(ra.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4), org.nd4j.linalg.indexing.NDArrayIndex.all()), K_EVAL);
        t0 = System.nanoTime();
        INDArray llDl4j;
        llDl4j = vae.reconstructionLogProbability(ra, K_EVAL);
        double secDl4j = (System.nanoTime() - t0) / 1e9;
        double meanOurs = Arrays.stream(llOurs).average().orElse(Double.NaN), meanDl4j = llDl4j.meanNumber().doubleValue();

        double medOurs = median(msOurs), medDl4j = median(msDl4j);
        double[] recon = reconstructionLogProbability(model, rowsFlat, SCORED_ROWS, K_EVAL);
        System.out.printf(Locale.ROOT, "check: mean over %d rows with %d samples: iwae4j log p(x) (L_k) %.3f; DL4J reconstructionLogProbability %.3f;"
                + " iwae4j's log E_q[p(x|z)] %.3f and E_q[log p(x|z)] %.3f%n",
                SCORED_ROWS, K_EVAL, meanOurs, meanDl4j, recon[0], recon[1]);
        System.out.printf(Locale.ROOT, "threads=%d step_ms iwae4j=%.3f dl4j=%.3f ratio=%.2f (rounds iwae4j %s, dl4j %s)%n", threads, medOurs, medDl4j,
                medDl4j / medOurs, fmt(msOurs), fmt(msDl4j));
        System.out.printf(Locale.ROOT, "threads=%d L_5000_points_per_s iwae4j=%.1f dl4j=%.1f ratio=%.2f%n", threads, SCORED_ROWS / secOurs,
                SCORED_ROWS / secDl4j, secDl4j / secOurs);
    }

    /**
     * Means over rows of log (1/k) Σ_s p(x | z_s) and of (1/k) Σ_s log p(x | z_s), z_s ~ q(z|x): the two readings of
     * a "reconstruction log probability", to tell which one DL4J's is.
     */
    static double[] reconstructionLogProbability(Model model, float[] rows, int n, int k) {
        Tape t = new Tape().gradients(false);
        Rng rng = new Rng(5);
        double total = 0, averageLog = 0;
        for (int i = 0; i < n; i++) {
            float[] x = Arrays.copyOfRange(rows, i * D, (i + 1) * D);
            Var[] q = model.encodeLayer(t, 0, t.constant(x, 1, D));
            float[] mean = q[0].value(), logSigma = q[1].value(), z = new float[k * 50];
            rng.fillGaussian(z, z.length);
            for (int s = 0; s < k; s++) for (int j = 0; j < 50; j++) z[s * 50 + j] = (float) (mean[j] + Math.exp(logSigma[j]) * z[s * 50 + j]);
            float[] logits = model.decodeObservation(t, t.constant(z, k, 50))[0].value();
            double[] lp = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < k; s++) {
                double v = 0;
                for (int j = 0; j < D; j++) {
                    double l = logits[s * D + j];
                    v += x[j] * l - (Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l))));
                }
                lp[s] = v;
                max = Math.max(max, v);
            }
            double sum = 0, plain = 0;
            for (double v : lp) {
                sum += Math.exp(v - max);
                plain += v;
            }
            total += max + Math.log(sum / k);
            averageLog += plain / k;
            t.reset();
        }
        return new double[] {total / n, averageLog / n};
    }

    /** DL4J's VAE layer with the paper's shapes and Adam. */
    static MultiLayerNetwork dl4j() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3, 0.9, 0.999, 1e-4))
                .list()
                .layer(new VariationalAutoencoder.Builder()
                        .activation(Activation.TANH)
                        .encoderLayerSizes(200, 200)
                        .decoderLayerSizes(200, 200)
                        .pzxActivationFunction(Activation.IDENTITY)
                        .reconstructionDistribution(new BernoulliReconstructionDistribution(Activation.SIGMOID))
                        .nIn(D).nOut(50).numSamples(1)
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView(); // the layer's own computeGradientAndScore needs the views before any fit
        return net;
    }

    /** Our parameters into DL4J's: the same layers, and log σ² = 2 log σ for q's variance head. */
    static void copy(Model model, org.deeplearning4j.nn.layers.variational.VariationalAutoencoder vae) {
        Map<String, String> names = Map.ofEntries(
                Map.entry("q1.fc0.w", "e0W"), Map.entry("q1.fc0.b", "e0b"), Map.entry("q1.fc1.w", "e1W"), Map.entry("q1.fc1.b", "e1b"),
                Map.entry("q1.mean.w", "pZXMeanW"), Map.entry("q1.mean.b", "pZXMeanb"),
                Map.entry("q1.logSigma.w", "pZXLogStd2W"), Map.entry("q1.logSigma.b", "pZXLogStd2b"),
                Map.entry("px.fc0.w", "d0W"), Map.entry("px.fc0.b", "d0b"), Map.entry("px.fc1.w", "d1W"), Map.entry("px.fc1.b", "d1b"),
                Map.entry("px.logits.w", "pXZW"), Map.entry("px.logits.b", "pXZb"));
        for (Parameter p : model.parameters()) {
            String key = names.get(p.name());
            if (key == null) throw new IllegalStateException("no DL4J parameter for " + p.name());
            float[] v = p.value().clone();
            if (key.startsWith("pZXLogStd2")) for (int i = 0; i < v.length; i++) v[i] *= 2;
            INDArray target = vae.getParam(key);
            if (target.length() != v.length) throw new IllegalStateException(key + " has " + target.length() + " values, " + p.name() + " " + v.length);
            target.assign(Nd4j.create(v, new long[] {p.rows(), p.cols()}, 'c').reshape(target.shape()));
        }
    }

    private static float[] binaryRows(int n, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[n * D];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() < 0.13 ? 1f : 0f;
        return x;
    }

    private static double maxAbsDiff(float[] a, INDArray b) {
        float[] bv = b.dup('c').data().asFloat();
        if (bv.length != a.length) throw new IllegalStateException(a.length + " against " + bv.length + " values");
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - bv[i]));
        return m;
    }

    private static double[] meanAndError(double[] v) {
        double s = 0, sq = 0;
        for (double x : v) s += x;
        double mean = s / v.length;
        for (double x : v) sq += (x - mean) * (x - mean);
        return new double[] {mean, Math.sqrt(sq / (v.length - 1) / v.length)};
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double x : v) sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", x));
        return sb.toString();
    }
}
