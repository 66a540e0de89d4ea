package iwae4j.models;

/**
 * Running sums of importance weights per example, in double, max-subtracted: after adding every log w of an
 * example, L_k = max + log Σ e^(log w − max) − log k and the effective sample size (Σw)²/Σw². Zero weights
 * (log w = −∞) add nothing. Shared by {@link Evaluator} and {@link Scorer}.
 */
final class WeightSums {
    private final double[] max, sum, sumSq;

    WeightSums(int n) {
        max = new double[n];
        sum = new double[n];
        sumSq = new double[n];
    }

    /** Forgets examples [0, b). */
    void reset(int b) {
        java.util.Arrays.fill(max, 0, b, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(sum, 0, b, 0);
        java.util.Arrays.fill(sumSq, 0, b, 0);
    }

    /** Adds one log-weight of example i. */
    void add(int i, double v) {
        if (v == Double.NEGATIVE_INFINITY) return;
        if (v > max[i]) {
            double f = StrictMath.exp(max[i] - v);
            sum[i] = sum[i] * f + 1;
            sumSq[i] = sumSq[i] * f * f + 1;
            max[i] = v;
        } else {
            double e = StrictMath.exp(v - max[i]);
            sum[i] += e;
            sumSq[i] += e * e;
        }
    }

    /** L_k of example i after k log-weights. */
    double logMeanExp(int i, int k) {
        return max[i] + StrictMath.log(sum[i]) - StrictMath.log(k);
    }

    /** (Σw)²/Σw² of example i. */
    double effectiveSampleSize(int i) {
        return sum[i] * sum[i] / sumSq[i];
    }
}
