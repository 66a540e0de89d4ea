package iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fit} and {@code score} as a user meets them: created folders, wrong files, columns in another order. */
class OwnDataTest {
    private static final String[] SET = {"exp", "data", "model", "model.out", "out", "epochs", "header", "k", "hidden", "latent", "binary",
        "impute.draws", "missing", "point.mass",
        "score.data", "score.out", "score.k", "score.seed", "seed"};

    @AfterEach
    void clear() {
        for (String p : SET) System.clearProperty(p);
    }

    /** Runs Main with the settings, returning stderr (stdout is left alone). */
    static String run(String... kv) throws Exception {
        for (int i = 0; i < kv.length; i += 2) System.setProperty(kv[i], kv[i + 1]);
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run());
        } finally {
            System.setErr(saved);
            for (int i = 0; i < kv.length; i += 2) System.clearProperty(kv[i]);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Two columns on very different scales (a ≈ 100 ± 1, b ≈ 0 ± 0.01), headerless when {@code swap}, else with a header. */
    private static Path table(Path dir, String name, int rows, long seed, boolean swap) throws Exception {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder(swap ? "" : "a,b\n");
        for (int i = 0; i < rows; i++) {
            double a = 100 + r.nextGaussian(), b = 0.01 * r.nextGaussian();
            s.append(swap ? b : a).append(',').append(swap ? a : b).append('\n');
        }
        return Files.writeString(dir.resolve(name), s.toString());
    }

    @Test
    void scoringWarnsWhenColumnsLieFarOutsideTrainingAndCreatesTheOutputFolder(@TempDir Path tmp) throws Exception {
        Path train = table(tmp, "train.csv", 300, 1, false), same = table(tmp, "same.csv", 50, 2, false);
        Path swapped = table(tmp, "swapped.csv", 50, 3, true), model = tmp.resolve("m.safetensors");
        run("exp", "fit", "data", train.toString(), "model.out", model.toString(), "epochs", "3", "hidden", "8", "latent", "1");

        String err = run("exp", "score", "model", model.toString(), "data", same.toString(), "out", tmp.resolve("new/dir/s.csv").toString(), "k", "10");
        assertTrue(err.contains("created the output folder " + tmp.resolve("new/dir").toAbsolutePath()), err);
        assertFalse(err.contains("warning: column"), err);
        assertTrue(Files.readAllLines(tmp.resolve("new/dir/s.csv")).size() == 51);

        err = run("exp", "score", "model", model.toString(), "data", swapped.toString(), "header", "false", "out", tmp.resolve("s2.csv").toString(), "k", "10");
        assertTrue(err.contains("warning: column 'a': 100% of rows lie more than 6 training standard deviations"), err);
        assertTrue(err.contains("warning: column 'b': 100% of rows"), err);
        assertFalse(err.contains("created the output folder"), err);
    }

    @Test
    void aFileThatIsNotAModelIsNamedSo(@TempDir Path tmp) throws Exception {
        Path csv = table(tmp, "rows.csv", 5, 1, false);
        System.setProperty("exp", "score");
        System.setProperty("model", csv.toString());
        System.setProperty("data", csv.toString());
        System.setProperty("out", tmp.resolve("s.csv").toString());
        java.io.IOException e = assertThrows(iwae4j.models.io.CorruptFileException.class, Main::run);
        String want = csv + ": not a safetensors file (an iwae4j model file or checkpoint); it starts with \"a,b\\x0A1";
        assertTrue(e.getMessage().startsWith(want), e.getMessage());
    }

    /**
     * Rows with missing cells (empty, NA, ?) and a yes/no column as 0/1: fit trains on them (Bernoulli for the 0/1
     * column, the mask beside the encoder's input), score gives each row's observed-cell count, impute fills every
     * missing cell (0 or 1 in the binary column) and writes m imputations per row with -Dimpute.draws.
     */
    @Test
    void rowsWithMissingCellsFitScoreAndImpute(@TempDir Path tmp) throws Exception {
        Random r = new Random(4);
        StringBuilder s = new StringBuilder("a,b,yes\n");
        int missing = 0;
        for (int i = 0; i < 200; i++) {
            double a = r.nextGaussian();
            String[] cells = {Double.toString(a), Double.toString(2 * a + 0.1 * r.nextGaussian()), a > 0 ? "1" : "0"};
            for (int j = 0; j < 3; j++) {
                boolean lastOfAllMissing = j == 2 && cells[0].matches("|NA|\\?") && cells[1].matches("|NA|\\?");
                if (r.nextDouble() < 0.15 && !lastOfAllMissing) {   // a row with nothing observed cannot be scored
                    cells[j] = new String[] {"", "NA", "?"}[missing++ % 3];
                }
            }
            s.append(String.join(",", cells)).append('\n');
        }
        Path data = Files.writeString(tmp.resolve("holes.csv"), s.toString()), model = tmp.resolve("m.safetensors");
        String err = run("exp", "fit", "data", data.toString(), "model.out", model.toString(), "epochs", "5", "hidden", "8", "latent", "1",
                "binary", "auto");
        assertTrue(err.contains("fit: 1 binary column(s) get a Bernoulli likelihood: yes"), err);
        assertTrue(err.contains("fit: " + missing + " missing cells"), err);

        // a row with nothing observed is a named error (rows counted from 1), not a score
        Path empty = Files.writeString(tmp.resolve("empty-row.csv"), "a,b,yes\n1,2,1\n,NA,?\n");
        System.setProperty("exp", "score");
        System.setProperty("model", model.toString());
        System.setProperty("data", empty.toString());
        System.setProperty("out", tmp.resolve("never.csv").toString());
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class, Main::run);
        assertTrue(nothing.getMessage().startsWith(empty + ": row 2 has no observed value"), nothing.getMessage());
        clear();

        Path scores = tmp.resolve("s.csv");
        err = run("exp", "score", "model", model.toString(), "data", data.toString(), "out", scores.toString(), "k", "20");
        assertTrue(err.contains("rows have missing cells"), err);
        java.util.List<String> lines = Files.readAllLines(scores);
        assertEquals("row,log_likelihood,anomaly_score,effective_sample_size,observed_cells", lines.get(0));
        int cells = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertTrue(Double.isFinite(Double.parseDouble(f[1])), line);
            cells += Integer.parseInt(f[4]);
        }
        assertEquals(600 - missing, cells, "observed cells per row add up to the file's");

        Path filled = tmp.resolve("filled.csv");
        run("exp", "impute", "model", model.toString(), "data", data.toString(), "out", filled.toString(), "k", "50");
        lines = Files.readAllLines(filled);
        assertEquals("a,b,yes", lines.get(0));
        assertEquals(201, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals(3, f.length, line);
            for (String v : f) assertTrue(Double.isFinite(Double.parseDouble(v)), line);
            assertTrue(f[2].equals("0") || f[2].equals("1"), "a binary cell is 0 or 1: " + line);
        }

        Path draws = tmp.resolve("draws.csv");
        run("exp", "impute", "model", model.toString(), "data", data.toString(), "out", draws.toString(), "k", "50", "impute.draws", "3");
        lines = Files.readAllLines(draws);
        assertEquals("imputation,row,a,b,yes", lines.get(0));
        assertEquals(1 + 3 * 200, lines.size());
        assertTrue(lines.get(3).startsWith("3,1,") && lines.get(4).startsWith("1,2,"), lines.get(3) + " / " + lines.get(4));

        // a binary column named by the user must hold only 0 and 1
        System.setProperty("exp", "fit");
        System.setProperty("data", data.toString());
        System.setProperty("model.out", model.toString());
        System.setProperty("binary", "a");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Main::run);
        assertTrue(e.getMessage().startsWith("-Dbinary: column 'a' has the value"), e.getMessage());
    }

    @Test
    void rowsWhoseBoundRestsOnAFewSamplesAreCounted() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            OwnData.warnIfFewEffectiveSamples(new double[] {812.5, 4.99, 1.0, 5.0, 250}, 1000);
            OwnData.warnIfFewEffectiveSamples(new double[] {5.0, 900}, 1000);
        } finally {
            System.setErr(saved);
        }
        String out = err.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("warning: 2 of 5 rows have an effective sample size below 5"), out);
        assertEquals(1, out.lines().count(), "no warning when every row has 5 or more: " + out);
    }

    /**
     * A column that is 0 in 40 % of the rows: fit names the point mass, score reads the table as given (two columns
     * for a three-input model), impute fills a missing cell of that column, and -Dpoint.mass=0 turns the rule off.
     */
    @Test
    void aColumnWithAPointMassIsNamedByFitAndScoredAndFilledAsGiven(@TempDir Path tmp) throws Exception {
        Random r = new Random(6);
        StringBuilder s = new StringBuilder("dose,level\n");
        for (int i = 0; i < 200; i++) {
            double a = r.nextGaussian();
            s.append(i % 5 < 2 ? "0" : Double.toString(1 + Math.abs(a))).append(',').append(a).append('\n');
        }
        s.append(",0.5\n");
        Path data = Files.writeString(tmp.resolve("spike.csv"), s.toString()), model = tmp.resolve("m.safetensors");
        String err = run("exp", "fit", "data", data.toString(), "model.out", model.toString(), "epochs", "5", "hidden", "8", "latent", "1");
        assertTrue(err.contains("fit: 1 column(s) hold one value in 10% or more of the training rows, modelled as a point mass"
                + " beside the Gaussian (-Dpoint.mass=0 for none): dose = 0.0"), err);
        Path scores = tmp.resolve("s.csv");
        run("exp", "score", "model", model.toString(), "data", data.toString(), "out", scores.toString(), "k", "20");
        java.util.List<String> lines = Files.readAllLines(scores);
        assertEquals(202, lines.size());
        for (String line : lines.subList(1, lines.size())) assertTrue(Double.isFinite(Double.parseDouble(line.split(",")[1])), line);
        Path filled = tmp.resolve("filled.csv");
        run("exp", "impute", "model", model.toString(), "data", data.toString(), "out", filled.toString(), "k", "50");
        lines = Files.readAllLines(filled);
        assertEquals("dose,level", lines.get(0));
        String[] last = lines.get(201).split(",");
        assertEquals(2, last.length);
        assertTrue(Double.parseDouble(last[0]) >= 0, "the missing dose is filled from the mixture of 0 and its Gaussian: " + lines.get(201));
        err = run("exp", "fit", "data", data.toString(), "model.out", model.toString(), "epochs", "2", "hidden", "8", "latent", "1", "point.mass", "0");
        assertFalse(err.contains("point mass"), err);
    }

    @Test
    void smallScoringJobsAreThoseBelowTheBreakEvenOfTheVectorKernelsWarmUp() {
        // the README's default tabular model on one column: 2,666 parameters (1·32+32, 32·32+32, 32·8+8; 4·32+32, 32·32+32, 32·2+2)
        iwae4j.models.Model one = new iwae4j.models.Model(new iwae4j.models.ModelSpec(1, new int[] {4}, new int[][] {{32, 32}},
                iwae4j.models.Likelihood.GAUSSIAN), 1);
        long params = one.parameters().stream().mapToLong(p -> p.size()).sum();
        assertEquals(2_666, params);
        assertTrue(OwnData.smallJob(400, 1000, one));        // measured: plain Java 0.8 s, Vector API 2.6 s
        assertFalse(OwnData.smallJob(4_000, 1000, one));     // measured: plain Java 3.9 s, Vector API 3.3 s
        assertTrue(OwnData.smallJob(4_000, 100, one));
    }

    /**
     * Rows keep their other columns: score writes an id column through beside the scores, impute writes every column of
     * the input back in its place (a label before the features included), both reading the features by name.
     */
    @Test
    void scoreAndImputePassTheInputsOtherColumnsThrough(@TempDir Path tmp) throws Exception {
        Random r = new Random(6);
        StringBuilder train = new StringBuilder("a,b,c\n"), fresh = new StringBuilder("label,c,id,a,b\n");
        for (int i = 0; i < 150; i++) {
            double t = r.nextGaussian();
            train.append(t).append(',').append(2 * t + 0.1 * r.nextGaussian()).append(',').append(r.nextGaussian()).append('\n');
        }
        for (int i = 0; i < 6; i++) {
            double t = r.nextGaussian();
            fresh.append(i % 2 == 0 ? "normal" : "\"odd, one\"").append(',').append(i == 3 ? "NA" : Double.toString(r.nextGaussian())).append(',')
                    .append(100 + i).append(',').append(t).append(',').append(2 * t).append('\n');
        }
        Path trainFile = Files.writeString(tmp.resolve("train.csv"), train.toString()), freshFile = Files.writeString(tmp.resolve("fresh.csv"), fresh.toString());
        Path model = tmp.resolve("m.safetensors");
        run("exp", "fit", "data", trainFile.toString(), "model.out", model.toString(), "epochs", "3", "hidden", "8", "latent", "1");

        Path scores = tmp.resolve("scores.csv");
        run("exp", "score", "model", model.toString(), "data", freshFile.toString(), "out", scores.toString(), "k", "10");
        java.util.List<String> lines = Files.readAllLines(scores);
        assertEquals("row,label,id,log_likelihood,anomaly_score,effective_sample_size,observed_cells", lines.get(0));
        assertTrue(lines.get(1).startsWith("1,normal,100,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("2,\"odd, one\",101,"), lines.get(2));
        assertTrue(lines.get(4).endsWith(",2"), "row 4 misses c: " + lines.get(4));

        Path filled = tmp.resolve("filled.csv");
        run("exp", "impute", "model", model.toString(), "data", freshFile.toString(), "out", filled.toString(), "k", "20");
        lines = Files.readAllLines(filled);
        assertEquals("label,c,id,a,b", lines.get(0));
        assertEquals(7, lines.size());
        assertTrue(lines.get(4).startsWith("\"odd, one\","), lines.get(4));
        String[] f = lines.get(4).substring("\"odd, one\",".length()).split(",");
        assertTrue(Double.isFinite(Double.parseDouble(f[0])), "c filled: " + lines.get(4));
        assertEquals("103", f[1], "the id passes through");
    }

    /** A model file of 0/1 data without a standardizer scores a table (no NullPointerException from the layout check). */
    @Test
    void aBernoulliModelFileWithoutAStandardizerScoresATable(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("b.safetensors");
        iwae4j.models.io.ModelFile.save(model, iwae4j.models.TrainedModel.of(new iwae4j.models.Model(
                iwae4j.models.ModelSpec.parse("input=3;latent=1;hidden=4;likelihood=BERNOULLI"), 1)));
        Path data = Files.writeString(tmp.resolve("bits.csv"), "x0,x1,x2\n0,1,1\n1,0,1\n1,1,1\n");
        Path out = tmp.resolve("s.csv");
        run("exp", "score", "model", model.toString(), "data", data.toString(), "out", out.toString(), "k", "10");
        assertEquals(4, Files.readAllLines(out).size());
    }

    /** -Dmodel.out naming a folder fails at once, before any training, and leaves nothing behind. */
    @Test
    void aModelOutputThatIsAFolderFailsBeforeTraining(@TempDir Path tmp) throws Exception {
        Path train = table(tmp, "train.csv", 100, 1, false), folder = Files.createDirectories(tmp.resolve("models"));
        System.setProperty("exp", "fit");
        System.setProperty("data", train.toString());
        System.setProperty("model.out", folder.toString());
        System.setProperty("epochs", "100000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Main::run);   // 100,000 epochs would not end
        assertEquals(folder + " is a folder; give a file name to write", e.getMessage());
        try (var list = Files.list(tmp)) {
            assertEquals(java.util.Set.of(train, folder), java.util.Set.copyOf(list.toList()), "no temporary file left");
        }
    }

    @Test
    void fitStatesTheDefaultsItChoseForTheTablesSize(@TempDir Path tmp) throws Exception {
        // 5,600 rows leave 5,040 training rows: above the 5,000 up to which the defaults stay as they are
        Path big = table(tmp, "big.csv", 5_600, 3, false), small = table(tmp, "small.csv", 200, 3, false);
        Path model = tmp.resolve("m.safetensors");
        String err = run("exp", "fit", "data", big.toString(), "model.out", model.toString(), "epochs", "1", "hidden", "8", "latent", "1");
        assertTrue(err.contains("; batch 50, 1 epochs at 0.00200, early stopping after 50 epochs without a better validation bound"
                + " (defaults scaled for 5600 rows)"), err);
        iwae4j.models.TrainedModel trained = iwae4j.models.io.ModelFile.load(model);
        assertEquals("scaled for 5600 rows", trained.metadata().get("fit_defaults"));
        assertEquals(50, trained.options().batchSize());
        err = run("exp", "fit", "data", small.toString(), "model.out", model.toString(), "epochs", "2", "hidden", "8", "latent", "1");
        assertTrue(err.contains("; batch 20, 2 epochs at 0.00100, early stopping after 50 epochs"), err);
        assertFalse(err.contains("scaled"), err);
        assertFalse(iwae4j.models.io.ModelFile.load(model).metadata().containsKey("fit_defaults"));
    }

    /** -Dscore.data scores in the fit's process: the file -Dexp=score writes from the saved model, to the byte. */
    @Test
    void fitWithScoreDataWritesTheScoresThatScoreWrites(@TempDir Path tmp) throws Exception {
        Path train = table(tmp, "train.csv", 150, 1, false), test = table(tmp, "test.csv", 40, 2, false);
        Path model = tmp.resolve("m.safetensors"), together = tmp.resolve("together.csv"), apart = tmp.resolve("apart.csv");
        run("exp", "fit", "data", train.toString(), "model.out", model.toString(), "epochs", "3", "hidden", "8", "latent", "1", "seed", "4",
                "score.data", test.toString(), "score.out", together.toString(), "score.k", "50", "score.seed", "7");
        run("exp", "score", "model", model.toString(), "data", test.toString(), "out", apart.toString(), "k", "50", "seed", "7");
        assertEquals(41, Files.readAllLines(together).size());
        assertEquals(Files.readString(apart), Files.readString(together));
        // control: another scoring seed gives other scores, so the equality above is not that of a constant
        run("exp", "score", "model", model.toString(), "data", test.toString(), "out", apart.toString(), "k", "50", "seed", "8");
        assertFalse(Files.readString(apart).equals(Files.readString(together)));
    }

    /** A score setting without -Dscore.data, or a file that is not there, fails before the training. */
    @Test
    void scoreSettingsOfAFitAreCheckedBeforeTraining(@TempDir Path tmp) throws Exception {
        Path train = table(tmp, "train.csv", 100, 1, false);
        System.setProperty("exp", "fit");
        System.setProperty("data", train.toString());
        System.setProperty("model.out", tmp.resolve("m.safetensors").toString());
        System.setProperty("epochs", "100000");   // would not end if the check came after the training
        System.setProperty("score.k", "100");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Main::run);
        assertEquals("-Dscore.out, -Dscore.k and -Dscore.seed need -Dscore.data=FILE (the rows to score after the fit)", e.getMessage());
        System.setProperty("score.data", tmp.resolve("missing.csv").toString());
        e = assertThrows(IllegalArgumentException.class, Main::run);
        assertEquals("-Dscore.data: no such file: " + tmp.resolve("missing.csv"), e.getMessage());
        System.setProperty("score.data", tmp.toString());
        e = assertThrows(IllegalArgumentException.class, Main::run);
        assertEquals("-Dscore.data: " + tmp + " is a folder; give the file to score", e.getMessage());
        // rows whose columns are not the training table's: found when read, before the 100,000 epochs
        Path other = Files.writeString(tmp.resolve("other.csv"), "a,c\n1,2\n3,4\n");
        System.setProperty("score.data", other.toString());
        e = assertThrows(IllegalArgumentException.class, Main::run);
        assertTrue(e.getMessage().startsWith(other + ": no column 'b'"), e.getMessage());
        Path empty = Files.writeString(tmp.resolve("empty-row.csv"), "a,b\n1,2\n,\n");
        System.setProperty("score.data", empty.toString());
        e = assertThrows(IllegalArgumentException.class, Main::run);
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
        Path wide = Files.writeString(tmp.resolve("wide.csv"), "1,2,3\n4,5,6\n");
        System.setProperty("score.data", wide.toString());
        System.setProperty("header", "false");
        System.setProperty("data", table(tmp, "headerless.csv", 100, 1, true).toString());
        e = assertThrows(IllegalArgumentException.class, Main::run);
        assertEquals(wide + " has 3 columns, the model was trained on 2 (choose them with -Dcolumns or -Ddrop)", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("m.safetensors")));
    }
}
