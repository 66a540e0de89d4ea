package iwae4j.autodiff;

import iwae4j.tensor.Parallel;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Records differentiable ops as they are computed and runs the backward pass once, in reverse order of
 * recording (a topological order, since every op's inputs were recorded before it).
 *
 * <p><b>Replay.</b> {@link #reset()} rewinds the tape without dropping its nodes. When the next graph
 * records the same ops with the same shapes (the next training step), each op reuses the node, value,
 * gradient and scratch buffers it had, so a steady-state step allocates nothing. A different op at a
 * position discards the nodes from there on.
 *
 * <p>Gradients of recorded nodes are zeroed by {@link #backward}; gradients of {@link Parameter}s
 * accumulate until the caller zeroes them.
 */
public final class Tape {
    /** Gradients of this many floats or more are zeroed in slices, one per thread (smaller ones whole, by part 0). */
    private static final int ZERO_SPLIT = 1 << 15;
    private final ArrayList<Node> nodes = new ArrayList<>();
    private final Zeroing zeroing = new Zeroing();
    private int size;
    private boolean gradients = true;

    /**
     * The zeroing of the recorded nodes' gradients 0..end at the start of {@link #backward}, split over the threads
     * once there are 2·{@link #ZERO_SPLIT} floats or more: a big sampled batch (the 2-layer model at k = 50) zeroes
     * megabytes per step, which one thread alone would write while the others wait; a small tape does not wake
     * the workers.
     */
    private final class Zeroing implements Parallel.Body {
        int end, parts;

        @Override
        public void run(int part) {
            for (int i = 0; i <= end; i++) {
                Node n = nodes.get(i);
                if (!n.requiresGrad) continue;
                float[] g = n.grad;
                if (g.length < ZERO_SPLIT) {
                    if (part == 0) Arrays.fill(g, 0f);
                } else {
                    int chunk = (g.length + parts - 1) / parts;
                    Arrays.fill(g, Math.min(g.length, part * chunk), Math.min(g.length, (part + 1) * chunk), 0f);
                }
            }
        }
    }

    /**
     * Whether the ops recorded from now on can be differentiated (true for a new tape). With false, as in
     * evaluation, ops keep nothing for a backward pass (the Bernoulli log-likelihood stores no softplus
     * array) and {@link #backward} refuses; values are bit-identical either way. Like PyTorch's no_grad.
     */
    public Tape gradients(boolean on) {
        gradients = on;
        return this;
    }

    /** Whether ops are being recorded for a backward pass; see {@link #gradients(boolean)}. */
    public boolean gradients() {
        return gradients;
    }

    /** Rewinds the tape so the next ops reuse its nodes. */
    public void reset() {
        size = 0;
    }

    /** The number of ops recorded since the last reset. */
    public int size() {
        return size;
    }

    /** What {@link #subnormals} counted: the recorded ops' value floats and the subnormal ones among values and gradients. */
    public record Subnormals(long elements, long values, long gradients) {
    }

    /**
     * The subnormal floats in the values and gradients of the ops recorded since the last reset. A diagnostic:
     * an operand below 2^−126 makes some cores (Intel's) take a slow microcode path per instruction, so a step
     * that holds many of them is slow on one kind of host only (bench's {@code SubnormalCensus}).
     */
    public Subnormals subnormals() {
        long elements = 0, values = 0, gradients = 0;
        for (int i = 0; i < size; i++) {
            Node n = nodes.get(i);
            elements += n.value.length;
            values += subnormalsIn(n.value);
            gradients += subnormalsIn(n.grad);
        }
        return new Subnormals(elements, values, gradients);
    }

    private static long subnormalsIn(float[] a) {
        if (a == null) return 0;
        long c = 0;
        for (float f : a) if (f != 0f && Math.abs(f) < Float.MIN_NORMAL) c++;
        return c;
    }

    @SuppressWarnings("unchecked")
    private <T extends Node> T next(Class<T> type, Supplier<T> make) {
        if (size < nodes.size()) {
            Node n = nodes.get(size);
            if (n.getClass() == type) {
                size++;
                return (T) n;
            }
            nodes.subList(size, nodes.size()).clear();
        }
        T n = make.get();
        nodes.add(n);
        size++;
        return n;
    }

    private Var done(Node n) {
        if (!gradients) n.requiresGrad = false;
        try {
            forwardCall.invokeExact(n);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);   // forward() declares no checked exception
        }
        return n;
    }

    /**
     * {@link Node#forward()} through a method handle the JIT does not see through (the field is not final, so not a
     * constant), so each op's forward pass and its kernels compile on their own instead of inside the caller's
     * compilation: JDK 17's C2, inlining a model's whole pass with every op's kernels into one method, sometimes left
     * a Vector API operation deep inside it as a call that boxes every vector, in some JVMs and not in others
     * (docs/benchmarks.md). Set once, never changed.
     */
    private static MethodHandle forwardCall;

    static {
        try {
            forwardCall = MethodHandles.lookup().findVirtual(Node.class, "forward", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** max(a, 0), elementwise. */
    public Var relu(Var a) {
        return done(next(ClassifierOps.Relu.class, ClassifierOps.Relu::new).bind(a));
    }

    /** The logistic sigmoid 1 / (1 + e^−a), elementwise. */
    public Var sigmoid(Var a) {
        return done(next(ClassifierOps.Sigmoid.class, ClassifierOps.Sigmoid::new).bind(a));
    }

    /** Log-softmax of each row (max-subtracted): the row's log-probabilities over its columns. */
    public Var logSoftmax(Var a) {
        return done(next(ClassifierOps.LogSoftmaxRows.class, ClassifierOps.LogSoftmaxRows::new).bind(a));
    }

    /**
     * The mean cross-entropy −(1/R) Σ_r logProbs[r, labels[r]] as [1×1], for log-probabilities (from
     * {@link #logSoftmax}) and one integer class per row (the array may be longer than the rows; it is not copied).
     */
    public Var crossEntropy(Var logProbs, int[] labels) {
        return done(next(ClassifierOps.CrossEntropy.class, ClassifierOps.CrossEntropy::new).bind(logProbs, labels));
    }

    /**
     * Inverted dropout for training: each element kept with probability 1 − rate and scaled by 1 / (1 − rate), else 0,
     * the mask a function of {@code seed} alone (pass a new seed each step; leave dropout out when evaluating).
     */
    public Var dropout(Var a, float rate, long seed) {
        return done(next(ClassifierOps.Dropout.class, ClassifierOps.Dropout::new).bind(a, rate, seed));
    }

    /** The natural logarithm, elementwise. */
    public Var log(Var a) {
        return done(next(ClassifierOps.Log.class, ClassifierOps.Log::new).bind(a));
    }

    /** The square root, elementwise. */
    public Var sqrt(Var a) {
        return done(next(ClassifierOps.Sqrt.class, ClassifierOps.Sqrt::new).bind(a));
    }

    /** 1 / a, elementwise (a / b is {@code mul(a, reciprocal(b))}). */
    public Var reciprocal(Var a) {
        return done(next(ClassifierOps.Reciprocal.class, ClassifierOps.Reciprocal::new).bind(a));
    }

    /** The columns of a, then those of b: [rows × (a.cols + b.cols)]. */
    public Var concatColumns(Var a, Var b) {
        return done(next(ClassifierOps.ConcatColumns.class, ClassifierOps.ConcatColumns::new).bind(a, b));
    }

    /** Columns [from, to) of a. */
    public Var sliceColumns(Var a, int from, int to) {
        return done(next(ClassifierOps.SliceColumns.class, ClassifierOps.SliceColumns::new).bind(a, from, to));
    }

    /** Records a user-defined op of one input with a [rows × cols] output (see {@link CustomOp}). */
    public Var apply(CustomOp op, int rows, int cols, Var a) {
        return done(next(CustomNode.class, CustomNode::new).bind(op, rows, cols, a, null, null));
    }

    /** Records a user-defined op of two inputs (see {@link CustomOp}). */
    public Var apply(CustomOp op, int rows, int cols, Var a, Var b) {
        if (b == null) throw new IllegalArgumentException((op == null ? "apply" : op.name()) + ": input 1 is null");
        return done(next(CustomNode.class, CustomNode::new).bind(op, rows, cols, a, b, null));
    }

    /** Records a user-defined op of three inputs (see {@link CustomOp}). */
    public Var apply(CustomOp op, int rows, int cols, Var a, Var b, Var c) {
        if (b == null || c == null) throw new IllegalArgumentException((op == null ? "apply" : op.name()) + ": input " + (b == null ? 1 : 2) + " is null");
        return done(next(CustomNode.class, CustomNode::new).bind(op, rows, cols, a, b, c));
    }

    /** A leaf over the caller's array (not copied, no gradient): the first rows·cols elements of data. */
    public Var constant(float[] data, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols > data.length) {
            throw new IllegalArgumentException("constant: [" + rows + "×" + cols + "] does not fit an array of " + data.length);
        }
        Node.Constant n = next(Node.Constant.class, Node.Constant::new);
        n.rows = rows;
        n.cols = cols;
        n.value = data;
        n.requiresGrad = false;
        return n;
    }

    /** a[m×k] · b[k×n]. */
    public Var matmul(Var a, Var b) {
        return done(next(LinearOps.MatMul.class, LinearOps.MatMul::new).bind(a, b));
    }

    /** x[r×c] + bias[1×c], broadcast over rows. */
    public Var addBias(Var x, Var bias) {
        return done(next(LinearOps.AddBias.class, LinearOps.AddBias::new).bind(x, bias));
    }

    /** x·W + b in one fused op. */
    public Var linear(Var x, Var w, Var b) {
        return done(next(LinearOps.Linear.class, LinearOps.Linear::new).bind(x, w, b, false));
    }

    /** tanh(x·W + b) in one fused op. */
    public Var linearTanh(Var x, Var w, Var b) {
        return done(next(LinearOps.Linear.class, LinearOps.Linear::new).bind(x, w, b, true));
    }

    public Var add(Var a, Var b) {
        return done(next(ElementOps.AddSub.class, ElementOps.AddSub::new).bind(a, b, false));
    }

    public Var sub(Var a, Var b) {
        return done(next(ElementOps.AddSub.class, ElementOps.AddSub::new).bind(a, b, true));
    }

    /** Elementwise product. */
    public Var mul(Var a, Var b) {
        return done(next(ElementOps.Mul.class, ElementOps.Mul::new).bind(a, b));
    }

    /** s · a. */
    public Var scale(Var a, float s) {
        return affine(a, s, 0f);
    }

    /** s · a + c for constants s and c. */
    public Var affine(Var a, float s, float c) {
        return done(next(ElementOps.Affine.class, ElementOps.Affine::new).bind(a, s, c));
    }

    public Var tanh(Var a) {
        return unary(a, ElementOps.Unary.TANH);
    }

    public Var exp(Var a) {
        return unary(a, ElementOps.Unary.EXP);
    }

    /** log(1 + eᵃ), stable for large |a|. */
    public Var softplus(Var a) {
        return unary(a, ElementOps.Unary.SOFTPLUS);
    }

    private Var unary(Var a, int kind) {
        return done(next(ElementOps.Unary.class, ElementOps.Unary::new).bind(a, kind));
    }

    /** Sum over axis 0 (→ [1×c]), axis 1 (→ [r×1]) or all elements (axis −1 → [1×1]). */
    public Var sum(Var a, int axis) {
        return done(next(ShapeOps.Reduce.class, ShapeOps.Reduce::new).bind(a, axis, false));
    }

    /** Mean over axis 0, 1 or all (−1). */
    public Var mean(Var a, int axis) {
        return done(next(ShapeOps.Reduce.class, ShapeOps.Reduce::new).bind(a, axis, true));
    }

    public Var reshape(Var a, int rows, int cols) {
        return done(next(ShapeOps.Reshape.class, ShapeOps.Reshape::new).bind(a, rows, cols));
    }

    /** k copies of a stacked along rows (sample-major: row s·rows + i is row i). */
    public Var repeatRows(Var a, int k) {
        return done(next(ShapeOps.RepeatRows.class, ShapeOps.RepeatRows::new).bind(a, k));
    }

    /** log Σ exp over axis 0 (→ [1×c]) or 1 (→ [r×1]), max-subtracted. */
    public Var logSumExp(Var a, int axis) {
        return done(next(ShapeOps.LogSumExpOp.class, ShapeOps.LogSumExpOp::new).bind(a, axis));
    }

    /** The value of a with no gradient flowing back through it. */
    public Var stopGradient(Var a) {
        return done(next(ShapeOps.StopGradient.class, ShapeOps.StopGradient::new).bind(a));
    }

    /** Σ_columns log N(x; mean, exp(logSigma)²) per row, [R×1]; inputs with fewer rows are tiled. */
    public Var gaussianLogDensity(Var x, Var mean, Var logSigma) {
        return done(next(DensityOps.GaussianLogDensity.class, DensityOps.GaussianLogDensity::new).bind(x, mean, logSigma));
    }

    /** Σ_columns log N(x; 0, 1) per row, [R×1]. */
    public Var standardNormalLogDensity(Var x) {
        return done(next(DensityOps.StandardNormalLogDensity.class, DensityOps.StandardNormalLogDensity::new).bind(x));
    }

    /** Σ_columns x·l − softplus(l) per row of the logits, [R×1]; x may be tiled. */
    public Var bernoulliLogLikelihood(Var x, Var logits) {
        return done(next(DensityOps.BernoulliLogits.class, DensityOps.BernoulliLogits::new).bind(x, logits));
    }

    /**
     * The encoder's view of rows with missing cells (a missing cell is any non-finite value): x with each missing
     * cell set to 0, followed, with {@code appendMask}, by the mask (1 observed, 0 missing): [R × c] or [R × 2c].
     */
    public Var observedInput(Var x, boolean appendMask) {
        return done(next(MissingOps.ObservedInput.class, MissingOps.ObservedInput::new).bind(x, appendMask));
    }

    /**
     * Σ over the observed (finite) cells of x of log p(x_j) per row, [R×1] with R the rows of {@code a} (x tiled):
     * Bernoulli from the logit a_j where {@code binary[j]}, else Gaussian with mean a_j and log σ_j. {@code binary}
     * null: every column Gaussian; {@code logSigma} null: every column must be binary. The log-likelihood of the
     * observed part, as MIWAE trains and scores rows with missing cells.
     */
    public Var observedLogLikelihood(Var x, Var a, Var logSigma, boolean[] binary) {
        return done(next(MissingOps.ObservedLogLikelihood.class, MissingOps.ObservedLogLikelihood::new).bind(x, a, logSigma, binary));
    }

    /** mean + exp(logSigma)·eps, mean and logSigma tiled over eps's rows. */
    public Var reparameterize(Var mean, Var logSigma, Var eps) {
        return done(next(DensityOps.Reparameterize.class, DensityOps.Reparameterize::new).bind(mean, logSigma, eps));
    }

    /**
     * Names the first recorded op whose value holds a NaN or an infinity ("op #12 GaussianLogDensity
     * [400×1]"), or returns null when all are finite. For diagnosing a diverged training step.
     */
    public String firstNonFinite() {
        for (int i = 0; i < size; i++) {
            Node n = nodes.get(i);
            int len = n.rows * n.cols;
            for (int j = 0; j < len; j++) {
                if (!Float.isFinite(n.value[j])) {
                    return "op #" + i + " " + n.getClass().getSimpleName() + " " + n.shape() + " (value " + n.value[j] + " at " + j + ")";
                }
            }
        }
        return null;
    }

    /** Backward from a scalar [1×1] loss recorded on this tape. */
    public void backward(Var loss) {
        if (loss.rows != 1 || loss.cols != 1) {
            throw new IllegalArgumentException("backward: the loss must be [1×1], got " + loss.shape() + "; pass a seed gradient");
        }
        backward(loss, null);
    }

    /**
     * Backward from {@code output} with d(loss)/d(output) = {@code seed} (ones when null). Zeroes every
     * recorded node's gradient first, then visits the nodes from the output back to the first.
     */
    public void backward(Var output, float[] seed) {
        if (!gradients) throw new IllegalStateException("backward: this tape records without gradients (gradients(false))");
        int end = nodes.indexOf(output);
        if (end < 0 || end >= size) {
            throw new IllegalArgumentException("backward: the output was not recorded on this tape since the last reset");
        }
        long floats = 0;
        for (int i = 0; i <= end; i++) {
            Node n = nodes.get(i);
            if (n.requiresGrad) {
                n.ensureGrad();
                floats += n.grad.length;
            }
        }
        zeroing.end = end;
        zeroing.parts = floats >= 2 * ZERO_SPLIT ? Parallel.threads() : 1;
        Parallel.run(zeroing.parts, zeroing);
        if (!output.requiresGrad) return;
        if (seed == null) Arrays.fill(output.grad, 1f);
        else {
            if (seed.length != output.size()) {
                throw new IllegalArgumentException("backward: seed has " + seed.length + " values for output " + output.shape());
            }
            System.arraycopy(seed, 0, output.grad, 0, seed.length);
        }
        for (int i = end; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.requiresGrad) n.backward();
        }
    }
}
