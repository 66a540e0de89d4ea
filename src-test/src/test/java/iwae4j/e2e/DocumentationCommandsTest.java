package iwae4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.cli.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The commands the README, docs/ and results/ give work as written: every {@code exec:java} is preceded by
 * {@code compile} (without it a fresh clone cannot resolve the modules), every {@code -D} setting is one the
 * named experiment reads (a misspelt one would be refused), and every page is plain text.
 */
class DocumentationCommandsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern COMMAND = Pattern.compile("mvn [^`\\n]*exec:java[^`\\n]*");
    private static final Pattern SETTING = Pattern.compile("(?<=\\s)-D([a-zA-Z0-9.]+)(?==|\\s|$)");

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        for (String dir : new String[] {"docs", "results"}) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
            }
        }
        return pages;
    }

    @Test
    void everyDocumentedCommandCompilesFirstAndUsesOnlyTheSettingsItsExperimentReads() throws IOException {
        int commands = 0;
        List<String> wrong = new ArrayList<>();
        for (Path page : pages()) {
            String text = Files.readString(page, StandardCharsets.UTF_8);
            Matcher m = COMMAND.matcher(text);
            while (m.find()) {
                String cmd = m.group();
                String where = ROOT.relativize(page) + ": " + cmd;
                if (!cmd.contains(" compile ") || cmd.indexOf(" compile ") > cmd.indexOf("exec:java")) wrong.add("no compile before exec:java: " + where);
                Matcher exp = Pattern.compile("-Dexp=([a-z0-9-]+)").matcher(cmd);
                if (!exp.find() || cmd.contains("...") || cmd.contains("NAME")) continue; // a pattern, not a command
                commands++;
                Set<String> known = Settings.of(exp.group(1));
                if (known == null) {
                    wrong.add("unknown experiment: " + where);
                    continue;
                }
                Matcher d = SETTING.matcher(cmd);
                while (d.find()) if (!known.contains(d.group(1))) wrong.add("-D" + d.group(1) + " is not read by " + exp.group(1) + ": " + where);
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(commands >= 15, "found only " + commands + " commands in " + pages());
    }

    @Test
    void everyPageIsPlainText() throws IOException {
        for (Path page : pages()) {
            byte[] b = Files.readAllBytes(page);
            for (int i = 0; i < b.length; i++) {
                int c = b[i] & 0xFF;
                assertTrue(c >= 0x20 || c == '\n' || c == '\r' || c == '\t', ROOT.relativize(page) + ": control byte " + c + " at offset " + i);
            }
        }
    }
}
