package iwae4j.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import iwae4j.models.FitOptions;
import iwae4j.models.Schedule;
import org.junit.jupiter.api.Test;

/** The estimator's options: the library's defaults for the rows collected, with the parameters that were set. */
class EstimatorOptionsTest {
    @Test
    void unsetEpochsFollowTheTablesSize() {
        IwaeEstimator iwae = new IwaeEstimator().setInputCols("a").setLatent(2).setSeed(7);
        assertEquals(FitOptions.defaults().withLatent(2).withSeed(7), iwae.options(300));
        // 20,000 rows: 18,000 training rows, above the line where the work is bounded
        assertEquals(FitOptions.forRows(20_000).withLatent(2).withSeed(7), iwae.options(20_000));
        assertEquals(50, iwae.options(20_000).batchSize());
    }

    @Test
    void setEpochsRunAtTheSizesRate() {
        IwaeEstimator iwae = new IwaeEstimator().setInputCols("a").setEpochs(8);
        assertEquals(Schedule.constant(1e-3, 8), iwae.options(300).schedule());
        assertEquals(Schedule.constant(2e-3, 8), iwae.options(20_000).schedule());
    }
}
