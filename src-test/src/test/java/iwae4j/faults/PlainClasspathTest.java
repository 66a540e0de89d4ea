package iwae4j.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.e2e.ReadmeExample;
import iwae4j.tensor.Vectorization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On a plain classpath, as in an application that never heard of {@code --add-modules}: the README example runs
 * in a child JVM without the Vector API, says once how to get the fast path, and computes the very same L_5000
 * bits as this JVM's Vector API kernels; so do all of {@link KernelProbe}'s kernels and model values.
 */
@Tag("slow")
class PlainClasspathTest {
    @Test
    void readmeExampleRunsWithoutTheVectorModuleAndGivesTheSameBits() throws Exception {
        assertTrue(Vectorization.enabled(), "this JVM must run the Vector API kernels to compare against");
        double here = ReadmeExample.run();
        ChildJvm.Result r = ChildJvm.run(ChildJvm.command(List.of(), false, ReadmeExampleMain.class), 300);
        assertEquals(0, r.exitCode(), r.stderr());
        System.out.println("Vector API: L_5000 = " + here + "; plain classpath: " + r.stdout().trim());
        assertTrue(r.stdout().contains("vectorized=false "), r.stdout());
        assertTrue(r.stdout().contains("bits=" + Long.toHexString(Double.doubleToRawLongBits(here)) + " "),
                "plain-Java L_5000 differs from the Vector API's " + here + ": " + r.stdout());
        assertTrue(r.stderr().contains("jdk.incubator.vector is not available") && r.stderr().contains("--add-modules=jdk.incubator.vector"),
                "one warning saying how to get the fast path: " + r.stderr());
        assertTrue(!r.stderr().contains("Exception"), r.stderr());
    }

    @Test
    void everyProbedKernelGivesTheSameBitsWithoutTheVectorModule() throws Exception {
        Map<String, Long> expected = KernelProbe.digests();
        ChildJvm.Result r = ChildJvm.run(ChildJvm.command(List.of(), false, KernelProbe.class, "3"), 300);
        assertEquals(0, r.exitCode(), r.stderr());
        int lines = 0;
        StringBuilder bad = new StringBuilder();
        for (String line : r.stdout().split("\n")) {
            if (line.isBlank()) continue;
            lines++;
            String[] p = line.trim().split(" ");
            if (!Long.toHexString(expected.get(p[0])).equals(p[1])) bad.append(p[0]).append(' ');
        }
        assertEquals("", bad.toString(), "probes whose bits differ on the plain classpath");
        assertEquals(expected.size(), lines);
    }
}
