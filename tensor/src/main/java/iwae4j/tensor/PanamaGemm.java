package iwae4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementation of {@link Gemm} (for {@link PanamaKernels}; arguments checked by the facade).
 * The micro-kernel keeps a 4-row × 3-vector block of C in registers, broadcasting one element of A against three
 * vectors of B per step; B is read from a packed copy of its column panel (contiguous, zero-padded at the right
 * edge), and the last panel of a thin product (20 columns at batch 20) runs as one 4-row × V-vector pass, as does
 * a last full panel with a remainder of one vector where registers allow (4 vectors: 784 = 15·48 + 64). A panel one
 * vector wide (or two, with 32 vector registers) goes 8 rows at a time, so that enough independent chains of FMAs
 * overlap (a small table's 9-column heads and 32-column layers). Where A
 * is row-major the kernels index it as row + p, a constant stride, so C2 removes the bounds checks from their
 * loop and unrolls it (the strided kernels ran at a third of that speed once a panel of B outgrew L1). Above
 * {@link Gemm#parallelThreshold} multiply-adds the rows (or, for short matrices, the column panels) are split
 * over {@link Parallel}.
 */
final class PanamaGemm {
    private static final VectorSpecies<Float> S = PanamaWidth.FLOATS;
    private static final int L = S.length();
    private static final int MR = 4;
    private static final int NR = 3 * L;
    /** Most rows of A per cache block (256 rows × 200 floats = 200 KB, inside a 1 MB L2). */
    private static final int MC = 256;
    /** Whether a last panel may be 4 vectors wide: with 16-lane vectors (AVX-512, 32 vector registers) only. */
    private static final boolean WIDE = L >= 16;
    /** From this many rows of A (k) on, {@link #mulTransA} transposes A to run the row-major kernels. */
    private static final int TRANSPOSE_A_FROM = 100;
    /** Whether {@link #transpose} gathers (8 or more lanes: x86 with AVX2 or AVX-512). */
    private static final boolean GATHER = L >= 8;
    /**
     * With 16 lanes (AVX-512), {@link #transpose} moves 16×16 blocks through registers: 16 row loads, four rounds
     * of lane swaps at distance 8, 4, 2, 1 (a lane permutation and a blend each), 16 stores. Each load and store
     * is a whole cache line where a gather touches 16; the swap of lane i with lane i ^ d and the mask of the lanes
     * with bit d set are these constants (null with other lane counts).
     */
    private static final boolean BLOCKS16 = L == 16;
    /** With 8 lanes (AVX2, or a 256-bit setting) the same through 8×8 blocks: three rounds, at distance 4, 2, 1. */
    private static final boolean BLOCKS8 = L == 8;
    private static final VectorShuffle<Float> X8 = swap(8), X4 = swap(4), X2 = swap(2), X1 = swap(1);
    private static final VectorMask<Float> M8 = upper(8), M4 = upper(4), M2 = upper(2), M1 = upper(1);
    /** FIRST_LANES[t]: the mask of lanes 0..t-1 (a partial panel's columns, packed by {@link #pack}). */
    private static final VectorMask<Float>[] FIRST_LANES = firstLanes();
    /** From this many elements on, {@link #transpose} splits its row blocks over the threads. */
    private static final int TRANSPOSE_PARALLEL_FROM = 1 << 16;
    private static final ThreadLocal<TransposeJob> TRANSPOSE_JOBS = ThreadLocal.withInitial(TransposeJob::new);
    /** Per thread: the gather offsets 0, cols, 2·cols, … of {@link #transpose}, and at [L] the cols they are for. */
    private static final ThreadLocal<int[]> GATHER_INDEX = ThreadLocal.withInitial(() -> {
        int[] index = new int[L + 1];
        index[L] = -1;
        return index;
    });


    private static final ThreadLocal<float[][]> PACK = ThreadLocal.withInitial(() -> new float[1][0]);
    private static final ThreadLocal<float[][]> TAIL = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[2 * MR * NR]}); // a tile of up to 8 rows
    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    private PanamaGemm() {
    }

    private static VectorShuffle<Float> swap(int d) {
        if (!(BLOCKS16 || BLOCKS8) || d >= L) return null;
        int[] index = new int[L];
        for (int i = 0; i < L; i++) index[i] = i ^ d;
        return VectorShuffle.fromArray(S, index, 0);
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Float>[] firstLanes() {
        VectorMask<Float>[] masks = new VectorMask[L + 1];
        for (int t = 0; t <= L; t++) {
            boolean[] bits = new boolean[L];
            for (int i = 0; i < t; i++) bits[i] = true;
            masks[t] = VectorMask.fromArray(S, bits, 0);
        }
        return masks;
    }

    private static VectorMask<Float> upper(int d) {
        if (!(BLOCKS16 || BLOCKS8) || d >= L) return null;
        boolean[] bits = new boolean[L];
        for (int i = 0; i < L; i++) bits[i] = (i & d) != 0;
        return VectorMask.fromArray(S, bits, 0);
    }

    /** C[m×n] (+)= A[m×k] · B[k×n]. */
    static void mul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                           int m, int n, int k, boolean accumulate) {
        run(a, aOff, k, 1, b, bOff, c, cOff, m, n, k, accumulate, null, 0, false);
    }

    /**
     * C[m×n] = A[m×k] · B[k×n] + bias[1×n] broadcast over rows, then tanh when {@code tanh} is set: the
     * affine layer with its bias and activation applied to each block of C right after it is computed (by
     * the thread that computed it). Equal, bit for bit, to {@link #mul} followed by
     * {@link VectorMath#addBiasRows} and {@link VectorMath#tanh}.
     */
    static void mulAddBias(float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff,
                                  float[] c, int cOff, int m, int n, int k, boolean tanh) {
        run(a, aOff, k, 1, b, bOff, c, cOff, m, n, k, false, bias, biasOff, tanh);
    }

    /**
     * C[m×n] (+)= A[m×k] · B[n×k]ᵀ. Either B is transposed into a per-thread buffer (n·k moves), or, when
     * A and C are much the smaller pair (a short batch against a big weight matrix), Cᵀ = B·Aᵀ is computed from
     * a transposed A and transposed back (m·k moves, and m·n copied element by element, counted twice). That
     * route must save two thirds of the moves, because its product has the short side (m) as columns, which
     * fills the vectors worse. Both routes form every element from the same products in the same order, so they
     * agree bit for bit. The buffers grow, never shrink.
     */
    static void mulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                                 int m, int n, int k, boolean accumulate) {
        float[][] holder = PACK.get();
        if (3 * ((long) m * k + 2L * m * n) < (long) n * k) {
            int need = m * k + m * n;
            if (holder[0].length < need) holder[0] = new float[need];
            float[] buf = holder[0];
            transpose(a, aOff, m, k, buf);                                     // Aᵀ [k×m] at buf[0]
            run(b, bOff, k, 1, buf, 0, buf, m * k, n, m, k, false, null, 0, false); // Cᵀ [n×m] at buf[m·k]
            for (int i = 0; i < m; i++) {
                int row = cOff + i * n;
                for (int j = 0; j < n; j++) {
                    float v = buf[m * k + j * m + i];
                    c[row + j] = accumulate ? c[row + j] + v : v;
                }
            }
            return;
        }
        if (holder[0].length < n * k) holder[0] = new float[n * k];
        float[] bt = holder[0];
        transpose(b, bOff, n, k, bt);
        run(a, aOff, k, 1, bt, 0, c, cOff, m, n, k, accumulate, null, 0, false);
    }

    /**
     * C[m×n] (+)= A[k×m]ᵀ · B[k×n]. From {@link #TRANSPOSE_A_FROM} rows of A on, A is transposed into a
     * per-thread buffer first, so the row-major kernels run: the kernels that read A at a stride of m keep a
     * bounds check per element of A in their loop, and once a panel of B outgrows L1 they run at a third of
     * the row-major speed; below 100 rows (a batch of 20 at one or a few samples) the transposition costs more
     * than it saves, and so does a {@link #narrow} A (a small table's [k·B × 32] activations), whose transpose
     * copies element by element and takes as long as the strided product itself. Every element is the same
     * chain of products either way, so the routes agree bit for bit.
     */
    static void mulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                                 int m, int n, int k, boolean accumulate) {
        if (k >= TRANSPOSE_A_FROM && m >= MR && !narrow(k, m)) {
            float[][] holder = PACK.get();
            if (holder[0].length < m * k) holder[0] = new float[m * k];
            float[] at = holder[0];
            transpose(a, aOff, k, m, at);                                   // A [m×k], row-major
            run(at, 0, k, 1, b, bOff, c, cOff, m, n, k, accumulate, null, 0, false);
            return;
        }
        run(a, aOff, 1, m, b, bOff, c, cOff, m, n, k, accumulate, null, 0, false);
    }

    /**
     * Transposes the row-major [rows×cols] block at {@code src[off]} into {@code dst[0..]} as [cols×rows]. With
     * 8 or more lanes (AVX2, AVX-512: hardware gathers) each run of L source rows goes as L×L blocks through
     * registers (16×16 or 8×8), and the columns left over column by column as one gather of L elements a row apart
     * and one contiguous store; the rows left over, {@link #narrow} matrices and narrower vectors (where
     * gathers may not be intrinsified) copy element by element.
     */
    static void transpose(float[] src, int off, int rows, int cols, float[] dst) {
        int gathered = 0;
        if (GATHER && rows >= L && !narrow(rows, cols)) {
            gathered = rows - rows % L;
            int blocks = gathered / L, threads = Parallel.threads();
            if (threads > 1 && blocks > 1 && (long) rows * cols >= TRANSPOSE_PARALLEL_FROM) {
                TransposeJob job = TRANSPOSE_JOBS.get();
                job.src = src;
                job.dst = dst;
                job.off = off;
                job.rows = rows;
                job.cols = cols;
                job.blocksPerPart = (blocks + threads - 1) / threads;
                job.blocks = blocks;
                Parallel.run((blocks + job.blocksPerPart - 1) / job.blocksPerPart, job);
                job.src = job.dst = null;
            } else {
                transposeBlocks(src, off, rows, cols, dst, 0, blocks);
            }
        }
        transposeRows(src, off, gathered, rows, cols, dst);
    }

    /**
     * A small table's matrices (at most 48 columns and 16,384 elements, as a fit's [k·B × 32] activations): their
     * transposes copy element by element. Through registers they run in the Vector API's slow Java fallback until C2
     * has compiled the 16×16 block, which costs a short fit more than the block saves it afterwards (docs/benchmarks.md).
     */
    private static boolean narrow(int rows, int cols) {
        return cols <= 48 && (long) rows * cols <= 16_384;
    }

    /**
     * Blocks b0..b1−1 of L source rows each: L columns at a time through registers ({@link #block16},
     * {@link #block8}); the columns left over one by one, as one gather and one contiguous store.
     */
    private static void transposeBlocks(float[] src, int off, int rows, int cols, float[] dst, int b0, int b1) {
        int[] index = GATHER_INDEX.get();
        if (index[L] != cols) {
            for (int q = 0; q < L; q++) index[q] = q * cols;
            index[L] = cols;
        }
        int blocked = BLOCKS16 || BLOCKS8 ? cols - cols % L : 0;
        for (int i0 = b0 * L; i0 < b1 * L; i0 += L) {
            int s = off + i0 * cols;
            if (BLOCKS16) {
                for (int j = 0; j < blocked; j += L) block16(src, s + j, cols, dst, j * rows + i0, rows);
            } else {
                for (int j = 0; j < blocked; j += L) block8(src, s + j, cols, dst, j * rows + i0, rows);
            }
            for (int j = blocked, d = blocked * rows + i0; j < cols; j++, d += rows) {
                FloatVector.fromArray(S, src, s + j, index, 0).intoArray(dst, d);
            }
        }
    }

    /**
     * Transposes the 16×16 block at src[s] (row stride lds) into dst[o] (row stride ldd). Round d swaps, for each
     * pair of rows r and r + d, the lanes of r with bit d set against the lanes of r + d without it; after the
     * rounds d = 8, 4, 2, 1 row r holds column r. Written out: a vector kept in a local is not boxed.
     */
    private static void block16(float[] src, int s, int lds, float[] dst, int o, int ldd) {
        FloatVector r0 = FloatVector.fromArray(S, src, s), r1 = FloatVector.fromArray(S, src, s + lds);
        FloatVector r2 = FloatVector.fromArray(S, src, s + 2 * lds), r3 = FloatVector.fromArray(S, src, s + 3 * lds);
        FloatVector r4 = FloatVector.fromArray(S, src, s + 4 * lds), r5 = FloatVector.fromArray(S, src, s + 5 * lds);
        FloatVector r6 = FloatVector.fromArray(S, src, s + 6 * lds), r7 = FloatVector.fromArray(S, src, s + 7 * lds);
        FloatVector r8 = FloatVector.fromArray(S, src, s + 8 * lds), r9 = FloatVector.fromArray(S, src, s + 9 * lds);
        FloatVector r10 = FloatVector.fromArray(S, src, s + 10 * lds), r11 = FloatVector.fromArray(S, src, s + 11 * lds);
        FloatVector r12 = FloatVector.fromArray(S, src, s + 12 * lds), r13 = FloatVector.fromArray(S, src, s + 13 * lds);
        FloatVector r14 = FloatVector.fromArray(S, src, s + 14 * lds), r15 = FloatVector.fromArray(S, src, s + 15 * lds);
        FloatVector t;
        t = r0.blend(r8.rearrange(X8), M8); r8 = r0.rearrange(X8).blend(r8, M8); r0 = t;
        t = r1.blend(r9.rearrange(X8), M8); r9 = r1.rearrange(X8).blend(r9, M8); r1 = t;
        t = r2.blend(r10.rearrange(X8), M8); r10 = r2.rearrange(X8).blend(r10, M8); r2 = t;
        t = r3.blend(r11.rearrange(X8), M8); r11 = r3.rearrange(X8).blend(r11, M8); r3 = t;
        t = r4.blend(r12.rearrange(X8), M8); r12 = r4.rearrange(X8).blend(r12, M8); r4 = t;
        t = r5.blend(r13.rearrange(X8), M8); r13 = r5.rearrange(X8).blend(r13, M8); r5 = t;
        t = r6.blend(r14.rearrange(X8), M8); r14 = r6.rearrange(X8).blend(r14, M8); r6 = t;
        t = r7.blend(r15.rearrange(X8), M8); r15 = r7.rearrange(X8).blend(r15, M8); r7 = t;
        t = r0.blend(r4.rearrange(X4), M4); r4 = r0.rearrange(X4).blend(r4, M4); r0 = t;
        t = r1.blend(r5.rearrange(X4), M4); r5 = r1.rearrange(X4).blend(r5, M4); r1 = t;
        t = r2.blend(r6.rearrange(X4), M4); r6 = r2.rearrange(X4).blend(r6, M4); r2 = t;
        t = r3.blend(r7.rearrange(X4), M4); r7 = r3.rearrange(X4).blend(r7, M4); r3 = t;
        t = r8.blend(r12.rearrange(X4), M4); r12 = r8.rearrange(X4).blend(r12, M4); r8 = t;
        t = r9.blend(r13.rearrange(X4), M4); r13 = r9.rearrange(X4).blend(r13, M4); r9 = t;
        t = r10.blend(r14.rearrange(X4), M4); r14 = r10.rearrange(X4).blend(r14, M4); r10 = t;
        t = r11.blend(r15.rearrange(X4), M4); r15 = r11.rearrange(X4).blend(r15, M4); r11 = t;
        t = r0.blend(r2.rearrange(X2), M2); r2 = r0.rearrange(X2).blend(r2, M2); r0 = t;
        t = r1.blend(r3.rearrange(X2), M2); r3 = r1.rearrange(X2).blend(r3, M2); r1 = t;
        t = r4.blend(r6.rearrange(X2), M2); r6 = r4.rearrange(X2).blend(r6, M2); r4 = t;
        t = r5.blend(r7.rearrange(X2), M2); r7 = r5.rearrange(X2).blend(r7, M2); r5 = t;
        t = r8.blend(r10.rearrange(X2), M2); r10 = r8.rearrange(X2).blend(r10, M2); r8 = t;
        t = r9.blend(r11.rearrange(X2), M2); r11 = r9.rearrange(X2).blend(r11, M2); r9 = t;
        t = r12.blend(r14.rearrange(X2), M2); r14 = r12.rearrange(X2).blend(r14, M2); r12 = t;
        t = r13.blend(r15.rearrange(X2), M2); r15 = r13.rearrange(X2).blend(r15, M2); r13 = t;
        t = r0.blend(r1.rearrange(X1), M1); r1 = r0.rearrange(X1).blend(r1, M1); r0 = t;
        t = r2.blend(r3.rearrange(X1), M1); r3 = r2.rearrange(X1).blend(r3, M1); r2 = t;
        t = r4.blend(r5.rearrange(X1), M1); r5 = r4.rearrange(X1).blend(r5, M1); r4 = t;
        t = r6.blend(r7.rearrange(X1), M1); r7 = r6.rearrange(X1).blend(r7, M1); r6 = t;
        t = r8.blend(r9.rearrange(X1), M1); r9 = r8.rearrange(X1).blend(r9, M1); r8 = t;
        t = r10.blend(r11.rearrange(X1), M1); r11 = r10.rearrange(X1).blend(r11, M1); r10 = t;
        t = r12.blend(r13.rearrange(X1), M1); r13 = r12.rearrange(X1).blend(r13, M1); r12 = t;
        t = r14.blend(r15.rearrange(X1), M1); r15 = r14.rearrange(X1).blend(r15, M1); r14 = t;
        r0.intoArray(dst, o);
        r1.intoArray(dst, o + ldd);
        r2.intoArray(dst, o + 2 * ldd);
        r3.intoArray(dst, o + 3 * ldd);
        r4.intoArray(dst, o + 4 * ldd);
        r5.intoArray(dst, o + 5 * ldd);
        r6.intoArray(dst, o + 6 * ldd);
        r7.intoArray(dst, o + 7 * ldd);
        r8.intoArray(dst, o + 8 * ldd);
        r9.intoArray(dst, o + 9 * ldd);
        r10.intoArray(dst, o + 10 * ldd);
        r11.intoArray(dst, o + 11 * ldd);
        r12.intoArray(dst, o + 12 * ldd);
        r13.intoArray(dst, o + 13 * ldd);
        r14.intoArray(dst, o + 14 * ldd);
        r15.intoArray(dst, o + 15 * ldd);
    }

    /** {@link #block16} for 8 lanes: the 8×8 block at src[s] (row stride lds) into dst[o] (row stride ldd). */
    private static void block8(float[] src, int s, int lds, float[] dst, int o, int ldd) {
        FloatVector r0 = FloatVector.fromArray(S, src, s), r1 = FloatVector.fromArray(S, src, s + lds);
        FloatVector r2 = FloatVector.fromArray(S, src, s + 2 * lds), r3 = FloatVector.fromArray(S, src, s + 3 * lds);
        FloatVector r4 = FloatVector.fromArray(S, src, s + 4 * lds), r5 = FloatVector.fromArray(S, src, s + 5 * lds);
        FloatVector r6 = FloatVector.fromArray(S, src, s + 6 * lds), r7 = FloatVector.fromArray(S, src, s + 7 * lds);
        FloatVector t;
        t = r0.blend(r4.rearrange(X4), M4); r4 = r0.rearrange(X4).blend(r4, M4); r0 = t;
        t = r1.blend(r5.rearrange(X4), M4); r5 = r1.rearrange(X4).blend(r5, M4); r1 = t;
        t = r2.blend(r6.rearrange(X4), M4); r6 = r2.rearrange(X4).blend(r6, M4); r2 = t;
        t = r3.blend(r7.rearrange(X4), M4); r7 = r3.rearrange(X4).blend(r7, M4); r3 = t;
        t = r0.blend(r2.rearrange(X2), M2); r2 = r0.rearrange(X2).blend(r2, M2); r0 = t;
        t = r1.blend(r3.rearrange(X2), M2); r3 = r1.rearrange(X2).blend(r3, M2); r1 = t;
        t = r4.blend(r6.rearrange(X2), M2); r6 = r4.rearrange(X2).blend(r6, M2); r4 = t;
        t = r5.blend(r7.rearrange(X2), M2); r7 = r5.rearrange(X2).blend(r7, M2); r5 = t;
        t = r0.blend(r1.rearrange(X1), M1); r1 = r0.rearrange(X1).blend(r1, M1); r0 = t;
        t = r2.blend(r3.rearrange(X1), M1); r3 = r2.rearrange(X1).blend(r3, M1); r2 = t;
        t = r4.blend(r5.rearrange(X1), M1); r5 = r4.rearrange(X1).blend(r5, M1); r4 = t;
        t = r6.blend(r7.rearrange(X1), M1); r7 = r6.rearrange(X1).blend(r7, M1); r6 = t;
        r0.intoArray(dst, o);
        r1.intoArray(dst, o + ldd);
        r2.intoArray(dst, o + 2 * ldd);
        r3.intoArray(dst, o + 3 * ldd);
        r4.intoArray(dst, o + 4 * ldd);
        r5.intoArray(dst, o + 5 * ldd);
        r6.intoArray(dst, o + 6 * ldd);
        r7.intoArray(dst, o + 7 * ldd);
    }

    /** A big transpose's row blocks split over {@link Parallel}; each part writes its own columns of dst. */
    private static final class TransposeJob implements Parallel.Body {
        float[] src, dst;
        int off, rows, cols, blocks, blocksPerPart;

        @Override
        public void run(int part) {
            int b0 = part * blocksPerPart;
            transposeBlocks(src, off, rows, cols, dst, b0, Math.min(blocks, b0 + blocksPerPart));
        }
    }

    /** Rows {@code from}..rows−1 of {@link #transpose}, element by element in 32×32 tiles. */
    private static void transposeRows(float[] src, int off, int from, int rows, int cols, float[] dst) {
        final int tile = 32;
        for (int i0 = from; i0 < rows; i0 += tile) {
            int i1 = Math.min(rows, i0 + tile);
            for (int j0 = 0; j0 < cols; j0 += tile) {
                int j1 = Math.min(cols, j0 + tile);
                for (int i = i0; i < i1; i++) {
                    int s = off + i * cols;
                    for (int j = j0; j < j1; j++) dst[j * rows + i] = src[s + j];
                }
            }
        }
    }

    /** Splits the product into parts and runs them, on threads when it is big enough. */
    private static void run(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff,
                            int m, int n, int k, boolean accumulate, float[] bias, int biasOff, boolean tanh) {
        if (m == 0 || n == 0) return;
        long work = (long) m * n * k;
        int threads = Parallel.threads();
        if (threads == 1 || work < Gemm.parallelThreshold) {
            block(a, aOff, ars, acs, b, bOff, n, c, cOff, n, 0, m, 0, n, k, accumulate);
            epilogue(c, cOff, n, 0, m, 0, n, bias, biasOff, tanh);
            return;
        }
        Job job = JOBS.get();
        job.set(a, aOff, ars, acs, b, bOff, c, cOff, m, n, k, accumulate);
        job.bias = bias;
        job.biasOff = biasOff;
        job.tanh = tanh;
        // Prefer splitting rows (in multiples of MR); short matrices split the column panels instead.
        if (m >= 4 * MR * threads || n < 2 * NR) {
            job.byRows = true;
            job.chunk = roundUp((m + threads - 1) / threads, MR);
            Parallel.run((m + job.chunk - 1) / job.chunk, job);
        } else {
            job.byRows = false;
            job.chunk = roundUp((n + threads - 1) / threads, L); // L, not NR: balanced parts for n = 200
            Parallel.run((n + job.chunk - 1) / job.chunk, job);
        }
        job.clear();
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** A reusable description of one product, so that splitting it over threads allocates nothing. */
    private static final class Job implements Parallel.Body {
        float[] a, b, c, bias;
        int aOff, ars, acs, bOff, cOff, m, n, k, chunk, biasOff;
        boolean accumulate, byRows, tanh;

        void set(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff,
                 int m, int n, int k, boolean accumulate) {
            this.a = a;
            this.aOff = aOff;
            this.ars = ars;
            this.acs = acs;
            this.b = b;
            this.bOff = bOff;
            this.c = c;
            this.cOff = cOff;
            this.m = m;
            this.n = n;
            this.k = k;
            this.accumulate = accumulate;
        }

        void clear() {
            a = b = c = bias = null;
        }

        @Override
        public void run(int part) {
            int lo = part * chunk;
            if (byRows) {
                int hi = Math.min(m, lo + chunk);
                block(a, aOff, ars, acs, b, bOff, n, c, cOff, n, lo, hi, 0, n, k, accumulate);
                epilogue(c, cOff, n, lo, hi, 0, n, bias, biasOff, tanh);
            } else {
                int hi = Math.min(n, lo + chunk);
                block(a, aOff, ars, acs, b, bOff, n, c, cOff, n, 0, m, lo, hi, k, accumulate);
                epilogue(c, cOff, n, 0, m, lo, hi, bias, biasOff, tanh);
            }
        }
    }

    /** Adds the bias to, and applies tanh on, C[i0..i1)×[j0..j1) (nothing when there is neither). */
    private static void epilogue(float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1, float[] bias, int biasOff, boolean tanh) {
        if (bias == null && !tanh) return;
        int w = j1 - j0;
        if (bias != null) {
            int o = cOff + i0 * ldc + j0;
            PanamaVectorMath.addBiasRows(c, o, bias, biasOff + j0, c, o, i1 - i0, w, ldc);
        }
        if (!tanh) return;
        if (w == ldc) {
            // whole rows are one contiguous run: one call, so a row width that is not a multiple of the vector
            // length (n = 50, 100, 200) does not take the padded-tail path once per row (tanh is elementwise,
            // so the bits are the same either way)
            PanamaVectorMath.tanh(c, cOff + i0 * ldc, c, cOff + i0 * ldc, (i1 - i0) * ldc);
        } else {
            for (int i = i0; i < i1; i++) PanamaVectorMath.tanh(c, cOff + i * ldc + j0, c, cOff + i * ldc + j0, w);
        }
    }

    /**
     * C[i0..i1)×[j0..j1) of the product, A(i,p) = a[aOff + i*ars + p*acs], B(p,j) = b[bOff + p*ldb + j].
     * Column panels of width NR are the outer loop, so a panel of B stays in cache across row blocks.
     */
    static void block(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1, int k, boolean acc) {
        // tall matrices: up to MC rows of A at a time stay in L2 while every column panel of B passes over them;
        // the blocks are of equal size (in multiples of MR), so no thin last block packs B again for a few rows
        int blocks = (i1 - i0 + MC - 1) / MC, rows = roundUp((i1 - i0 + blocks - 1) / blocks, MR);
        for (int ib = i0; ib < i1; ib += rows) {
            panels(a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, ib, Math.min(i1, ib + rows), j0, j1, k, acc);
        }
    }

    /**
     * Each column panel of up to NR columns is copied into a [k×V·L] buffer (V = 1..3 vectors, zero-padded past
     * the last column), so the micro-kernels read B contiguously, and a last, partial panel needs no masked loads or stores, which
     * JDK 17 does not intrinsify at the end of an array (they allocate there). A partial panel is computed into
     * a small tile and copied out; the zero lanes never reach C. Fewer than MR rows read B in place, and so do all
     * rows when B is exactly one whole panel wide (its rows already lie as the panel would: a small table's 32 columns).
     */
    private static void panels(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1, int k, boolean acc) {
        float[][] scratch = TAIL.get();
        for (int j = j0, width; j < j1; j += width) {
            // a remainder of exactly one vector joins the last full panel as one 4-vector pass (784 = 15·48 + 64)
            // where there are registers for its 16 accumulators; alone it would run at 4 FMAs per load of B. A
            // shorter remainder does not: the padded panel would go through the tile (n = 200 = 4·48 + 8)
            width = WIDE && j1 - j == NR + L ? NR + L : Math.min(NR, j1 - j);
            int vectors = (width + L - 1) / L, lp = vectors * L;
            boolean whole = width == lp;
            if (whole && i1 - i0 < MR) {
                for (int i = i0; i < i1; i++) kernel1xV(a, aOff + i * ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j, vectors, k, acc);
                continue;
            }
            // B's rows already lie [k×lp] when this panel is all of them (a product 2 or 3 vectors wide): read in place
            boolean inPlace = whole && ldb == lp;
            if (!inPlace && scratch[0].length < k * lp) scratch[0] = new float[k * lp];
            float[] panel = inPlace ? b : scratch[0], tile = scratch[1];
            int p0 = inPlace ? bOff + j : 0;
            if (!inPlace) pack(b, bOff + j, ldb, panel, k, width, lp);
            for (int i = i0, rows; i < i1; i += rows) {
                // one vector wide (or two, with 32 registers): 8 rows at a time where there are 8, so twice the
                // chains of FMAs are in flight and each load of B serves twice the rows
                rows = Math.min((vectors == 1 || vectors == 2 && WIDE) && i1 - i >= 2 * MR ? 2 * MR : MR, i1 - i);
                int ai = aOff + i * ars;
                // a whole panel goes straight into C; a partial one through the tile
                float[] out = whole ? c : tile;
                int o = whole ? cOff + i * ldc + j : 0, ldo = whole ? ldc : lp;
                boolean accHere = whole && acc;
                if (rows < MR) {
                    for (int r = 0; r < rows; r++) kernel1xV(a, ai + r * ars, acs, panel, p0, lp, out, o + r * ldo, vectors, k, accHere);
                } else if (rows > MR && vectors == 2) {
                    if (acs == 1) kernel8x2RowMajor(a, ai, ars, panel, p0, out, o, ldo, k, accHere);
                    else kernel8x2(a, ai, ars, acs, panel, p0, out, o, ldo, k, accHere);
                } else if (rows > MR) {
                    if (acs == 1) kernel8x1RowMajor(a, ai, ars, panel, p0, out, o, ldo, k, accHere);
                    else kernel8x1(a, ai, ars, acs, panel, p0, out, o, ldo, k, accHere);
                } else if (acs == 1) {
                    if (vectors == 4) kernel4x4RowMajor(a, ai, ars, panel, p0, out, o, ldo, k, accHere);
                    else if (vectors == 3) kernel4x3RowMajor(a, ai, ars, panel, p0, out, o, ldo, k, accHere);
                    else if (vectors == 2) kernel4x2RowMajor(a, ai, ars, panel, p0, out, o, ldo, k, accHere);
                    else kernel4x1RowMajor(a, ai, ars, panel, p0, out, o, ldo, k, accHere);
                } else if (vectors == 4) {
                    kernel4x4(a, ai, ars, acs, panel, p0, out, o, ldo, k, accHere);
                } else if (vectors == 3) {
                    kernel4x3(a, ai, ars, acs, panel, p0, out, o, ldo, k, accHere);
                } else if (vectors == 2) {
                    kernel4x2(a, ai, ars, acs, panel, p0, out, o, ldo, k, accHere);
                } else {
                    kernel4x1(a, ai, ars, acs, panel, p0, out, o, ldo, k, accHere);
                }
                if (whole) continue;
                for (int r = 0; r < rows; r++) {
                    int cr = cOff + (i + r) * ldc + j, tr = r * lp;
                    if (acc) {
                        for (int q = 0; q < width; q++) c[cr + q] += tile[tr + q];
                    } else {
                        System.arraycopy(tile, tr, c, cr, width);
                    }
                }
            }
        }
    }

    /** Copies B's [k×width] block at b0 (row stride ldb) into panel as [k×lp], zero past width. */
    private static void pack(float[] b, int b0, int ldb, float[] panel, int k, int width, int lp) {
        if (width == NR) {
            for (int p = 0, src = b0, dst = 0; p < k; p++, src += ldb, dst += NR) {
                FloatVector.fromArray(S, b, src).intoArray(panel, dst);
                FloatVector.fromArray(S, b, src + L).intoArray(panel, dst + L);
                FloatVector.fromArray(S, b, src + 2 * L).intoArray(panel, dst + 2 * L);
            }
            return;
        }
        int vectors = width / L, tail = width - vectors * L;
        // the columns past the last whole vector as one whole load, its lanes past the panel's edge replaced by
        // zeros (the load reads on into B's next row; the last rows, where it would leave the array, go one by one)
        VectorMask<Float> keep = FIRST_LANES[tail];
        FloatVector zero = FloatVector.zero(S);
        for (int p = 0, src = b0, dst = 0; p < k; p++, src += ldb, dst += lp) {
            int q = 0;
            for (int v = 0; v < vectors; v++, q += L) FloatVector.fromArray(S, b, src + q).intoArray(panel, dst + q);
            if (tail > 0 && src + q + L <= b.length) {
                zero.blend(FloatVector.fromArray(S, b, src + q), keep).intoArray(panel, dst + q);
                continue;
            }
            for (; q < width; q++) panel[dst + q] = b[src + q];
            for (; q < lp; q++) panel[dst + q] = 0f;
        }
    }

    /** Rows a0.. (4 of them) against a packed [k×4L] panel: 16 accumulators (with 16-lane vectors only). */
    private static void kernel4x4(float[] a, int a0, int ars, int acs, float[] b, int b0,
                                  float[] c, int c0, int ldc, int k, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int ap = a0;
        for (int p = 0; p < k; p++, ap += acs) {
            int bp = b0 + p * (4 * L);
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3v = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = b0v.fma(av, c00);
            c01 = b1v.fma(av, c01);
            c02 = b2v.fma(av, c02);
            c03 = b3v.fma(av, c03);
            av = FloatVector.broadcast(S, a[ap + ars]);
            c10 = b0v.fma(av, c10);
            c11 = b1v.fma(av, c11);
            c12 = b2v.fma(av, c12);
            c13 = b3v.fma(av, c13);
            av = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = b0v.fma(av, c20);
            c21 = b1v.fma(av, c21);
            c22 = b2v.fma(av, c22);
            c23 = b3v.fma(av, c23);
            av = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = b0v.fma(av, c30);
            c31 = b1v.fma(av, c31);
            c32 = b2v.fma(av, c32);
            c33 = b3v.fma(av, c33);
        }
        VectorMask<Float> accumulate = S.maskAll(acc);
        c00 = c00.blend(c00.add(FloatVector.fromArray(S, c, c0)), accumulate);
        c01 = c01.blend(c01.add(FloatVector.fromArray(S, c, c0 + L)), accumulate);
        c02 = c02.blend(c02.add(FloatVector.fromArray(S, c, c0 + 2 * L)), accumulate);
        c03 = c03.blend(c03.add(FloatVector.fromArray(S, c, c0 + 3 * L)), accumulate);
        c10 = c10.blend(c10.add(FloatVector.fromArray(S, c, c0 + ldc)), accumulate);
        c11 = c11.blend(c11.add(FloatVector.fromArray(S, c, c0 + ldc + L)), accumulate);
        c12 = c12.blend(c12.add(FloatVector.fromArray(S, c, c0 + ldc + 2 * L)), accumulate);
        c13 = c13.blend(c13.add(FloatVector.fromArray(S, c, c0 + ldc + 3 * L)), accumulate);
        c20 = c20.blend(c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)), accumulate);
        c21 = c21.blend(c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L)), accumulate);
        c22 = c22.blend(c22.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + 2 * L)), accumulate);
        c23 = c23.blend(c23.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + 3 * L)), accumulate);
        c30 = c30.blend(c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)), accumulate);
        c31 = c31.blend(c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L)), accumulate);
        c32 = c32.blend(c32.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + 2 * L)), accumulate);
        c33 = c33.blend(c33.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + 3 * L)), accumulate);
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c02.intoArray(c, c0 + 2 * L);
        c03.intoArray(c, c0 + 3 * L);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + L);
        c12.intoArray(c, c0 + ldc + 2 * L);
        c13.intoArray(c, c0 + ldc + 3 * L);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + L);
        c22.intoArray(c, c0 + 2 * ldc + 2 * L);
        c23.intoArray(c, c0 + 2 * ldc + 3 * L);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + L);
        c32.intoArray(c, c0 + 3 * ldc + 2 * L);
        c33.intoArray(c, c0 + 3 * ldc + 3 * L);
    }

    /** Rows a0.. (4 of them) against a packed [k×NR] panel: 12 accumulators. */
    private static void kernel4x3(float[] a, int a0, int ars, int acs, float[] b, int b0,
                                  float[] c, int c0, int ldc, int k, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        int ap = a0;
        for (int p = 0; p < k; p++, ap += acs) {
            int bp = b0 + p * NR;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = b0v.fma(av, c00);
            c01 = b1v.fma(av, c01);
            c02 = b2v.fma(av, c02);
            av = FloatVector.broadcast(S, a[ap + ars]);
            c10 = b0v.fma(av, c10);
            c11 = b1v.fma(av, c11);
            c12 = b2v.fma(av, c12);
            av = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = b0v.fma(av, c20);
            c21 = b1v.fma(av, c21);
            c22 = b2v.fma(av, c22);
            av = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = b0v.fma(av, c30);
            c31 = b1v.fma(av, c31);
            c32 = b2v.fma(av, c32);
        }
        // stores written out, not through a helper taking vectors: C2 stops inlining after a few calls of
        // one helper, and a vector passed to a call that is not inlined is boxed (an allocation per call)
        // C is added through an all-true or all-false mask, not under an if: a vector that merges two branches
        // can be boxed by C2 (JFR showed it in some JIT runs). With acc false the blend keeps the sum exactly.
        VectorMask<Float> accumulate = S.maskAll(acc);
        c00 = c00.blend(c00.add(FloatVector.fromArray(S, c, c0)), accumulate);
        c01 = c01.blend(c01.add(FloatVector.fromArray(S, c, c0 + L)), accumulate);
        c02 = c02.blend(c02.add(FloatVector.fromArray(S, c, c0 + 2 * L)), accumulate);
        c10 = c10.blend(c10.add(FloatVector.fromArray(S, c, c0 + ldc)), accumulate);
        c11 = c11.blend(c11.add(FloatVector.fromArray(S, c, c0 + ldc + L)), accumulate);
        c12 = c12.blend(c12.add(FloatVector.fromArray(S, c, c0 + ldc + 2 * L)), accumulate);
        c20 = c20.blend(c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)), accumulate);
        c21 = c21.blend(c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L)), accumulate);
        c22 = c22.blend(c22.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + 2 * L)), accumulate);
        c30 = c30.blend(c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)), accumulate);
        c31 = c31.blend(c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L)), accumulate);
        c32 = c32.blend(c32.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + 2 * L)), accumulate);
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c02.intoArray(c, c0 + 2 * L);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + L);
        c12.intoArray(c, c0 + ldc + 2 * L);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + L);
        c22.intoArray(c, c0 + 2 * ldc + 2 * L);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + L);
        c32.intoArray(c, c0 + 3 * ldc + 2 * L);
    }

    /** Rows a0.. (4 of them) against a packed [k×2L] panel: 8 accumulators. */
    private static void kernel4x2(float[] a, int a0, int ars, int acs, float[] b, int b0,
                                  float[] c, int c0, int ldc, int k, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int ap = a0;
        for (int p = 0; p < k; p++, ap += acs) {
            int bp = b0 + p * (2 * L);
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = b0v.fma(av, c00);
            c01 = b1v.fma(av, c01);
            av = FloatVector.broadcast(S, a[ap + ars]);
            c10 = b0v.fma(av, c10);
            c11 = b1v.fma(av, c11);
            av = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = b0v.fma(av, c20);
            c21 = b1v.fma(av, c21);
            av = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = b0v.fma(av, c30);
            c31 = b1v.fma(av, c31);
        }
        VectorMask<Float> accumulate = S.maskAll(acc);
        c00 = c00.blend(c00.add(FloatVector.fromArray(S, c, c0)), accumulate);
        c01 = c01.blend(c01.add(FloatVector.fromArray(S, c, c0 + L)), accumulate);
        c10 = c10.blend(c10.add(FloatVector.fromArray(S, c, c0 + ldc)), accumulate);
        c11 = c11.blend(c11.add(FloatVector.fromArray(S, c, c0 + ldc + L)), accumulate);
        c20 = c20.blend(c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)), accumulate);
        c21 = c21.blend(c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L)), accumulate);
        c30 = c30.blend(c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)), accumulate);
        c31 = c31.blend(c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L)), accumulate);
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + L);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + L);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + L);
    }

    /** Rows a0.. (4 of them) against a packed [k×L] panel: 4 accumulators. */
    private static void kernel4x1(float[] a, int a0, int ars, int acs, float[] b, int b0,
                                  float[] c, int c0, int ldc, int k, boolean acc) {
        FloatVector c0v = FloatVector.zero(S), c1v = c0v, c2v = c0v, c3v = c0v;
        int ap = a0;
        for (int p = 0; p < k; p++, ap += acs) {
            int bp = b0 + p * L;
            FloatVector bv = FloatVector.fromArray(S, b, bp);
            c0v = bv.fma(FloatVector.broadcast(S, a[ap]), c0v);
            c1v = bv.fma(FloatVector.broadcast(S, a[ap + ars]), c1v);
            c2v = bv.fma(FloatVector.broadcast(S, a[ap + 2 * ars]), c2v);
            c3v = bv.fma(FloatVector.broadcast(S, a[ap + 3 * ars]), c3v);
        }
        VectorMask<Float> accumulate = S.maskAll(acc);
        c0v = c0v.blend(c0v.add(FloatVector.fromArray(S, c, c0)), accumulate);
        c1v = c1v.blend(c1v.add(FloatVector.fromArray(S, c, c0 + ldc)), accumulate);
        c2v = c2v.blend(c2v.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)), accumulate);
        c3v = c3v.blend(c3v.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)), accumulate);
        c0v.intoArray(c, c0);
        c1v.intoArray(c, c0 + ldc);
        c2v.intoArray(c, c0 + 2 * ldc);
        c3v.intoArray(c, c0 + 3 * ldc);
    }

    /** Rows a0.. (4 of them) against a packed [k×4L] panel: 16 accumulators (with 16-lane vectors only). A row-major (each row's
     * elements adjacent): indexed as row + p, so C2 hoists the bounds checks out of the loop. */
    private static void kernel4x4RowMajor(float[] a, int a0, int ars, float[] b, int b0,
                                          float[] c, int c0, int ldc, int k, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int r0 = a0, r1 = a0 + ars, r2 = a0 + 2 * ars, r3 = a0 + 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * (4 * L);
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3v = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector av = FloatVector.broadcast(S, a[r0 + p]);
            c00 = b0v.fma(av, c00);
            c01 = b1v.fma(av, c01);
            c02 = b2v.fma(av, c02);
            c03 = b3v.fma(av, c03);
            av = FloatVector.broadcast(S, a[r1 + p]);
            c10 = b0v.fma(av, c10);
            c11 = b1v.fma(av, c11);
            c12 = b2v.fma(av, c12);
            c13 = b3v.fma(av, c13);
            av = FloatVector.broadcast(S, a[r2 + p]);
            c20 = b0v.fma(av, c20);
            c21 = b1v.fma(av, c21);
            c22 = b2v.fma(av, c22);
            c23 = b3v.fma(av, c23);
            av = FloatVector.broadcast(S, a[r3 + p]);
            c30 = b0v.fma(av, c30);
            c31 = b1v.fma(av, c31);
            c32 = b2v.fma(av, c32);
            c33 = b3v.fma(av, c33);
        }
        VectorMask<Float> accumulate = S.maskAll(acc);
        c00 = c00.blend(c00.add(FloatVector.fromArray(S, c, c0)), accumulate);
        c01 = c01.blend(c01.add(FloatVector.fromArray(S, c, c0 + L)), accumulate);
        c02 = c02.blend(c02.add(FloatVector.fromArray(S, c, c0 + 2 * L)), accumulate);
        c03 = c03.blend(c03.add(FloatVector.fromArray(S, c, c0 + 3 * L)), accumulate);
        c10 = c10.blend(c10.add(FloatVector.fromArray(S, c, c0 + ldc)), accumulate);
        c11 = c11.blend(c11.add(FloatVector.fromArray(S, c, c0 + ldc + L)), accumulate);
        c12 = c12.blend(c12.add(FloatVector.fromArray(S, c, c0 + ldc + 2 * L)), accumulate);
        c13 = c13.blend(c13.add(FloatVector.fromArray(S, c, c0 + ldc + 3 * L)), accumulate);
        c20 = c20.blend(c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)), accumulate);
        c21 = c21.blend(c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L)), accumulate);
        c22 = c22.blend(c22.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + 2 * L)), accumulate);
        c23 = c23.blend(c23.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + 3 * L)), accumulate);
        c30 = c30.blend(c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)), accumulate);
        c31 = c31.blend(c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L)), accumulate);
        c32 = c32.blend(c32.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + 2 * L)), accumulate);
        c33 = c33.blend(c33.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + 3 * L)), accumulate);
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c02.intoArray(c, c0 + 2 * L);
        c03.intoArray(c, c0 + 3 * L);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + L);
        c12.intoArray(c, c0 + ldc + 2 * L);
        c13.intoArray(c, c0 + ldc + 3 * L);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + L);
        c22.intoArray(c, c0 + 2 * ldc + 2 * L);
        c23.intoArray(c, c0 + 2 * ldc + 3 * L);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + L);
        c32.intoArray(c, c0 + 3 * ldc + 2 * L);
        c33.intoArray(c, c0 + 3 * ldc + 3 * L);
    }

    /** Rows a0.. (4 of them) against a packed [k×NR] panel: 12 accumulators. A row-major (each row's
     * elements adjacent): indexed as row + p, so C2 hoists the bounds checks out of the loop. */
    private static void kernel4x3RowMajor(float[] a, int a0, int ars, float[] b, int b0,
                                          float[] c, int c0, int ldc, int k, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        int r0 = a0, r1 = a0 + ars, r2 = a0 + 2 * ars, r3 = a0 + 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * NR;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector av = FloatVector.broadcast(S, a[r0 + p]);
            c00 = b0v.fma(av, c00);
            c01 = b1v.fma(av, c01);
            c02 = b2v.fma(av, c02);
            av = FloatVector.broadcast(S, a[r1 + p]);
            c10 = b0v.fma(av, c10);
            c11 = b1v.fma(av, c11);
            c12 = b2v.fma(av, c12);
            av = FloatVector.broadcast(S, a[r2 + p]);
            c20 = b0v.fma(av, c20);
            c21 = b1v.fma(av, c21);
            c22 = b2v.fma(av, c22);
            av = FloatVector.broadcast(S, a[r3 + p]);
            c30 = b0v.fma(av, c30);
            c31 = b1v.fma(av, c31);
            c32 = b2v.fma(av, c32);
        }
        // stores written out, not through a helper taking vectors: C2 stops inlining after a few calls of
        // one helper, and a vector passed to a call that is not inlined is boxed (an allocation per call)
        // C is added through an all-true or all-false mask, not under an if: a vector that merges two branches
        // can be boxed by C2 (JFR showed it in some JIT runs). With acc false the blend keeps the sum exactly.
        VectorMask<Float> accumulate = S.maskAll(acc);
        c00 = c00.blend(c00.add(FloatVector.fromArray(S, c, c0)), accumulate);
        c01 = c01.blend(c01.add(FloatVector.fromArray(S, c, c0 + L)), accumulate);
        c02 = c02.blend(c02.add(FloatVector.fromArray(S, c, c0 + 2 * L)), accumulate);
        c10 = c10.blend(c10.add(FloatVector.fromArray(S, c, c0 + ldc)), accumulate);
        c11 = c11.blend(c11.add(FloatVector.fromArray(S, c, c0 + ldc + L)), accumulate);
        c12 = c12.blend(c12.add(FloatVector.fromArray(S, c, c0 + ldc + 2 * L)), accumulate);
        c20 = c20.blend(c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)), accumulate);
        c21 = c21.blend(c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L)), accumulate);
        c22 = c22.blend(c22.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + 2 * L)), accumulate);
        c30 = c30.blend(c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)), accumulate);
        c31 = c31.blend(c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L)), accumulate);
        c32 = c32.blend(c32.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + 2 * L)), accumulate);
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c02.intoArray(c, c0 + 2 * L);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + L);
        c12.intoArray(c, c0 + ldc + 2 * L);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + L);
        c22.intoArray(c, c0 + 2 * ldc + 2 * L);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + L);
        c32.intoArray(c, c0 + 3 * ldc + 2 * L);
    }

    /** Rows a0.. (4 of them) against a packed [k×2L] panel: 8 accumulators. A row-major (each row's
     * elements adjacent): indexed as row + p, so C2 hoists the bounds checks out of the loop. */
    private static void kernel4x2RowMajor(float[] a, int a0, int ars, float[] b, int b0,
                                          float[] c, int c0, int ldc, int k, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int r0 = a0, r1 = a0 + ars, r2 = a0 + 2 * ars, r3 = a0 + 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * (2 * L);
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector av = FloatVector.broadcast(S, a[r0 + p]);
            c00 = b0v.fma(av, c00);
            c01 = b1v.fma(av, c01);
            av = FloatVector.broadcast(S, a[r1 + p]);
            c10 = b0v.fma(av, c10);
            c11 = b1v.fma(av, c11);
            av = FloatVector.broadcast(S, a[r2 + p]);
            c20 = b0v.fma(av, c20);
            c21 = b1v.fma(av, c21);
            av = FloatVector.broadcast(S, a[r3 + p]);
            c30 = b0v.fma(av, c30);
            c31 = b1v.fma(av, c31);
        }
        VectorMask<Float> accumulate = S.maskAll(acc);
        c00 = c00.blend(c00.add(FloatVector.fromArray(S, c, c0)), accumulate);
        c01 = c01.blend(c01.add(FloatVector.fromArray(S, c, c0 + L)), accumulate);
        c10 = c10.blend(c10.add(FloatVector.fromArray(S, c, c0 + ldc)), accumulate);
        c11 = c11.blend(c11.add(FloatVector.fromArray(S, c, c0 + ldc + L)), accumulate);
        c20 = c20.blend(c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)), accumulate);
        c21 = c21.blend(c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L)), accumulate);
        c30 = c30.blend(c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)), accumulate);
        c31 = c31.blend(c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L)), accumulate);
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + L);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + L);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + L);
    }

    /** Rows a0.. (4 of them) against a packed [k×L] panel: 4 accumulators. A row-major (each row's
     * elements adjacent): indexed as row + p, so C2 hoists the bounds checks out of the loop. */
    private static void kernel4x1RowMajor(float[] a, int a0, int ars, float[] b, int b0,
                                          float[] c, int c0, int ldc, int k, boolean acc) {
        FloatVector c0v = FloatVector.zero(S), c1v = c0v, c2v = c0v, c3v = c0v;
        int r0 = a0, r1 = a0 + ars, r2 = a0 + 2 * ars, r3 = a0 + 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * L;
            FloatVector bv = FloatVector.fromArray(S, b, bp);
            c0v = bv.fma(FloatVector.broadcast(S, a[r0 + p]), c0v);
            c1v = bv.fma(FloatVector.broadcast(S, a[r1 + p]), c1v);
            c2v = bv.fma(FloatVector.broadcast(S, a[r2 + p]), c2v);
            c3v = bv.fma(FloatVector.broadcast(S, a[r3 + p]), c3v);
        }
        VectorMask<Float> accumulate = S.maskAll(acc);
        c0v = c0v.blend(c0v.add(FloatVector.fromArray(S, c, c0)), accumulate);
        c1v = c1v.blend(c1v.add(FloatVector.fromArray(S, c, c0 + ldc)), accumulate);
        c2v = c2v.blend(c2v.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)), accumulate);
        c3v = c3v.blend(c3v.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)), accumulate);
        c0v.intoArray(c, c0);
        c1v.intoArray(c, c0 + ldc);
        c2v.intoArray(c, c0 + 2 * ldc);
        c3v.intoArray(c, c0 + 3 * ldc);
    }

    /** Rows a0.. (8 of them) against a packed [k×2L] panel: 16 accumulators (with 32 vector registers only). */
    private static void kernel8x2(float[] a, int a0, int ars, int acs, float[] b, int b0,
                                  float[] c, int c0, int ldc, int k, boolean acc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero, c50 = zero, c51 = zero, c60 = zero, c61 = zero, c70 = zero, c71 = zero;
        int ap = a0;
        for (int p = 0; p < k; p++, ap += acs) {
            int bp = b0 + p * (2 * L);
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector e0 = FloatVector.broadcast(S, a[ap]);
            c00 = b0v.fma(e0, c00);
            c01 = b1v.fma(e0, c01);
            FloatVector e1 = FloatVector.broadcast(S, a[ap + ars]);
            c10 = b0v.fma(e1, c10);
            c11 = b1v.fma(e1, c11);
            FloatVector e2 = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = b0v.fma(e2, c20);
            c21 = b1v.fma(e2, c21);
            FloatVector e3 = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = b0v.fma(e3, c30);
            c31 = b1v.fma(e3, c31);
            FloatVector e4 = FloatVector.broadcast(S, a[ap + 4 * ars]);
            c40 = b0v.fma(e4, c40);
            c41 = b1v.fma(e4, c41);
            FloatVector e5 = FloatVector.broadcast(S, a[ap + 5 * ars]);
            c50 = b0v.fma(e5, c50);
            c51 = b1v.fma(e5, c51);
            FloatVector e6 = FloatVector.broadcast(S, a[ap + 6 * ars]);
            c60 = b0v.fma(e6, c60);
            c61 = b1v.fma(e6, c61);
            FloatVector e7 = FloatVector.broadcast(S, a[ap + 7 * ars]);
            c70 = b0v.fma(e7, c70);
            c71 = b1v.fma(e7, c71);
        }
        // the stores written out here, not in a helper taking the vectors (which C2 might not inline, boxing them)
        VectorMask<Float> accumulate = S.maskAll(acc);
        c00.blend(c00.add(FloatVector.fromArray(S, c, c0)), accumulate).intoArray(c, c0);
        c01.blend(c01.add(FloatVector.fromArray(S, c, c0 + L)), accumulate).intoArray(c, c0 + L);
        c10.blend(c10.add(FloatVector.fromArray(S, c, c0 + ldc)), accumulate).intoArray(c, c0 + ldc);
        c11.blend(c11.add(FloatVector.fromArray(S, c, c0 + ldc + L)), accumulate).intoArray(c, c0 + ldc + L);
        c20.blend(c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)), accumulate).intoArray(c, c0 + 2 * ldc);
        c21.blend(c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L)), accumulate).intoArray(c, c0 + 2 * ldc + L);
        c30.blend(c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)), accumulate).intoArray(c, c0 + 3 * ldc);
        c31.blend(c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L)), accumulate).intoArray(c, c0 + 3 * ldc + L);
        c40.blend(c40.add(FloatVector.fromArray(S, c, c0 + 4 * ldc)), accumulate).intoArray(c, c0 + 4 * ldc);
        c41.blend(c41.add(FloatVector.fromArray(S, c, c0 + 4 * ldc + L)), accumulate).intoArray(c, c0 + 4 * ldc + L);
        c50.blend(c50.add(FloatVector.fromArray(S, c, c0 + 5 * ldc)), accumulate).intoArray(c, c0 + 5 * ldc);
        c51.blend(c51.add(FloatVector.fromArray(S, c, c0 + 5 * ldc + L)), accumulate).intoArray(c, c0 + 5 * ldc + L);
        c60.blend(c60.add(FloatVector.fromArray(S, c, c0 + 6 * ldc)), accumulate).intoArray(c, c0 + 6 * ldc);
        c61.blend(c61.add(FloatVector.fromArray(S, c, c0 + 6 * ldc + L)), accumulate).intoArray(c, c0 + 6 * ldc + L);
        c70.blend(c70.add(FloatVector.fromArray(S, c, c0 + 7 * ldc)), accumulate).intoArray(c, c0 + 7 * ldc);
        c71.blend(c71.add(FloatVector.fromArray(S, c, c0 + 7 * ldc + L)), accumulate).intoArray(c, c0 + 7 * ldc + L);
    }

    /** {@link #kernel8x2} for a row-major A (indexed as row + p, so C2 hoists the bounds checks out of the loop). */
    private static void kernel8x2RowMajor(float[] a, int a0, int ars, float[] b, int b0,
                                          float[] c, int c0, int ldc, int k, boolean acc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero, c50 = zero, c51 = zero, c60 = zero, c61 = zero, c70 = zero, c71 = zero;
        int r0 = a0, r1 = a0 + ars, r2 = a0 + 2 * ars, r3 = a0 + 3 * ars;
        int r4 = a0 + 4 * ars, r5 = a0 + 5 * ars, r6 = a0 + 6 * ars, r7 = a0 + 7 * ars;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * (2 * L);
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector e0 = FloatVector.broadcast(S, a[r0 + p]);
            c00 = b0v.fma(e0, c00);
            c01 = b1v.fma(e0, c01);
            FloatVector e1 = FloatVector.broadcast(S, a[r1 + p]);
            c10 = b0v.fma(e1, c10);
            c11 = b1v.fma(e1, c11);
            FloatVector e2 = FloatVector.broadcast(S, a[r2 + p]);
            c20 = b0v.fma(e2, c20);
            c21 = b1v.fma(e2, c21);
            FloatVector e3 = FloatVector.broadcast(S, a[r3 + p]);
            c30 = b0v.fma(e3, c30);
            c31 = b1v.fma(e3, c31);
            FloatVector e4 = FloatVector.broadcast(S, a[r4 + p]);
            c40 = b0v.fma(e4, c40);
            c41 = b1v.fma(e4, c41);
            FloatVector e5 = FloatVector.broadcast(S, a[r5 + p]);
            c50 = b0v.fma(e5, c50);
            c51 = b1v.fma(e5, c51);
            FloatVector e6 = FloatVector.broadcast(S, a[r6 + p]);
            c60 = b0v.fma(e6, c60);
            c61 = b1v.fma(e6, c61);
            FloatVector e7 = FloatVector.broadcast(S, a[r7 + p]);
            c70 = b0v.fma(e7, c70);
            c71 = b1v.fma(e7, c71);
        }
        // the stores written out here, not in a helper taking the vectors (which C2 might not inline, boxing them)
        VectorMask<Float> accumulate = S.maskAll(acc);
        c00.blend(c00.add(FloatVector.fromArray(S, c, c0)), accumulate).intoArray(c, c0);
        c01.blend(c01.add(FloatVector.fromArray(S, c, c0 + L)), accumulate).intoArray(c, c0 + L);
        c10.blend(c10.add(FloatVector.fromArray(S, c, c0 + ldc)), accumulate).intoArray(c, c0 + ldc);
        c11.blend(c11.add(FloatVector.fromArray(S, c, c0 + ldc + L)), accumulate).intoArray(c, c0 + ldc + L);
        c20.blend(c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)), accumulate).intoArray(c, c0 + 2 * ldc);
        c21.blend(c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L)), accumulate).intoArray(c, c0 + 2 * ldc + L);
        c30.blend(c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)), accumulate).intoArray(c, c0 + 3 * ldc);
        c31.blend(c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L)), accumulate).intoArray(c, c0 + 3 * ldc + L);
        c40.blend(c40.add(FloatVector.fromArray(S, c, c0 + 4 * ldc)), accumulate).intoArray(c, c0 + 4 * ldc);
        c41.blend(c41.add(FloatVector.fromArray(S, c, c0 + 4 * ldc + L)), accumulate).intoArray(c, c0 + 4 * ldc + L);
        c50.blend(c50.add(FloatVector.fromArray(S, c, c0 + 5 * ldc)), accumulate).intoArray(c, c0 + 5 * ldc);
        c51.blend(c51.add(FloatVector.fromArray(S, c, c0 + 5 * ldc + L)), accumulate).intoArray(c, c0 + 5 * ldc + L);
        c60.blend(c60.add(FloatVector.fromArray(S, c, c0 + 6 * ldc)), accumulate).intoArray(c, c0 + 6 * ldc);
        c61.blend(c61.add(FloatVector.fromArray(S, c, c0 + 6 * ldc + L)), accumulate).intoArray(c, c0 + 6 * ldc + L);
        c70.blend(c70.add(FloatVector.fromArray(S, c, c0 + 7 * ldc)), accumulate).intoArray(c, c0 + 7 * ldc);
        c71.blend(c71.add(FloatVector.fromArray(S, c, c0 + 7 * ldc + L)), accumulate).intoArray(c, c0 + 7 * ldc + L);
    }

    /** Rows a0.. (8 of them) against a packed [k×L] panel: 8 accumulators, so the chains of FMAs overlap. */
    private static void kernel8x1(float[] a, int a0, int ars, int acs, float[] b, int b0,
                                  float[] c, int c0, int ldc, int k, boolean acc) {
        FloatVector c0v = FloatVector.zero(S), c1v = c0v, c2v = c0v, c3v = c0v, c4v = c0v, c5v = c0v, c6v = c0v, c7v = c0v;
        int ap = a0;
        for (int p = 0; p < k; p++, ap += acs) {
            FloatVector bv = FloatVector.fromArray(S, b, b0 + p * L);
            c0v = bv.fma(FloatVector.broadcast(S, a[ap]), c0v);
            c1v = bv.fma(FloatVector.broadcast(S, a[ap + ars]), c1v);
            c2v = bv.fma(FloatVector.broadcast(S, a[ap + 2 * ars]), c2v);
            c3v = bv.fma(FloatVector.broadcast(S, a[ap + 3 * ars]), c3v);
            c4v = bv.fma(FloatVector.broadcast(S, a[ap + 4 * ars]), c4v);
            c5v = bv.fma(FloatVector.broadcast(S, a[ap + 5 * ars]), c5v);
            c6v = bv.fma(FloatVector.broadcast(S, a[ap + 6 * ars]), c6v);
            c7v = bv.fma(FloatVector.broadcast(S, a[ap + 7 * ars]), c7v);
        }
        // the stores written out here, not in a helper taking the eight vectors (which C2 might not inline, boxing them)
        VectorMask<Float> accumulate = S.maskAll(acc);
        c0v.blend(c0v.add(FloatVector.fromArray(S, c, c0)), accumulate).intoArray(c, c0);
        c1v.blend(c1v.add(FloatVector.fromArray(S, c, c0 + ldc)), accumulate).intoArray(c, c0 + ldc);
        c2v.blend(c2v.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)), accumulate).intoArray(c, c0 + 2 * ldc);
        c3v.blend(c3v.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)), accumulate).intoArray(c, c0 + 3 * ldc);
        c4v.blend(c4v.add(FloatVector.fromArray(S, c, c0 + 4 * ldc)), accumulate).intoArray(c, c0 + 4 * ldc);
        c5v.blend(c5v.add(FloatVector.fromArray(S, c, c0 + 5 * ldc)), accumulate).intoArray(c, c0 + 5 * ldc);
        c6v.blend(c6v.add(FloatVector.fromArray(S, c, c0 + 6 * ldc)), accumulate).intoArray(c, c0 + 6 * ldc);
        c7v.blend(c7v.add(FloatVector.fromArray(S, c, c0 + 7 * ldc)), accumulate).intoArray(c, c0 + 7 * ldc);
    }

    /** {@link #kernel8x1} for a row-major A (indexed as row + p, so C2 hoists the bounds checks out of the loop). */
    private static void kernel8x1RowMajor(float[] a, int a0, int ars, float[] b, int b0,
                                          float[] c, int c0, int ldc, int k, boolean acc) {
        FloatVector c0v = FloatVector.zero(S), c1v = c0v, c2v = c0v, c3v = c0v, c4v = c0v, c5v = c0v, c6v = c0v, c7v = c0v;
        int r0 = a0, r1 = a0 + ars, r2 = a0 + 2 * ars, r3 = a0 + 3 * ars;
        int r4 = a0 + 4 * ars, r5 = a0 + 5 * ars, r6 = a0 + 6 * ars, r7 = a0 + 7 * ars;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, b0 + p * L);
            c0v = bv.fma(FloatVector.broadcast(S, a[r0 + p]), c0v);
            c1v = bv.fma(FloatVector.broadcast(S, a[r1 + p]), c1v);
            c2v = bv.fma(FloatVector.broadcast(S, a[r2 + p]), c2v);
            c3v = bv.fma(FloatVector.broadcast(S, a[r3 + p]), c3v);
            c4v = bv.fma(FloatVector.broadcast(S, a[r4 + p]), c4v);
            c5v = bv.fma(FloatVector.broadcast(S, a[r5 + p]), c5v);
            c6v = bv.fma(FloatVector.broadcast(S, a[r6 + p]), c6v);
            c7v = bv.fma(FloatVector.broadcast(S, a[r7 + p]), c7v);
        }
        // the stores written out here, not in a helper taking the eight vectors (which C2 might not inline, boxing them)
        VectorMask<Float> accumulate = S.maskAll(acc);
        c0v.blend(c0v.add(FloatVector.fromArray(S, c, c0)), accumulate).intoArray(c, c0);
        c1v.blend(c1v.add(FloatVector.fromArray(S, c, c0 + ldc)), accumulate).intoArray(c, c0 + ldc);
        c2v.blend(c2v.add(FloatVector.fromArray(S, c, c0 + 2 * ldc)), accumulate).intoArray(c, c0 + 2 * ldc);
        c3v.blend(c3v.add(FloatVector.fromArray(S, c, c0 + 3 * ldc)), accumulate).intoArray(c, c0 + 3 * ldc);
        c4v.blend(c4v.add(FloatVector.fromArray(S, c, c0 + 4 * ldc)), accumulate).intoArray(c, c0 + 4 * ldc);
        c5v.blend(c5v.add(FloatVector.fromArray(S, c, c0 + 5 * ldc)), accumulate).intoArray(c, c0 + 5 * ldc);
        c6v.blend(c6v.add(FloatVector.fromArray(S, c, c0 + 6 * ldc)), accumulate).intoArray(c, c0 + 6 * ldc);
        c7v.blend(c7v.add(FloatVector.fromArray(S, c, c0 + 7 * ldc)), accumulate).intoArray(c, c0 + 7 * ldc);
    }

    /** One row of A against {@code vectors} full vectors of B. */
    private static void kernel1xV(float[] a, int a0, int acs, float[] b, int b0, int ldb,
                                  float[] c, int c0, int vectors, int k, boolean acc) {
        VectorMask<Float> accumulate = S.maskAll(acc);
        for (int v = 0; v < vectors; v++) {
            FloatVector cv = FloatVector.zero(S);
            int ap = a0, bp = b0 + v * L;
            for (int p = 0; p < k; p++, ap += acs, bp += ldb) {
                cv = FloatVector.fromArray(S, b, bp).fma(FloatVector.broadcast(S, a[ap]), cv);
            }
            cv.blend(cv.add(FloatVector.fromArray(S, c, c0 + v * L)), accumulate).intoArray(c, c0 + v * L);
        }
    }


}
