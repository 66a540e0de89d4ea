package iwae4j.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.Dataset;
import iwae4j.models.Evaluator;
import iwae4j.models.Likelihood;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A fit validates a new copy of its model every epoch with one evaluator, on rows that end in a smaller batch: once
 * warm, that reuses the evaluator's engine and its tapes' buffers instead of allocating them again (about a megabyte a
 * validation for this model before). Measured as TapeAllocationTest measures a training step: the JDK's per-thread
 * allocation counter, in a fresh JVM compiling in the foreground.
 */
public class ValidationAllocationTest {
    /** What a validation may still allocate: its result arrays and small objects, far below one engine's buffers. */
    static final long PER_VALIDATION_LIMIT = 16 * 1024;

    public static void main(String[] args) {
        System.out.println("allocated per validation " + allocatedPerValidation());
    }

    @Test
    void validatingFreshCopiesOfAModelReusesTheEnginesBuffers() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ChildJvm.command(List.of("-Xmx512m", "-Xbatch"), true, ValidationAllocationTest.class), 300);
        assertEquals(0, r.exitCode(), r.stderr());
        String out = r.stdout().trim();
        assertTrue(out.startsWith("allocated per validation "), out);
        long bytes = Long.parseLong(out.substring("allocated per validation ".length()));
        assertTrue(bytes < PER_VALIDATION_LIMIT, "bytes allocated per validation of a fresh model copy: " + bytes);
    }

    static long allocatedPerValidation() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom rnd = new SplittableRandom(3);
        // a fit's validation: 63 rows (batches of 10 and a last one of 3) at k = 100, the fit's model of a 9-column table
        float[] v = new float[63 * 9];
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
        Dataset rows = Dataset.of(v, 9);
        Model model = new Model(new ModelSpec(9, new int[] {4}, new int[][] {{32, 32}}, Likelihood.GAUSSIAN, 0.01f), 1);
        Evaluator evaluator = new Evaluator(1000);
        double sink = 0;
        for (int i = 0; i < 1500; i++) sink += evaluator.logLikelihood(model.copy(), rows, 100, 7).mean;
        Model[] copies = new Model[50];
        for (int i = 0; i < copies.length; i++) copies[i] = model.copy();
        long tid = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(tid);
        for (Model m : copies) sink += evaluator.logLikelihood(m, rows, 100, 7).mean;
        long allocated = bean.getThreadAllocatedBytes(tid) - before;
        if (!Double.isFinite(sink)) throw new AssertionError("bound " + sink);
        return allocated / copies.length;
    }
}
