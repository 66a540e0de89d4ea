package iwae4j.autodiff;

import iwae4j.tensor.VectorMath;

/** Elementwise ops on same-shaped values. */
final class ElementOps {
    private ElementOps() {
    }

    private static void sameShape(String op, Var a, Var b) {
        if (a.rows != b.rows || a.cols != b.cols) throw Node.mismatch(op, a, b);
    }

    /** a + b, or a − b when {@code negate}. */
    static final class AddSub extends Node {
        Var a, b;
        boolean negate;

        Node bind(Var a, Var b, boolean negate) {
            sameShape(negate ? "sub" : "add", a, b);
            this.a = a;
            this.b = b;
            this.negate = negate;
            shape(a.rows, a.cols);
            needsGradFrom(a, b);
            return this;

        }

        @Override
        void forward() {
            if (negate) for (int i = 0; i < value.length; i++) value[i] = a.value[i] - b.value[i];
            else VectorMath.add(a.value, 0, b.value, 0, value, 0, value.length);
        }

        @Override
        void backward() {
            if (a.requiresGrad) VectorMath.add(a.grad, 0, grad, 0, a.grad, 0, grad.length);
            if (b.requiresGrad) VectorMath.addScaled(negate ? -1f : 1f, grad, 0, b.grad, 0, grad.length);
        }
    }

    /** a ⊙ b. */
    static final class Mul extends Node {
        Var a, b;

        Node bind(Var a, Var b) {
            sameShape("mul", a, b);
            this.a = a;
            this.b = b;
            shape(a.rows, a.cols);
            needsGradFrom(a, b);
            return this;

        }

        @Override
        void forward() {
            VectorMath.mul(a.value, 0, b.value, 0, value, 0, value.length);
        }

        @Override
        void backward() {
            // read both values before adding, so mul(x, x) gets 2·x·g
            if (a.requiresGrad) for (int i = 0; i < grad.length; i++) a.grad[i] += grad[i] * b.value[i];
            if (b.requiresGrad) for (int i = 0; i < grad.length; i++) b.grad[i] += grad[i] * a.value[i];
        }
    }

    /** s · a + c for constants s and c (scale, and shift by a constant such as log k). */
    static final class Affine extends Node {
        Var a;
        float s, c;

        Node bind(Var a, float s, float c) {
            this.a = a;
            this.s = s;
            this.c = c;
            shape(a.rows, a.cols);
            needsGradFrom(a);
            return this;

        }

        @Override
        void forward() {
            if (c == 0f) for (int i = 0; i < value.length; i++) value[i] = s * a.value[i];
            else for (int i = 0; i < value.length; i++) value[i] = s * a.value[i] + c;
        }

        @Override
        void backward() {
            if (a.requiresGrad) VectorMath.addScaled(s, grad, 0, a.grad, 0, grad.length);
        }
    }

    /** tanh, exp or softplus of a. */
    static final class Unary extends Node {
        static final int TANH = 0, EXP = 1, SOFTPLUS = 2;
        Var a;
        int kind;

        Node bind(Var a, int kind) {
            this.a = a;
            this.kind = kind;
            shape(a.rows, a.cols);
            needsGradFrom(a);
            return this;

        }

        @Override
        void forward() {
            int n = value.length;
            if (kind == TANH) VectorMath.tanh(a.value, 0, value, 0, n);
            else if (kind == EXP) VectorMath.exp(a.value, 0, value, 0, n);
            else VectorMath.softplus(a.value, 0, value, 0, n);
        }

        @Override
        void backward() {
            if (!a.requiresGrad) return;
            float[] g = a.grad, x = a.value;
            if (kind == TANH) for (int i = 0; i < grad.length; i++) g[i] += grad[i] * (1f - value[i] * value[i]);
            else if (kind == EXP) for (int i = 0; i < grad.length; i++) g[i] += grad[i] * value[i];
            // softplus' = σ(x) = exp(x − softplus(x)), which never overflows
            else VectorMath.softplusBackward(x, 0, value, 0, grad, 0, g, 0, grad.length);
        }
    }
}
