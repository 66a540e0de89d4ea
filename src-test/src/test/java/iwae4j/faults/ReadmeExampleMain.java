package iwae4j.faults;

import iwae4j.e2e.ReadmeExample;
import iwae4j.tensor.Vectorization;

/** Runs the README's library example and prints its L_5000's exact bits and which kernels ran. */
public final class ReadmeExampleMain {
    private ReadmeExampleMain() {
    }

    public static void main(String[] args) {
        double l = ReadmeExample.run();
        System.out.println("vectorized=" + Vectorization.enabled() + " bits=" + Long.toHexString(Double.doubleToRawLongBits(l)) + " value=" + l);
    }
}
