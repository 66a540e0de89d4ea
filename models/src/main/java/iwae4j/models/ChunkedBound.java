package iwae4j.models;

import iwae4j.autodiff.Tape;

/**
 * The one L_k engine behind {@link Evaluator} and {@link Scorer}: the importance samples of a batch of rows
 * in chunks of at most {@code chunk} samples, so k = 5000 never holds k × batch sample rows at once; the log
 * weights of each chunk are folded into running sums ({@link WeightSums}: max-subtracted log-mean-exp and the
 * effective sample size, in double). Where each chunk's noise comes from is the caller's ({@link Noise}): the
 * evaluator keys it by batch, the scorer by each row's bits. One instance per thread; once it has run a full pass
 * and a pass of each other shape it is given, it allocates nothing.
 */
final class ChunkedBound {
    /** Fills the noise of one chunk: {@code noise[l]} holds [samples × rows] draws of layer l's latent. */
    interface Noise {
        void fill(float[][] noise, int rows, int chunkIndex, int samplesBefore, int samplesInChunk);
    }

    // nothing kept for a backward pass; full passes ([batch rows × chunk samples]) on one tape and the others (a
    // dataset's last rows, k's last chunk) on another, so that alternating shapes do not make a tape reallocate
    private final Tape tape = new Tape().gradients(false), partial = new Tape().gradients(false);
    private final float[] x;
    private final float[][] noise;
    private final WeightSums sums;
    final int chunk, batch, dim;

    /** Buffers for up to {@code batch} rows and {@code chunk} samples per pass of {@code model}. */
    ChunkedBound(Model model, int batch, int chunk) {
        this.batch = batch;
        this.chunk = chunk;
        this.dim = model.spec().input;
        x = new float[batch * dim];
        noise = new float[model.spec().layers()][];
        for (int l = 0; l < noise.length; l++) noise[l] = new float[model.noiseSize(l, chunk, batch)];
        sums = new WeightSums(batch);
    }

    /**
     * Whether these buffers serve {@code model} at {@code batch} rows and {@code chunk} samples: any model of the same
     * input width and latent sizes (a fit validates a new copy of its model every epoch on the same engine).
     */
    boolean fits(Model model, int batch, int chunk) {
        if (batch != this.batch || chunk != this.chunk) return false;
        if (model.spec().input != dim || model.spec().layers() != noise.length) return false;
        for (int l = 0; l < noise.length; l++) if (noise[l].length != model.noiseSize(l, chunk, batch)) return false;
        return true;
    }

    /** The input rows, row-major [batch × dim]: the caller writes the rows to score here. */
    float[] input() {
        return x;
    }

    /**
     * L_k (log of the mean of the k importance weights) and the effective sample size of the first {@code b}
     * rows of {@link #input()}, written to {@code logMeanExp[off..off+b)} and {@code ess[off..off+b)}.
     */
    void run(Model model, int b, int k, Noise source, double[] logMeanExp, double[] ess, int off) {
        sums.reset(b);
        for (int done = 0, c = 0; done < k; done += chunk, c++) {
            int kc = Math.min(chunk, k - done);
            source.fill(noise, b, c, done, kc);
            Tape t = b == batch && kc == chunk ? tape : partial;
            t.reset();
            float[] w = model.logWeights(t, t.constant(x, b, dim), kc, noise).value();
            for (int i = 0; i < b; i++) {
                for (int s = 0; s < kc; s++) sums.add(i, w[s * b + i]);
            }
        }
        for (int i = 0; i < b; i++) {
            logMeanExp[off + i] = sums.logMeanExp(i, k);
            ess[off + i] = sums.effectiveSampleSize(i);
        }
    }
}
