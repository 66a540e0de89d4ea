package iwae4j.experiments;

import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.models.Dataset;
import iwae4j.models.Estimator;
import iwae4j.models.Likelihood;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Progress;
import iwae4j.models.Rng;
import iwae4j.models.io.Json;
import iwae4j.plot.LinePlot;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gradient signal-to-noise ratio of Rainforth et al. (2018, "Tighter variational bounds are not necessarily
 * better"): for a fixed model and a fixed minibatch, each estimator's gradient is drawn many times (fresh noise
 * each time); for every parameter coordinate SNR = |mean| / standard deviation over the draws, averaged over the
 * encoder's and, separately, the decoder's coordinates (coordinates whose gradient is always zero are left out).
 */
public final class SnrExperiment {
    /** Settings. */
    public static final class Options {
        public List<String> estimators = List.of("iwae", "stl", "dreg");
        public int[] ks = {1, 5, 10, 50, 100, 500};
        public int draws = 100;
        public int batch = 20;
        public long seed = 1;
        public PrintStream progress = System.err;
    }

    /** One estimator at one k. */
    public record Point(String estimator, int k, double encoderSnr, double decoderSnr) {
    }

    private SnrExperiment() {
    }

    /** SNRs of every estimator at every k on {@code batch} rows of {@code data} (already binarized if need be). */
    public static List<Point> run(Model model, Dataset data, Options o) {
        int d = data.dim();
        float[] x = new float[o.batch * d];
        for (int i = 0; i < o.batch; i++) data.copy(i, x, i * d);
        List<Point> out = new ArrayList<>();
        Progress progress = new Progress(o.progress == null ? null : System.getLogger("iwae4j.snr"), 5);
        for (String name : o.estimators) {
            Estimator e = Estimator.parse(name, 1, 0.5);
            for (int k : o.ks) {
                if (!e.supports(k)) {
                    if (o.progress != null) o.progress.println(e.name() + " k=" + k + ": skipped (k must be divisible by M)");
                    continue;
                }
                double[] snr = snr(model, e, x, o.batch, k, o);
                out.add(new Point(e.name(), k, snr[0], snr[1]));
                progress.print(String.format("%s k=%d: encoder SNR %.4g, decoder SNR %.4g", e.name(), k, snr[0], snr[1]));
            }
        }
        return out;
    }

    /**
     * The linear-Gaussian model on which Rainforth et al. (2018) and Tucker et al. (2019) derive the SNR rates:
     * p(z) = N(0, I), p(x | z) = N(z, I), so the posterior is N(x/2, I/2); q(z | x) = N(Ax + b, 2/3 I) with
     * A = I/2 and b = 0, each entry perturbed by N(0, perturbation²) (their prior mean μ is 0 here: the engine's
     * prior is standard). There the importance weights are light-tailed, so the rates show from k ≈ 10 on:
     * the IWAE encoder's SNR falls like 1/√k and DReG's rises like √k.
     */
    public static Model linearGaussianToy(int d, double perturbation, long seed) {
        Model model = new Model(new ModelSpec(d, new int[] {d}, new int[][] {{}}, Likelihood.GAUSSIAN), seed);
        Rng r = new Rng(seed);
        List<Parameter> encoder = model.encoderParameters();
        for (Parameter p : model.parameters()) {
            float[] v = p.value();
            java.util.Arrays.fill(v, 0f);
            boolean enc = encoder.contains(p);
            if (p.name().endsWith("mean.w")) for (int i = 0; i < d; i++) v[i * d + i] = enc ? 0.5f : 1f;
            if (enc && p.name().endsWith("logSigma.b")) java.util.Arrays.fill(v, (float) (0.5 * Math.log(2.0 / 3)));
            if (enc && p.name().contains(".mean.")) for (int i = 0; i < v.length; i++) v[i] += (float) (perturbation * r.nextGaussian());
        }
        return model;
    }

    /** n points from the toy's marginal, x ~ N(0, 2I). */
    public static Dataset linearGaussianData(int n, int d, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) (Math.sqrt(2) * r.nextGaussian());
        return Dataset.of(x, d);
    }

    /** {encoder, decoder} mean over each group's coordinates of |mean| / std over the same draws. */
    private static double[] snr(Model model, Estimator e, float[] x, int b, int k, Options o) {
        List<Parameter> all = model.parameters();
        int n = 0, nEnc = 0;
        for (Parameter p : all) n += p.size();
        for (Parameter p : model.encoderParameters()) nEnc += p.size();
        double[] sum = new double[n], sq = new double[n];
        Tape t = new Tape();
        float[][] noise = new float[model.spec().layers()][];
        for (int l = 0; l < noise.length; l++) noise[l] = new float[model.noiseSize(l, k, b)];
        Rng rng = new Rng(o.seed * 7919 + k * 31L);
        for (int draw = 0; draw < o.draws; draw++) {
            for (float[] eps : noise) rng.fillGaussian(eps, eps.length);
            for (Parameter p : all) p.zeroGrad();
            t.reset();
            e.gradient(t, model, t.constant(x, b, model.spec().input), k, noise);
            int c = 0;
            for (Parameter p : all) {
                for (float g : p.grad()) {
                    sum[c] += g;
                    sq[c] += (double) g * g;
                    c++;
                }
            }
        }
        // encoder parameters come first in parameters() order
        return new double[] {meanSnr(java.util.Arrays.copyOfRange(sum, 0, nEnc), java.util.Arrays.copyOfRange(sq, 0, nEnc), o.draws),
                meanSnr(java.util.Arrays.copyOfRange(sum, nEnc, n), java.util.Arrays.copyOfRange(sq, nEnc, n), o.draws)};
    }

    /** The mean over coordinates of |mean| / sample standard deviation, from running sums (zero-variance coordinates skipped). */
    static double meanSnr(double[] sum, double[] sq, int draws) {
        double total = 0;
        int used = 0;
        for (int i = 0; i < sum.length; i++) {
            double mean = sum[i] / draws, var = (sq[i] - draws * mean * mean) / (draws - 1);
            if (var <= 0) continue;
            total += Math.abs(mean) / Math.sqrt(var);
            used++;
        }
        return used == 0 ? Double.NaN : total / used;
    }

    /** The plotted range of log10 SNR with room above the data for the legend. */
    private static double[] range(List<Point> points, boolean encoder) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            double v = Math.log10(encoder ? p.encoderSnr() : p.decoderSnr());
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double span = Math.max(hi - lo, 0.1);
        return new double[] {lo - 0.08 * span, hi + 0.45 * span};
    }

    /** Reads the points back from a snr.json written by {@link #write}. */
    @SuppressWarnings("unchecked")
    public static List<Point> read(Path json) throws IOException {
        Map<String, Object> root = (Map<String, Object>) Json.parse(Files.readString(json));
        List<Point> out = new ArrayList<>();
        for (Object o : (List<Object>) root.get("points")) {
            Map<String, Object> m = (Map<String, Object>) o;
            out.add(new Point((String) m.get("estimator"), ((Number) m.get("k")).intValue(), ((Number) m.get("encoder_snr")).doubleValue(),
                    ((Number) m.get("decoder_snr")).doubleValue()));
        }
        return out;
    }

    /** Writes snr.json, snr.md and snr.png (log–log, encoder solid and decoder dashed) into {@code dir}. */
    public static void write(List<Point> points, Options o, String source, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Object> rows = new ArrayList<>();
        StringBuilder md = new StringBuilder("| estimator | k | encoder SNR | decoder SNR |\n|---|---|---|---|\n");
        for (Point p : points) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("estimator", p.estimator());
            m.put("k", (long) p.k());
            m.put("encoder_snr", p.encoderSnr());
            m.put("decoder_snr", p.decoderSnr());
            rows.add(m);
            md.append(String.format("| %s | %d | %.4g | %.4g |%n", p.estimator(), p.k(), p.encoderSnr(), p.decoderSnr()));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("checkpoint", source);
        root.put("draws", (long) o.draws);
        root.put("batch", (long) o.batch);
        root.put("seed", o.seed);
        root.put("points", rows);
        Files.writeString(dir.resolve("snr.json"), Json.write(root) + "\n");
        Files.writeString(dir.resolve("snr.md"), md.toString());
        Color[] colors = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
                new Color(0x8c564b), new Color(0xe377c2)};
        LinePlot enc = new LinePlot("Encoder gradient SNR", "k (log scale)", "log10 SNR").logX();
        LinePlot dec = new LinePlot("Decoder gradient SNR", "k (log scale)", "log10 SNR").logX();
        double[] er = range(points, true), dr = range(points, false);
        enc.yRange(er[0], er[1]);  // headroom above the data for the legend
        dec.yRange(dr[0], dr[1]);
        List<String> names = new ArrayList<>();
        for (Point p : points) if (!names.contains(p.estimator())) names.add(p.estimator());
        for (int i = 0; i < names.size(); i++) {
            List<Point> ps = new ArrayList<>();
            for (Point p : points) if (p.estimator().equals(names.get(i))) ps.add(p);
            double[] k = new double[ps.size()], ye = new double[ps.size()], yd = new double[ps.size()];
            for (int j = 0; j < ps.size(); j++) {
                k[j] = ps.get(j).k();
                ye[j] = Math.log10(ps.get(j).encoderSnr());
                yd[j] = Math.log10(ps.get(j).decoderSnr());
            }
            Color c = colors[i % colors.length];
            enc.line(names.get(i), k, ye, c, false, LinePlot.Marker.FILLED);
            dec.line(names.get(i), k, yd, c, true, LinePlot.Marker.FILLED);
        }
        LinePlot.write(dir.resolve("snr.png"), 1300, 520, enc, dec);
    }
}
