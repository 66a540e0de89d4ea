package iwae4j.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a child JVM on this test's classpath and JDK, with extra JVM options, and collects its output. */
final class ChildJvm {
    private ChildJvm() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The command line for {@code mainClass} with the given JVM options (the vector module added unless asked not to). */
    static List<String> command(List<String> jvmOptions, boolean vectorModule, Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        if (vectorModule) cmd.add("--add-modules=jdk.incubator.vector");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs the command to completion (or kills it after {@code timeoutSeconds} and fails). */
    static Result run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        Path err = java.nio.file.Files.createTempFile("child", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in " + timeoutSeconds + " s: " + cmd);
        }
        String stderr = java.nio.file.Files.readString(err);
        java.nio.file.Files.deleteIfExists(err);
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), stderr);
    }
}
