package iwae4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private static Set<String> threadsUsed(int parts) {
        Set<String> names = ConcurrentHashMap.newKeySet();
        Parallel.run(parts, p -> {
            names.add(Thread.currentThread().getName());
            long until = System.nanoTime() + 2_000_000; // long enough that a worker takes its share
            while (System.nanoTime() < until) Thread.onSpinWait();
        });
        return names;
    }

    @Test
    void onCallingThreadKeepsEveryPartOnTheCallerAndOnlyInsideTheCall() throws Exception {
        int saved = Parallel.threads();
        Parallel.setThreads(2);
        try {
            String me = Thread.currentThread().getName();
            Set<String> inside = Parallel.onCallingThread(() -> threadsUsed(8));
            assertEquals(Set.of(me), inside, "inside onCallingThread every part runs on the caller");
            Set<String> nested = Parallel.onCallingThread(() -> Parallel.onCallingThread(() -> threadsUsed(8)));
            assertEquals(Set.of(me), nested);
            assertEquals(1, Parallel.onCallingThread(Parallel::threadsHere), "threadsHere inside onCallingThread");
            if (Runtime.getRuntime().availableProcessors() > 1) {
                // the control: outside it, the worker takes parts again
                assertTrue(threadsUsed(8).size() > 1, "outside onCallingThread the workers must be used again");
                assertEquals(2, Parallel.threadsHere(), "threadsHere outside onCallingThread");
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void onCallingThreadPassesCheckedExceptionsThrough() {
        IOException e = assertThrows(IOException.class, () -> Parallel.onCallingThread(() -> {
            throw new IOException("boom");
        }));
        assertEquals("boom", e.getMessage());
    }

    @Test
    void withThreadsLimitsThisThreadsKernelsTakesTheSmallerLimitWhenNestedAndRestoresItAfter() {
        int saved = Parallel.threads();
        Parallel.setThreads(Math.min(2, Runtime.getRuntime().availableProcessors()));
        try {
            int all = Parallel.threads();
            assertEquals(1, Parallel.withThreads(1, Parallel::threadsHere));
            assertEquals(all, Parallel.withThreads(8, Parallel::threadsHere), "no more than the pool has");
            assertEquals(1, Parallel.withThreads(2, () -> Parallel.withThreads(1, Parallel::threadsHere)), "the inner, smaller limit");
            assertEquals(1, Parallel.withThreads(1, () -> Parallel.withThreads(2, Parallel::threadsHere)), "an inner call cannot raise it");
            assertEquals(Set.of(Thread.currentThread().getName()), Parallel.withThreads(1, () -> threadsUsed(8)));
            assertEquals(all, Parallel.threadsHere(), "restored after the call");
            assertEquals("threads must be >= 1, got 0", assertThrows(IllegalArgumentException.class, () -> Parallel.withThreads(0, () -> 1)).getMessage());
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
