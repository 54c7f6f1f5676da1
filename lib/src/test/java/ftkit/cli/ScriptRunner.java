package ftkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a script through the project's ./jbang launcher, as a user would, and captures what it printed. */
public final class ScriptRunner {
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    public static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("jbang-catalog.json")) && Files.isRegularFile(p.resolve("lib/pom.xml"))) return p;
        }
        throw new IllegalStateException("project root (with jbang-catalog.json) not found above " + Path.of("").toAbsolutePath());
    }

    /** Runs {@code ./jbang ALIAS@ROOT args…} in {@code workDir} with extra environment variables and optional stdin. */
    public static Result run(Path workDir, Map<String, String> env, Path stdin, String alias, String... args) throws IOException, InterruptedException {
        Path root = projectRoot();
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("jbang").toString());
        cmd.add("--quiet");
        cmd.add(alias + "@" + root);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().remove("FTKIT_PROVIDER");
        pb.environment().remove("FTKIT_MODEL");
        pb.environment().remove("FTKIT_CONFIG");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("script", ".out");
        Path err = Files.createTempFile("script", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin != null) pb.redirectInput(stdin.toFile());
        else pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("script did not finish in 10 minutes: " + cmd);
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }
}
