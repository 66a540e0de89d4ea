package iwae4j.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A graph of user-defined ops (iwae4j.userops.CustomOpTest's softsign and hypot, written against the public API only)
 * replays without allocation, measured as TapeAllocationTest measures the built-ins: in a fresh JVM compiling in the
 * foreground, 100 steps after a warm-up.
 */
class CustomOpAllocationTest {
    @Test
    void replayingAGraphOfUserOpsAllocatesNothingInAFreshJvm() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ChildJvm.command(List.of("-Xmx256m", "-Xbatch"), true, iwae4j.userops.CustomOpTest.class), 300);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().trim().startsWith("allocated 0 "), "bytes allocated by 100 replayed steps: " + r.stdout());
    }
}
