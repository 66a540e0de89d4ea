package iwae4j.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import iwae4j.models.Dataset;
import iwae4j.models.Evaluator;
import iwae4j.models.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One trained model evaluated from 8 threads at once gives every example the value one thread gives it. */
class ConcurrentEvaluationTest {
    @Test
    void eightThreadsAtOnceGiveEachExampleTheSingleThreadValue() throws Exception {
        Trainer t = TrainingChild.fresh();
        t.train(2, null);
        Dataset test = TrainingChild.data().first(37);
        double[] alone = new Evaluator(200).logLikelihood(t.model(), test, 60, 9).perExample;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<double[]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return new Evaluator(200).logLikelihood(t.model(), test, 60, 9).perExample;
                }));
            }
            start.countDown();
            for (int i = 0; i < results.size(); i++) assertArrayEquals(alone, results.get(i).get(), "thread " + i);
        } finally {
            pool.shutdownNow();
        }
    }
}
