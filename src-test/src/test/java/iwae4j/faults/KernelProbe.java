package iwae4j.faults;

import iwae4j.autodiff.Adam;
import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import iwae4j.models.Dataset;
import iwae4j.models.Evaluator;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Objective;
import iwae4j.models.Rng;
import iwae4j.tensor.Bernoulli;
import iwae4j.tensor.Gemm;
import iwae4j.tensor.LogSumExp;
import iwae4j.tensor.Normals;
import iwae4j.tensor.VectorMath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fixed set of kernel outputs and a small model's log-weights, gradients, Adam step and L_k, each reduced
 * to a digest of its exact bits. {@code main(reps)} computes them {@code reps} times in one JVM and prints
 * one line per distinct result ("name digest"), so a value that changes once the JIT compiles its kernel
 * shows up as two lines for one name.
 */
public final class KernelProbe {
    private KernelProbe() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Map<String, List<Long>> seen = new LinkedHashMap<>();
        for (int r = 0; r < reps; r++) {
            for (Map.Entry<String, Long> e : digests().entrySet()) {
                List<Long> values = seen.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                if (!values.contains(e.getValue())) values.add(e.getValue());
            }
        }
        for (Map.Entry<String, List<Long>> e : seen.entrySet()) {
            for (long v : e.getValue()) System.out.println(e.getKey() + " " + Long.toHexString(v));
        }
    }

    /** Digest of each probe's output bits, in a fixed order. */
    public static Map<String, Long> digests() {
        Map<String, Long> out = new LinkedHashMap<>();
        int[] sizes = {1, 7, 16, 17, 50, 100, 784, 1001};
        for (int n : sizes) {
            float[] x = random(n, 100 + n, -30, 30), y = new float[n];
            VectorMath.exp(x, 0, y, 0, n);
            out.put("exp/" + n, digest(y));
            VectorMath.tanh(x, 0, y, 0, n);
            out.put("tanh/" + n, digest(y));
            VectorMath.softplus(x, 0, y, 0, n);
            out.put("softplus/" + n, digest(y));
            VectorMath.logSigmoid(x, 0, y, 0, n);
            out.put("logSigmoid/" + n, digest(y));
            float[] pos = random(n, 200 + n, 1e-3, 50);
            VectorMath.log(pos, 0, y, 0, n);
            out.put("log/" + n, digest(y));
            float[] mean = random(n, 300 + n, -1, 1), inv = random(n, 400 + n, 0.5, 2), ls = random(n, 500 + n, -1, 1), z = new float[n];
            float s = VectorMath.gaussianRow(x, 0, mean, 0, inv, 0, ls, 0, z, 0, n);
            out.put("gaussianRow/" + n, digest(z) * 31 + Float.floatToRawIntBits(s));
        }
        int rows = 12, cols = 784;
        float[] bits = random(3 * cols, 7, 0, 1), logits = random(rows * cols, 8, -8, 8);
        for (int i = 0; i < bits.length; i++) bits[i] = bits[i] < 0.3f ? 1f : 0f;
        float[] sp = new float[rows * cols], ll = new float[rows], grad = new float[rows * cols];
        Bernoulli.forward(bits, 3, logits, rows, cols, sp, ll);
        Bernoulli.backward(bits, 3, logits, rows, cols, sp, random(rows, 9, -1, 1), grad);
        out.put("bernoulli.forward", digest(ll));
        out.put("bernoulli.backward", digest(grad));
        for (int[] shape : new int[][] {{50, 20}, {7, 33}, {5000 / 100, 17}}) {
            float[] x = random(shape[0] * shape[1], shape[0] + shape[1], -40, 20);
            float[] c = new float[shape[1]], r = new float[shape[0]];
            LogSumExp.columns(x, 0, shape[0], shape[1], c, 0);
            LogSumExp.rows(x, 0, shape[0], shape[1], r, 0);
            out.put("logSumExp/" + shape[0] + "x" + shape[1], digest(c) * 31 + digest(r));
        }
        for (int[] mnk : new int[][] {{23, 41, 37}, {5, 50, 100}, {20, 3, 9}}) {
            int m = mnk[0], n = mnk[1], k = mnk[2];
            float[] a = random(m * k, m, -1, 1), b = random(k * n, n, -1, 1), bias = random(n, k, -1, 1);
            float[] c = new float[m * n], ct = new float[m * n], cta = new float[m * n], cb = new float[m * n];
            Gemm.mul(a, 0, b, 0, c, 0, m, n, k, false);
            Gemm.mulTransB(a, 0, random(n * k, 3, -1, 1), 0, ct, 0, m, n, k, false);
            Gemm.mulTransA(random(k * m, 4, -1, 1), 0, b, 0, cta, 0, m, n, k, false);
            Gemm.mulAddBias(a, 0, b, 0, bias, 0, cb, 0, m, n, k, true);
            out.put("gemm/" + m + "x" + n + "x" + k, ((digest(c) * 31 + digest(ct)) * 31 + digest(cta)) * 31 + digest(cb));
        }
        float[] normals = new float[1500];
        Normals.fill(normals, 0, normals.length, 42L);
        out.put("normals", digest(normals));
        model(out);
        return out;
    }

    /** A 2-layer model's log-weights, its IWAE gradients, one Adam step and L_k on a few inputs. */
    private static void model(Map<String, Long> out) {
        ModelSpec spec = new ModelSpec(20, new int[] {4, 3}, new int[][] {{9, 9}, {6}}, iwae4j.models.Likelihood.BERNOULLI);
        Model model = new Model(spec, 5);
        int batch = 6, k = 5;
        float[] x = random(batch * spec.input, 11, 0, 1);
        for (int i = 0; i < x.length; i++) x[i] = x[i] < 0.4f ? 1f : 0f;
        float[][] noise = new float[2][];
        Rng rng = new Rng(12);
        for (int l = 0; l < 2; l++) {
            noise[l] = new float[model.noiseSize(l, k, batch)];
            rng.fillGaussian(noise[l], noise[l].length);
        }
        Tape t = new Tape();
        Var logW = model.logWeights(t, t.constant(x, batch, spec.input), k, noise);
        out.put("model.logWeights", digest(logW.value()));
        t.backward(Objective.IWAE.loss(t, logW));
        long g = 0;
        for (Parameter p : model.parameters()) g = g * 31 + digest(p.grad());
        out.put("model.gradients", g);
        new Adam(model.parameters(), 0.9, 0.999, 1e-4).step(1e-3);
        long v = 0;
        for (Parameter p : model.parameters()) v = v * 31 + digest(p.value());
        out.put("model.adamStep", v);
        double[] lk = new Evaluator(40).logLikelihood(model, Dataset.of(x, spec.input), 20, 13).perExample;
        long e = 0;
        for (double d : lk) e = e * 31 + Double.doubleToRawLongBits(d);
        out.put("model.L_k", e);
    }

    static float[] random(int n, long seed, double lo, double hi) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        return x;
    }

    static long digest(float[] y) {
        long h = 1125899906842597L;
        for (float f : y) h = h * 1000003L + Float.floatToRawIntBits(f);
        return h;
    }
}
