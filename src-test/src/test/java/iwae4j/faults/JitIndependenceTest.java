package iwae4j.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same bits whatever the JIT state: a child JVM computes {@link KernelProbe}'s kernel outputs and a small
 * model's log-weights, gradients, Adam step and L_k purely interpreted ({@code -Xint}), another with C2 forced
 * early ({@code -Xbatch -XX:-TieredCompilation -XX:CompileThreshold=100}, repeated so that the later
 * repetitions run compiled code), and both must print exactly the in-process digests, one per probe.
 */
@Tag("slow")
class JitIndependenceTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-Xint", "-Xbatch -XX:-TieredCompilation -XX:CompileThreshold=100"})
    void childJvmComputesTheSameBitsAsThisOne(String options) throws Exception {
        Map<String, Long> expected = KernelProbe.digests();
        int reps = options.equals("-Xint") ? 1 : 40;
        ChildJvm.Result r = ChildJvm.run(ChildJvm.command(List.of(options.split(" ")), true, KernelProbe.class, String.valueOf(reps)), 300);
        assertEquals(0, r.exitCode(), "child failed: " + r.stderr());
        List<String> mismatches = new ArrayList<>();
        int lines = 0;
        for (String line : r.stdout().split("\n")) {
            if (line.isBlank()) continue;
            lines++;
            String[] parts = line.trim().split(" ");
            long want = expected.get(parts[0]);
            if (!Long.toHexString(want).equals(parts[1])) mismatches.add(parts[0] + ": child " + parts[1] + ", here " + Long.toHexString(want));
        }
        assertTrue(mismatches.isEmpty(), "bits differ under " + options + ":\n" + String.join("\n", mismatches));
        assertEquals(expected.size(), lines, "one digest per probe (more means a value changed between repetitions)");
    }
}
