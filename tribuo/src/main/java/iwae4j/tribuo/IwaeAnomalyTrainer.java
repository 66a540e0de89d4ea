package iwae4j.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import iwae4j.models.Fit;
import iwae4j.models.FitOptions;
import iwae4j.models.Schedule;
import iwae4j.models.Table;
import iwae4j.models.TrainedModel;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

/**
 * A Tribuo anomaly-detection {@link Trainer}: fits an IWAE density model to a dataset's examples (presumed normal, as
 * for Tribuo's other anomaly trainers) and returns an {@link IwaeAnomalyModel} whose predictions carry the anomaly
 * score −log p(x) (L_k) and are {@code ANOMALOUS} above a threshold, the {@link #thresholdQuantile} of the training
 * examples' scores. Features are columns by name (Tribuo's feature map); a feature absent from a sparse example is 0,
 * as Tribuo defines it. Every setting is an OLCUT {@code @Config} field, so Tribuo's provenance records it and
 * configuration files can set it; a train call's seed is {@link #seed} plus the invocation count, so successive calls
 * differ and a provenance reproduces each.
 */
public final class IwaeAnomalyTrainer implements Trainer<Event> {
    @Config(description = "Size of the stochastic (latent) layer.")
    private int latent = 4;
    @Config(description = "Hidden layer sizes of the encoder (the decoder mirrors them).")
    private int[] hidden = {32, 32};
    @Config(description = "Importance samples per example in training.")
    private int k = 20;
    @Config(description = "Most passes over the training examples (early stopping may end sooner).")
    private int epochs = 500;
    @Config(description = "Adam's learning rate.")
    private double learningRate = 1e-3;
    @Config(description = "Share of the examples held out to validate each pass (0: none, no early stopping).")
    private double validationFraction = 0.1;
    @Config(description = "Passes without a better validation bound before stopping (0: never).")
    private int patience = 50;
    @Config(description = "Samples of L_k per example when scoring.")
    private int scoringK = 1000;
    @Config(description = "Share of the training examples whose score stays at or below the threshold.")
    private double thresholdQuantile = 0.99;
    @Config(description = "The seed of the split, the initial parameters and the noise.")
    private long seed = 1;

    private int invocationCount = 0;

    /** For OLCUT's configuration system: the defaults, changed by configuration. */
    public IwaeAnomalyTrainer() {
    }

    /**
     * @param options           the fit's settings (latent, hidden, k, schedule as a constant rate, validation share,
     *                          patience and seed are taken; the others keep the library's defaults)
     * @param scoringK          samples of L_k per example when scoring
     * @param thresholdQuantile share of the training examples scored as expected
     */
    public IwaeAnomalyTrainer(FitOptions options, int scoringK, double thresholdQuantile) {
        this.latent = options.latent();
        this.hidden = options.hidden();
        this.k = options.k();
        this.epochs = (int) options.schedule().totalEpochs();
        this.learningRate = options.schedule().learningRate(0);
        this.validationFraction = options.validationFraction();
        this.patience = options.patience();
        this.seed = options.seed();
        this.scoringK = scoringK;
        this.thresholdQuantile = thresholdQuantile;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (scoringK < 1) throw new IllegalArgumentException("scoringK must be >= 1, got " + scoringK);
        if (!(thresholdQuantile >= 0 && thresholdQuantile <= 1)) {
            throw new IllegalArgumentException("thresholdQuantile must be in [0, 1], got " + thresholdQuantile);
        }
        options(seed);   // the fit's own checks, now rather than at train time
    }

    /** The library's options for a train call with this seed. */
    FitOptions options(long callSeed) {
        return FitOptions.defaults().withLatent(latent).withHidden(hidden).withK(k).withSchedule(Schedule.constant(learningRate, epochs))
                .withValidationFraction(validationFraction).withPatience(patience).withSeed(callSeed);
    }

    @Override
    public Model<Event> train(Dataset<Event> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public synchronized Model<Event> train(Dataset<Event> examples, Map<String, Provenance> runProvenance, int invocationCount) {
        if (examples == null) throw new IllegalArgumentException("examples must not be null");
        if (invocationCount != INCREMENT_INVOCATION_COUNT) setInvocationCount(invocationCount);
        TrainerProvenance trainerProvenance = getProvenance();   // records the count this call uses
        long callSeed = seed + this.invocationCount;
        this.invocationCount++;
        ImmutableFeatureMap features = examples.getFeatureIDMap();
        Table table = table(examples, features);
        TrainedModel trained = Fit.run(table, options(callSeed));
        double threshold = trained.scorer(scoringK, seed).threshold(table, thresholdQuantile);
        ModelProvenance provenance = new ModelProvenance(IwaeAnomalyModel.class.getName(), OffsetDateTime.now(), examples.getProvenance(),
                trainerProvenance, runProvenance);
        return new IwaeAnomalyModel("iwae-anomaly", provenance, features, examples.getOutputIDInfo(), trained, threshold, scoringK, seed);
    }

    /** The examples as a table, one column per feature of the map in id order; an absent feature is 0. */
    static Table table(Iterable<Example<Event>> examples, ImmutableFeatureMap features) {
        int d = features.size();
        if (d == 0) throw new IllegalArgumentException("examples: the dataset has no features");
        List<String> names = new ArrayList<>(d);
        for (int id = 0; id < d; id++) names.add(features.get(id).getName());
        List<float[]> rows = new ArrayList<>();
        for (Example<Event> ex : examples) rows.add(row(ex, features));
        float[] values = new float[rows.size() * d];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, values, i * d, d);
        return new Table(values, d, names);
    }

    /** One example as the model's row: each known feature at its id, 0 elsewhere; unknown features are ignored. */
    static float[] row(Example<Event> ex, ImmutableFeatureMap features) {
        float[] row = new float[features.size()];
        for (Feature f : ex) {
            int id = features.getID(f.getName());
            if (id >= 0) row[id] = (float) f.getValue();
        }
        return row;
    }

    @Override
    public int getInvocationCount() {
        return invocationCount;
    }

    @Override
    public synchronized void setInvocationCount(int count) {
        if (count < 0) throw new IllegalArgumentException("the invocation count must be >= 0, got " + count);
        invocationCount = count;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "IwaeAnomalyTrainer(latent=" + latent + ",hidden=" + java.util.Arrays.toString(hidden) + ",k=" + k + ",epochs=" + epochs
                + ",learningRate=" + learningRate + ",seed=" + seed + ",thresholdQuantile=" + thresholdQuantile + ")";
    }
}
