package iwae4j.autodiff;

/** The tape's node for a {@link CustomOp}: its inputs in an array kept between recordings of the same arity. */
final class CustomNode extends Node {
    private CustomOp op;
    private Var[] in;

    CustomNode bind(CustomOp op, int rows, int cols, Var a, Var b, Var c) {
        if (op == null) throw new IllegalArgumentException("apply: op must not be null");
        if (rows < 0 || cols < 0) throw new IllegalArgumentException(op.name() + ": output shape [" + rows + "×" + cols + "] is negative");
        int arity = c != null ? 3 : b != null ? 2 : 1;
        if (a == null) throw new IllegalArgumentException(op.name() + ": input 0 is null");
        if (in == null || in.length != arity) in = new Var[arity];
        in[0] = a;
        if (arity > 1) in[1] = b;
        if (arity > 2) in[2] = c;
        op.checkShapes(in, rows, cols);
        this.op = op;
        shape(rows, cols);
        requiresGrad = a.requiresGrad || (b != null && b.requiresGrad) || (c != null && c.requiresGrad);
        return this;
    }

    @Override
    void forward() {
        op.forward(in, value, rows, cols);
    }

    @Override
    void backward() {
        op.backward(in, value, grad, rows, cols);
    }
}
