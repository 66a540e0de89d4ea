package iwae4j.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.util.Pair;
import iwae4j.models.Scorer;
import iwae4j.models.TrainedModel;
import iwae4j.models.io.ModelFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A Tribuo anomaly {@link Model} over an iwae4j {@link TrainedModel}: {@link #predict} gives an {@link Event} whose score
 * is the anomaly score −log p(x) by L_k (higher is stranger) and whose type is {@code ANOMALOUS} above the threshold
 * the trainer chose. Saves and loads as Tribuo models do: Java serialization, and Tribuo's protobuf route
 * ({@link #serialize}, {@link Model#deserialize}) with the model file's bytes inside. Thread-safe.
 */
public final class IwaeAnomalyModel extends Model<Event> {
    private static final long serialVersionUID = 1L;
    /** The protobuf form's version. */
    public static final int CURRENT_VERSION = 0;

    /** The iwae4j model file's bytes: what Java serialization and the protobuf form carry. */
    private final byte[] modelFile;
    private final double threshold;
    private final int scoringK;
    private final long scoringSeed;
    private transient volatile Scorer scorer;

    IwaeAnomalyModel(String name, ModelProvenance provenance, ImmutableFeatureMap features, ImmutableOutputInfo<Event> outputs,
                     TrainedModel trained, double threshold, int scoringK, long scoringSeed) {
        this(name, provenance, features, outputs, ModelFile.toBytes(trained), threshold, scoringK, scoringSeed);
        this.scorer = trained.scorer(scoringK, scoringSeed);
    }

    private IwaeAnomalyModel(String name, ModelProvenance provenance, ImmutableFeatureMap features, ImmutableOutputInfo<Event> outputs,
                             byte[] modelFile, double threshold, int scoringK, long scoringSeed) {
        super(name, provenance, features, outputs, false);
        this.modelFile = modelFile;
        this.threshold = threshold;
        this.scoringK = scoringK;
        this.scoringSeed = scoringSeed;
    }

    /** The anomaly score above which an example is {@code ANOMALOUS}. */
    public double threshold() {
        return threshold;
    }

    /** The iwae4j model inside (for scoring by the library's own API, or saving as an iwae4j model file). */
    public TrainedModel trainedModel() {
        return scorer().trainedModel();
    }

    private Scorer scorer() {
        Scorer s = scorer;
        if (s == null) {
            try {
                s = ModelFile.load(new ByteArrayInputStream(modelFile), name).scorer(scoringK, scoringSeed);
            } catch (IOException e) {
                throw new UncheckedIOException(name + ": the model inside cannot be read: " + e.getMessage(), e);
            }
            scorer = s;
        }
        return s;
    }

    @Override
    public Prediction<Event> predict(Example<Event> example) {
        int used = 0;
        for (Feature f : example) if (featureIDMap.getID(f.getName()) >= 0) used++;
        if (used == 0) throw new IllegalArgumentException("example has no feature this model knows: " + example);
        double score = scorer().anomalyScore(new float[][] {IwaeAnomalyTrainer.row(example, featureIDMap)})[0];
        Event.EventType type = score > threshold ? Event.EventType.ANOMALOUS : Event.EventType.EXPECTED;
        return new Prediction<>(new Event(type, score), used, example);
    }

    /** A density model ranks no features globally: empty. */
    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return Collections.emptyMap();
    }

    @Override
    public Optional<Excuse<Event>> getExcuse(Example<Event> example) {
        return Optional.empty();
    }

    @Override
    protected IwaeAnomalyModel copy(String newName, ModelProvenance newProvenance) {
        return new IwaeAnomalyModel(newName, newProvenance, featureIDMap, outputIDInfo, modelFile.clone(), threshold, scoringK, scoringSeed);
    }

    /**
     * Tribuo's protobuf form: the class name, {@link #CURRENT_VERSION}, and as data a {@code BytesValue} holding Tribuo's
     * model data (name, provenance, feature and output domains) and this model's own (threshold, k, seed, the model
     * file), each length-prefixed. Tribuo's protobuf schema has no message for a third party's model, so the own part is
     * bytes rather than a message of its own.
     */
    @Override
    public ModelProto serialize() {
        byte[] carrier = createDataCarrier().serialize().toByteArray();
        ByteBuffer b = ByteBuffer.allocate(4 + carrier.length + 8 + 4 + 8 + 4 + modelFile.length);
        b.putInt(carrier.length).put(carrier).putDouble(threshold).putInt(scoringK).putLong(scoringSeed).putInt(modelFile.length).put(modelFile);
        return ModelProto.newBuilder().setVersion(CURRENT_VERSION).setClassName(IwaeAnomalyModel.class.getName())
                .setSerializedData(Any.pack(BytesValue.of(ByteString.copyFrom(b.array())))).build();
    }

    /** The inverse of {@link #serialize}, found by Tribuo's {@link Model#deserialize} through its name. */
    @SuppressWarnings("unchecked")
    public static IwaeAnomalyModel deserializeFromProto(int version, String className, Any message) throws InvalidProtocolBufferException {
        if (version < 0 || version > CURRENT_VERSION) throw new IllegalArgumentException("unknown version " + version + ", expected <= " + CURRENT_VERSION);
        if (!IwaeAnomalyModel.class.getName().equals(className)) throw new IllegalArgumentException("not an " + IwaeAnomalyModel.class.getName() + ": " + className);
        ByteBuffer b = ByteBuffer.wrap(message.unpack(BytesValue.class).getValue().toByteArray());
        try {
            byte[] carrierBytes = new byte[b.getInt()];
            b.get(carrierBytes);
            ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(ModelDataProto.parseFrom(carrierBytes));
            double threshold = b.getDouble();
            int k = b.getInt();
            long seed = b.getLong();
            byte[] file = new byte[b.getInt()];
            b.get(file);
            if (b.hasRemaining()) throw new IllegalArgumentException("iwae4j model data: " + b.remaining() + " bytes too many");
            return new IwaeAnomalyModel(carrier.name(), carrier.provenance(), carrier.featureDomain(), (ImmutableOutputInfo<Event>) carrier.outputDomain(),
                    file, threshold, k, seed);
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("iwae4j model data is truncated", e);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (modelFile == null) throw new java.io.InvalidObjectException("no model file inside");
    }
}
