package iwae4j.bench;

import iwae4j.autodiff.Tape;
import java.util.Locale;

/**
 * Counts the subnormal floats in one training step's values and gradients after n of the bench's one-batch
 * steps, for each cell asked: the host-independent side of a step that is slow on one kind of CPU only (Intel
 * cores pay a microcode assist per instruction with a subnormal operand; every result here is bit-identical
 * across hosts, so the count on any host is the count on Intel). Prints
 * {@code census layers=L k=K steps=N elements=E subnormal_values=V subnormal_gradients=G} per point.
 * Usage: {@code SubnormalCensus "1,5 2,5 1,50" "0,1000,3000,6000"}.
 */
public final class SubnormalCensus {
    private SubnormalCensus() {
    }

    public static void main(String[] args) {
        String cells = args.length > 0 ? args[0] : "1,1 1,5 2,5 1,50 2,50";
        String points = args.length > 1 ? args[1] : "0,1000,3000,6000";
        for (String cell : cells.trim().split("\\s+")) {
            String[] lk = cell.split(",");
            TrainStepBench b = new TrainStepBench();
            b.layers = Integer.parseInt(lk[0]);
            b.k = Integer.parseInt(lk[1]);
            b.threads = 1;
            b.setUp();
            long done = 0;
            for (String p : points.split(",")) {
                long target = Long.parseLong(p.trim());
                for (; done < target; done++) b.step();
                b.forwardBackward();
                Tape.Subnormals c = b.tape().subnormals();
                System.out.printf(Locale.ROOT, "census layers=%d k=%d steps=%d elements=%d subnormal_values=%d subnormal_gradients=%d%n",
                        b.layers, b.k, done, c.elements(), c.values(), c.gradients());
            }
        }
    }
}
