package iwae4j.experiments;

import iwae4j.models.*;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import iwae4j.models.data.Camel;
import java.io.PrintStream;

/**
 * The camel experiment as a library call: train a VAE and an IWAE on the 1-D two-humped mixture, score both
 * by L_5000 on fresh test points, and compare with the true E[ln p(X)].
 */
public final class CamelExperiment {
    /** Settings; the defaults are what {@code -Dexp=camel} runs. */
    public static final class Options {
        public long seed = 1;
        public int trainSize = 10_000;
        public int testSize = 10_000;
        public int stages = 5;
        public int k = 20;
        public int evalK = 5000;
        public PrintStream progress = System.err;
    }

    /** What a run produced. */
    public static final class Result {
        public final double trueExpectedLogDensity;
        public final Model vae, iwae;
        public final Evaluator.Result vaeScore, iwaeScore;
        public final double seconds;

        Result(double truth, Model vae, Model iwae, Evaluator.Result vs, Evaluator.Result is, double seconds) {
            this.trueExpectedLogDensity = truth;
            this.vae = vae;
            this.iwae = iwae;
            this.vaeScore = vs;
            this.iwaeScore = is;
            this.seconds = seconds;
        }

        /** The results table, one row per model. */
        public String table(int k, int evalK) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("| %-22s | %-10s | %-8s |%n", "model", "E[ln p(x)]", "std err"));
            sb.append(String.format("|%s|%s|%s|%n", "-".repeat(24), "-".repeat(12), "-".repeat(10)));
            sb.append(String.format("| %-22s | %10.4f | %8s |%n", "true (quadrature)", trueExpectedLogDensity, "exact"));
            sb.append(String.format("| %-22s | %10.4f | %8.4f |%n", "VAE (k=1), L_" + evalK, vaeScore.mean, vaeScore.standardError));
            sb.append(String.format("| %-22s | %10.4f | %8.4f |%n", "IWAE (k=" + k + "), L_" + evalK, iwaeScore.mean, iwaeScore.standardError));
            return sb.toString();
        }
    }

    private CamelExperiment() {
    }

    public static Result run(Options o) {
        long start = System.nanoTime();
        Rng seeds = new Rng(o.seed);
        Dataset train = Camel.sample(o.trainSize, seeds.split());
        Dataset test = Camel.sample(o.testSize, seeds.split());
        long initSeed = seeds.nextLong(), trainSeed = seeds.nextLong(), evalSeed = seeds.nextLong();
        Model vae = train(Objective.VAE, 1, train, initSeed, trainSeed, o);
        Model iwae = train(Objective.IWAE, o.k, train, initSeed, trainSeed, o);
        Evaluator eval = new Evaluator(100_000);
        Evaluator.Result vs = eval.logLikelihood(vae, test, o.evalK, evalSeed);
        Evaluator.Result is = eval.logLikelihood(iwae, test, o.evalK, evalSeed);
        return new Result(Camel.expectedLogDensity(), vae, iwae, vs, is, (System.nanoTime() - start) / 1e9);
    }

    private static Model train(Objective objective, int k, Dataset train, long initSeed, long trainSeed, Options o) {
        Model model = new Model(ModelSpec.camel(), initSeed);
        TrainingConfig t = TrainingConfig.paper().withObjective(objective).withK(k).withSchedule(Schedule.paper(o.stages)).withSeed(trainSeed);
        if (o.progress != null) o.progress.println("training " + objective + " (k=" + k + ") on " + train.size() + " camel points, " + o.stages + " stages");
        new Trainer(model, train, t).train(null);
        return model;
    }

    /** The x at which figure (b) compares posteriors: slightly above 0, between the two humps. */
    public static final double POSTERIOR_X = 0.1;

    /**
     * Writes {@code camel-density.png} (the true density against both models' p(x)) and
     * {@code camel-posterior.png} (for x = {@link #POSTERIOR_X}, each model's exact posterior p(z|x) against
     * its q(z|x)) into {@code dir}; returns the two paths.
     */
    public static java.util.List<java.nio.file.Path> writeFigures(Result r, java.nio.file.Path dir) throws java.io.IOException {
        double[] xs = grid(-3.5, 3.5, 701);
        double[] truth = new double[xs.length];
        for (int i = 0; i < xs.length; i++) truth[i] = Camel.density(xs[i]);
        iwae4j.plot.LinePlot density = new iwae4j.plot.LinePlot(
                "Camel: true density vs learned p(x) = ∫ p(z) p(x|z) dz", "x", "density")
                .line("true density", xs, truth, java.awt.Color.BLACK, false)
                .line(String.format("VAE  (L_5000 %.3f)", r.vaeScore.mean), xs, modelDensity(r.vae, xs), new java.awt.Color(0x1f77b4), true)
                .line(String.format("IWAE (L_5000 %.3f)", r.iwaeScore.mean), xs, modelDensity(r.iwae, xs), new java.awt.Color(0xd62728), false);
        java.nio.file.Path a = dir.resolve("camel-density.png");
        iwae4j.plot.LinePlot.write(a, 900, 560, density);
        double[] zs = grid(-4, 4, 801);
        iwae4j.plot.LinePlot vae = posteriorPlot("VAE", r.vae, zs);
        iwae4j.plot.LinePlot iwae = posteriorPlot("IWAE", r.iwae, zs);
        java.nio.file.Path b = dir.resolve("camel-posterior.png");
        iwae4j.plot.LinePlot.write(b, 1300, 520, vae, iwae);
        return java.util.List.of(a, b);
    }

    private static iwae4j.plot.LinePlot posteriorPlot(String name, Model m, double[] zs) {
        return new iwae4j.plot.LinePlot(name + ": posterior of z at x = " + POSTERIOR_X, "z", "density")
                .line("true posterior p(z|x)", zs, truePosterior(m, POSTERIOR_X, zs), java.awt.Color.BLACK, false)
                .line("approximate q(z|x)", zs, approximatePosterior(m, POSTERIOR_X, zs), new java.awt.Color(0xd62728), true);
    }

    private static double[] grid(double lo, double hi, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = lo + (hi - lo) * i / (n - 1);
        return g;
    }

    /** p(x) = ∫ N(z; 0, 1)·p(x|z) dz for each x, by Simpson's rule over z ∈ [−8, 8]. */
    public static double[] modelDensity(Model model, double[] xs) {
        int nz = 2001;
        double lo = -8, hi = 8, h = (hi - lo) / (nz - 1);
        float[] z = new float[nz];
        for (int i = 0; i < nz; i++) z[i] = (float) (lo + i * h);
        Tape t = new Tape().gradients(false);
        Var[] out = model.decodeObservation(t, t.constant(z, nz, 1));
        float[] mean = out[0].value(), logSigma = out[1].value();
        double[] p = new double[xs.length];
        for (int j = 0; j < xs.length; j++) {
            double s = 0;
            for (int i = 0; i < nz; i++) {
                double w = i == 0 || i == nz - 1 ? 1 : i % 2 == 1 ? 4 : 2;
                s += w * Camel.normal(z[i], 0, 1) * Camel.normal(xs[j], mean[i], Math.exp(logSigma[i]));
            }
            p[j] = s * h / 3;
        }
        return p;
    }

    /** The model's exact posterior p(z|x) on the grid zs, normalized numerically. */
    public static double[] truePosterior(Model model, double x, double[] zs) {
        float[] z = new float[zs.length];
        for (int i = 0; i < zs.length; i++) z[i] = (float) zs[i];
        Tape t = new Tape().gradients(false);
        Var[] out = model.decodeObservation(t, t.constant(z, zs.length, 1));
        double[] p = new double[zs.length];
        double total = 0;
        for (int i = 0; i < zs.length; i++) {
            p[i] = Camel.normal(zs[i], 0, 1) * Camel.normal(x, out[0].get(i), Math.exp(out[1].get(i)));
            if (i > 0) total += 0.5 * (p[i] + p[i - 1]) * (zs[i] - zs[i - 1]);
        }
        for (int i = 0; i < p.length; i++) p[i] /= total;
        return p;
    }

    /** q(z|x) on the grid zs. */
    public static double[] approximatePosterior(Model model, double x, double[] zs) {
        Tape t = new Tape().gradients(false);
        Var[] q = model.encodeLayer(t, 0, t.constant(new float[] {(float) x}, 1, 1));
        double mean = q[0].get(0), sd = Math.exp(q[1].get(0));
        double[] p = new double[zs.length];
        for (int i = 0; i < zs.length; i++) p[i] = Camel.normal(zs[i], mean, sd);
        return p;
    }
}
