package iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
        return p;
    }

    private static String refused(String exp, String... kv) {
        return assertThrows(IllegalArgumentException.class, () -> Settings.check(exp, props(kv))).getMessage();
    }

    @AfterEach
    void clear() {
        for (String p : new String[] {"exp", "latnet", "header"}) System.clearProperty(p);
    }

    @Test
    void aMisspeltSettingNamesTheClosestOne() {
        assertEquals("-Dlatnet is not a setting of -Dexp=fit; did you mean -Dlatent?", refused("fit", "data", "x.csv", "latnet", "8"));
        assertEquals("-Dpatiense is not a setting of -Dexp=fit; did you mean -Dpatience?", refused("fit", "patiense", "3"));
        assertEquals("-Dstage is not a setting of -Dexp=table1; did you mean -Dstages?", refused("table1", "stage", "8"));
        assertEquals("-Deval.kk is not a setting of -Dexp=mnist; did you mean -Deval.k?", refused("mnist", "eval.kk", "8"));
    }

    @Test
    void anotherExperimentsSettingSaysWhereItBelongs() {
        String m = refused("score", "model", "m.safetensors", "latent", "8");
        assertTrue(m.startsWith("-Dlatent is not a setting of -Dexp=score (it belongs to -Dexp=fit); its settings are "), m);
        assertTrue(m.contains("columns, data, decimal, delimiter, drop, header, k, missing, model, out, seed, skip"), m);
    }

    @Test
    void theJvmsMavensAndOurKernelsPropertiesPass() {
        assertDoesNotThrow(() -> Settings.check("fit", props("java.version", "17", "maven.home", "/m", "user.dir", "/w",
                "iwae4j.threads", "1", "iwae4j.vector", "false", "exp", "fit", "data", "a.csv", "skipTests", "true",
                "style.color", "never", "iwae4j.test.pauseBeforeRenameMillis", "5", "basedir", "/w", "classworlds.conf", "c")));
    }

    @Test
    void everySettingTheCommandLineReadsIsRegisteredUnderSomeExperiment() throws IOException {
        Set<String> read = new TreeSet<>();
        Pattern p = Pattern.compile("(?:Prop|getProperty|need)\\(\"([a-zA-Z0-9.]+)\"");
        for (String f : new String[] {"Main.java", "OwnData.java"}) {
            Matcher m = p.matcher(Files.readString(Path.of("src/main/java/iwae4j/cli", f)));
            while (m.find()) read.add(m.group(1));
        }
        assertTrue(read.size() > 40, "the scan found " + read);
        Set<String> registered = new HashSet<>(Settings.COMMON);
        Settings.BY_EXPERIMENT.values().forEach(registered::addAll);
        read.removeAll(registered);
        assertEquals(Set.of(), read, "read by the command line but not registered in Settings");
    }

    @Test
    void theCheckRunsBeforeAnyWorkAndBooleansAreOnlyTrueOrFalse() {
        System.setProperty("exp", "fit");
        System.setProperty("latnet", "8");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Main::run);
        assertTrue(e.getMessage().contains("did you mean -Dlatent?"), e.getMessage());
        System.clearProperty("latnet");
        for (String v : new String[] {"yes", "no", "1", "ture"}) {
            System.setProperty("header", v);
            e = assertThrows(IllegalArgumentException.class, () -> Main.booleanProp("header", true));
            assertEquals("-Dheader must be true or false, got '" + v + "'", e.getMessage());
        }
        System.setProperty("header", "FALSE");
        assertEquals(false, Main.booleanProp("header", true));
    }

    @Test
    void theDistanceCountsASwapOfNeighboursAsOneEdit() {
        assertEquals(1, Settings.distance("latnet", "latent"));
        assertEquals(2, Settings.distance("ltaent", "latnet"));
        assertEquals(0, Settings.distance("k", "k"));
        assertEquals(3, Settings.distance("", "abc"));
    }
}
