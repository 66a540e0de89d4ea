package iwae4j.autodiff;

/**
 * A differentiable op written outside this package, recorded on a {@link Tape} like the built-in ops
 * ({@link Tape#apply(CustomOp, int, int, Var)} and its two- and three-input forms) and replayed without allocation
 * when the same graph is recorded again. Forward sits beside backward, as in the built-ins:
 *
 * <ul>
 *   <li>{@link #forward} writes every element of the [rows × cols] output from the inputs' {@link Var#value()};</li>
 *   <li>{@link #backward} <b>adds</b> (never assigns) d(loss)/d(input) into {@link Var#grad()} of each input that
 *       {@link Var#requiresGrad()}, given the output's gradient: an input used twice gets both contributions.</li>
 * </ul>
 *
 * Check the shapes in {@link #checkShapes} (called when the op is recorded) and the gradient with
 * {@link GradCheck#check}, against central finite differences in double. An op holds no per-call state: one instance
 * may be recorded many times, on many tapes.
 */
public abstract class CustomOp {
    /** The op's name in errors and diagnostics. */
    public String name() {
        return getClass().getSimpleName();
    }

    /**
     * Throws an {@link IllegalArgumentException} naming the op when the inputs cannot give a [rows × cols] output;
     * nothing by default.
     */
    public void checkShapes(Var[] inputs, int rows, int cols) {
    }

    /** The output from the inputs' values: every element of {@code out[0 .. rows·cols)} assigned. */
    public abstract void forward(Var[] inputs, float[] out, int rows, int cols);

    /**
     * Adds d(loss)/d(input) into {@code inputs[i].grad()} for every input that {@code requiresGrad()}, given the
     * output's values {@code out} and its gradient {@code outGrad}.
     */
    public abstract void backward(Var[] inputs, float[] out, float[] outGrad, int rows, int cols);
}
