package iwae4j.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headers that claim gigabytes are refused before any large array is made: every reader, in a 32 MB heap. */
class LyingHeaderTest {
    @TempDir
    Path dir;

    @Test
    void everyLyingHeaderIsRefusedByNameInA32MegabyteHeap() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ChildJvm.command(List.of("-Xmx32m"), false, LyingHeaders.class, dir.toString()), 120);
        System.out.print(r.stdout());
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertEquals(10, r.stdout().lines().filter(l -> l.startsWith("refused ")).count(), r.stdout());
        assertTrue(r.stdout().contains("refused idx-gzip-bomb.idx.gz"), r.stdout());
    }
}
