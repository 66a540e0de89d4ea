package iwae4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NormalsTest {
    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /** Vector kernel against its scalar twin on awkward sizes and offsets (partial blocks, tails). */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 15, 17, 255, 256, 257, 511, 512, 513, 1000, 1537, 40_001})
    void vectorMatchesScalarTwin(int n) {
        for (long key : new long[] {0L, 1L, -7L, 0x123456789ABCDEFL}) {
            float[] v = new float[n + 3], s = new float[n + 3];
            Arrays.fill(v, 99f);
            Arrays.fill(s, 99f);
            Normals.fill(v, 2, n, key);
            Normals.fillScalar(s, 2, n, key);
            for (int i = 0; i < n + 3; i++) {
                float tol = 2e-6f * (1 + Math.abs(s[i]));
                assertTrue(Math.abs(v[i] - s[i]) <= tol, "n=" + n + " key=" + key + " i=" + i + ": " + v[i] + " vs " + s[i]);
            }
            assertEquals(99f, v[0]);
            assertEquals(99f, v[1]);
            assertEquals(99f, v[n + 2], "wrote past the end");
        }
    }

    @Test
    void sameStreamForAnyThreadCountAndLongerFillsExtendShorterOnes() {
        float[] one = new float[200_003], two = new float[200_003], shorter = new float[70_001];
        Parallel.setThreads(1);
        Normals.fill(one, 0, one.length, 42);
        Parallel.setThreads(2);
        Normals.fill(two, 0, two.length, 42);
        Normals.fill(shorter, 0, shorter.length, 42);
        assertArrayEquals(one, two);
        assertArrayEquals(shorter, Arrays.copyOf(one, shorter.length));
        float[] other = new float[16];
        Normals.fill(other, 0, 16, 43);
        assertNotEquals(Arrays.toString(Arrays.copyOf(one, 16)), Arrays.toString(other), "different keys, same stream");
    }

    /** Moments, the one-sigma mass, tails and the correlation of the cos and sin halves over 2·10⁶ draws. */
    @Test
    void drawsLookStandardNormal() {
        int n = 2_000_000;
        float[] z = new float[n];
        Normals.fill(z, 0, n, 2026);
        double sum = 0, sq = 0, quad = 0, cross = 0;
        int within1 = 0, beyond3 = 0;
        for (int i = 0; i < n; i++) {
            double x = z[i];
            sum += x;
            sq += x * x;
            quad += x * x * x * x;
            if (Math.abs(x) < 1) within1++;
            if (Math.abs(x) > 3) beyond3++;
        }
        int pairs = 0;
        for (int b = 0; b < n / (2 * Normals.PAIRS); b++) {
            for (int j = 0; j < Normals.PAIRS; j++, pairs++) {
                cross += (double) z[2 * Normals.PAIRS * b + j] * z[2 * Normals.PAIRS * b + Normals.PAIRS + j];
            }
        }
        double mean = sum / n, var = sq / n - mean * mean;
        // standard errors: mean 7e-4, variance 1e-3, kurtosis 3 ± 5e-3, P(|z|<1) ± 3.3e-4, P(|z|>3) ± 3.7e-5
        assertEquals(0, mean, 4e-3, "mean");
        assertEquals(1, var, 6e-3, "variance");
        assertEquals(3, quad / n, 0.03, "fourth moment");
        assertEquals(0.682689, within1 / (double) n, 2e-3, "P(|z| < 1)");
        assertEquals(0.0026998, beyond3 / (double) n, 2.5e-4, "P(|z| > 3)");
        assertEquals(0, cross / pairs, 5e-3, "cos and sin halves correlated");
    }

    @Test
    void negativeControlTheMomentChecksCanFail() {
        float[] z = new float[200_000];
        Normals.fill(z, 0, z.length, 5);
        double sq = 0;
        for (float x : z) sq += 1.1 * x * 1.1 * x;   // a 10% wrong scale must be visible at this size
        assertTrue(Math.abs(sq / z.length - 1) > 0.1, "the variance check could not see a 10% scale error");
    }

    @Test
    void rejectsRangesThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> Normals.fill(new float[4], 1, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> Normals.fill(new float[4], 0, -1, 0));
    }
}
