package iwae4j.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.FitOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.evaluation.AnomalyEvaluation;
import org.tribuo.anomaly.evaluation.AnomalyEvaluator;
import org.tribuo.anomaly.example.GaussianAnomalyDataSource;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyTrainer;
import org.tribuo.anomaly.libsvm.SVMAnomalyType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * iwae4j as a Tribuo anomaly trainer beside Tribuo's one-class SVM, each evaluated by Tribuo's own AnomalyEvaluator
 * (precision, recall, F1 at its threshold) and by the AUROC of its scores; and the model saved and loaded as Tribuo
 * models are, scoring to the same bits.
 */
class TribuoAnomalyTest {
    private static final AnomalyFactory FACTORY = new AnomalyFactory();

    /** AUROC of scores where higher means more anomalous (Mann–Whitney, ties count one half). */
    static double auroc(List<Prediction<Event>> predictions, boolean higherIsNormal) {
        List<Double> anomalous = new ArrayList<>(), normal = new ArrayList<>();
        for (Prediction<Event> p : predictions) {
            double s = higherIsNormal ? -p.getOutput().getScore() : p.getOutput().getScore();
            (p.getExample().getOutput().getType() == Event.EventType.ANOMALOUS ? anomalous : normal).add(s);
        }
        double wins = 0;
        for (double a : anomalous) for (double n : normal) wins += a > n ? 1 : a == n ? 0.5 : 0;
        return wins / ((double) anomalous.size() * normal.size());
    }

    private static LibSVMAnomalyTrainer oneClassSvm(double gamma) {
        SVMParameters<Event> p = new SVMParameters<>(new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS), KernelType.RBF);
        p.setGamma(gamma);
        p.setNu(0.1);
        return new LibSVMAnomalyTrainer(p);
    }

    private static String report(String name, Model<Event> model, Dataset<Event> test, boolean higherIsNormal) {
        AnomalyEvaluation e = new AnomalyEvaluator().evaluate(model, test);
        double auc = auroc(model.predict(test), higherIsNormal);
        return String.format(java.util.Locale.ROOT, "%-8s AUROC %.4f  F1 %.3f  precision %.3f  recall %.3f", name, auc, e.getF1(), e.getPrecision(), e.getRecall());
    }

    @Test
    void onTribuosGaussianDataIwae4jRanksAnomaliesAsWellAsTheOneClassSvm() {
        Dataset<Event> train = new MutableDataset<>(new GaussianAnomalyDataSource(800, 0.0f, 1));
        Dataset<Event> test = new MutableDataset<>(new GaussianAnomalyDataSource(400, 0.2f, 2));
        IwaeAnomalyTrainer trainer = new IwaeAnomalyTrainer(FitOptions.defaults().withEpochs(3e-3, 60).withHidden(16).withLatent(2), 200, 0.95);
        Model<Event> iwae = trainer.train(train);
        Model<Event> svm = oneClassSvm(1.0).train(train);
        String a = report("iwae4j", iwae, test, false), b = report("libsvm", svm, test, true);
        System.out.println("Tribuo GaussianAnomalyDataSource (800 normal to train; 400 to test, 20 % anomalous):\n  " + a + "\n  " + b);
        double ours = auroc(iwae.predict(test), false), theirs = auroc(svm.predict(test), true);
        assertTrue(ours > 0.9, "iwae4j's AUROC " + ours);
        assertTrue(ours >= theirs - 0.02, "iwae4j " + ours + " against the one-class SVM's " + theirs);
        assertEquals(1, trainer.getInvocationCount());
    }

    /** The breastw table's rows as Tribuo examples: 70 % of the benign rows (seeded) to train, the rest and every malignant one to test. */
    private static List<List<Example<Event>>> breastw(long seed) throws IOException {
        List<String> lines;
        try (InputStream in = TribuoAnomalyTest.class.getResourceAsStream("/iwae4j/tribuo/breastw.csv")) {
            lines = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        String[] header = lines.get(0).split(",");
        String[] names = java.util.Arrays.copyOf(header, header.length - 1);
        List<Example<Event>> normal = new ArrayList<>(), anomalous = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split(",");
            double[] v = new double[names.length];
            for (int j = 0; j < v.length; j++) v[j] = Double.parseDouble(f[j]);
            boolean anomaly = f[names.length].equals("1");
            (anomaly ? anomalous : normal).add(new ArrayExample<>(anomaly ? AnomalyFactory.ANOMALOUS_EVENT : AnomalyFactory.EXPECTED_EVENT, names, v));
        }
        java.util.Collections.shuffle(normal, new java.util.Random(seed));
        int cut = (int) Math.round(0.7 * normal.size());
        List<Example<Event>> test = new ArrayList<>(normal.subList(cut, normal.size()));
        test.addAll(anomalous);
        return List.of(new ArrayList<>(normal.subList(0, cut)), test);
    }

    /**
     * Five seeded splits (the anomaly benchmark's protocol: 70 % of the benign rows to train), iwae4j at the library's
     * defaults with the split's seed, the one-class SVM with scikit-learn's gamma = "scale" and nu = 0.1. The means are
     * printed for the comparison; the test holds iwae4j to ranking well (mean AUROC above 0.97), not to a tie chosen after
     * the fact.
     */
    @Test
    void onTheRealBreastwTableBothAreComparedOverFiveSplits() throws IOException {
        double oursSum = 0, theirsSum = 0;
        StringBuilder lines = new StringBuilder();
        for (long seed = 1; seed <= 5; seed++) {
            List<List<Example<Event>>> split = breastw(seed);
            Dataset<Event> train = new MutableDataset<>(split.get(0), new SimpleDataSourceProvenance("breastw train", OffsetDateTime.now(), FACTORY), FACTORY);
            Dataset<Event> test = new MutableDataset<>(split.get(1), new SimpleDataSourceProvenance("breastw test", OffsetDateTime.now(), FACTORY), FACTORY);
            // scikit-learn's gamma = "scale": 1 / (features × the variance of every training value)
            double sum = 0, sq = 0;
            long n = 0;
            for (Example<Event> ex : train) for (org.tribuo.Feature f : ex) { sum += f.getValue(); sq += f.getValue() * f.getValue(); n++; }
            double var = sq / n - (sum / n) * (sum / n), gamma = 1 / (9 * var);
            Model<Event> iwae = new IwaeAnomalyTrainer(FitOptions.defaults().withSeed(seed), 1000, 0.99).train(train);
            Model<Event> svm = oneClassSvm(gamma).train(train);
            oursSum += auroc(iwae.predict(test), false);
            theirsSum += auroc(svm.predict(test), true);
            lines.append(String.format(java.util.Locale.ROOT, "  seed %d (%d benign rows to train, %d to test):%n    %s%n    %s (RBF, gamma %.4f, nu 0.1)%n",
                    seed, train.size(), test.size(), report("iwae4j", iwae, test, false), report("libsvm", svm, test, true), gamma));
        }
        System.out.printf(java.util.Locale.ROOT, "breastw, five splits:%n%s  mean AUROC: iwae4j %.4f, one-class SVM %.4f%n", lines, oursSum / 5, theirsSum / 5);
        assertTrue(oursSum / 5 > 0.97, "iwae4j's mean AUROC " + oursSum / 5);
    }

    @Test
    void aSavedAndLoadedModelScoresToTheSameBitsByJavaSerializationAndProtobuf(@TempDir Path dir) throws Exception {
        Dataset<Event> train = new MutableDataset<>(new GaussianAnomalyDataSource(300, 0.0f, 3));
        Dataset<Event> test = new MutableDataset<>(new GaussianAnomalyDataSource(100, 0.2f, 4));
        Model<Event> model = new IwaeAnomalyTrainer(FitOptions.defaults().withEpochs(3e-3, 10).withHidden(8).withLatent(1), 100, 0.9).train(train);

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
            out.writeObject(model);
        }
        Model<?> viaJava;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buf.toByteArray()))) {
            viaJava = (Model<?>) in.readObject();
        }
        Path file = dir.resolve("model.tribuo");
        model.serializeToFile(file);
        Model<?> viaProto = Model.deserializeFromFile(file);

        List<Prediction<Event>> want = model.predict(test);
        for (Model<?> back : List.of(viaJava, viaProto)) {
            List<Prediction<Event>> got = back.castModel(Event.class).predict(test);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(Double.doubleToLongBits(want.get(i).getOutput().getScore()), Double.doubleToLongBits(got.get(i).getOutput().getScore()), "example " + i);
                assertEquals(want.get(i).getOutput().getType(), got.get(i).getOutput().getType());
            }
            assertEquals(model.getProvenance(), back.getProvenance(), "the provenance comes back");
        }
    }

    @Test
    void provenanceRecordsEveryConfiguredFieldAndBadSettingsAreNamed() {
        IwaeAnomalyTrainer trainer = new IwaeAnomalyTrainer(FitOptions.defaults().withLatent(3).withK(7).withSeed(42), 300, 0.97);
        var prov = trainer.getProvenance().getConfiguredParameters();
        for (String field : List.of("latent", "hidden", "k", "epochs", "learningRate", "validationFraction", "patience", "scoringK", "thresholdQuantile", "seed")) {
            assertTrue(prov.containsKey(field), "provenance lacks " + field + ": " + prov.keySet());
        }
        assertEquals("3", prov.get("latent").toString());
        assertEquals("42", prov.get("seed").toString());
        assertEquals("thresholdQuantile must be in [0, 1], got 2.0",
                assertThrows(IllegalArgumentException.class, () -> new IwaeAnomalyTrainer(FitOptions.defaults(), 100, 2)).getMessage());
    }
}
