package iwae4j.autodiff;

/**
 * An op recorded on the tape. Subclasses compute their value in {@link #forward()} and, right beside it,
 * <b>add</b> (never assign) their inputs' gradient contributions in {@link #backward()}.
 */
abstract class Node extends Var {
    /** Computes {@code value} from the inputs bound by the tape. */
    abstract void forward();

    /** Adds d(loss)/d(input) into each input's grad, given this node's grad. */
    abstract void backward();

    /** Sets the output shape, reusing the value buffer when the size is unchanged. */
    final void shape(int r, int c) {
        rows = r;
        cols = c;
        if (value == null || value.length != r * c) value = new float[r * c];
    }

    /** Gradient flows when any input needs it. */
    final void needsGradFrom(Var a) {
        requiresGrad = a.requiresGrad;
    }

    final void needsGradFrom(Var a, Var b) {
        requiresGrad = a.requiresGrad || b.requiresGrad;
    }

    final void needsGradFrom(Var a, Var b, Var c) {
        requiresGrad = a.requiresGrad || b.requiresGrad || c.requiresGrad;
    }

    static IllegalArgumentException mismatch(String op, Var... inputs) {
        StringBuilder sb = new StringBuilder(op).append(": shape mismatch");
        for (Var v : inputs) sb.append(' ').append(v.shape());
        return new IllegalArgumentException(sb.toString());
    }

    /** A leaf holding a caller's array without copying; no gradient. */
    static final class Constant extends Node {
        @Override
        void forward() {
        }

        @Override
        void backward() {
        }
    }
}
