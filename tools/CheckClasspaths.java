import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Checks that JBang gives the scripts the same library versions as Maven gives lib's unit tests.
 *
 * <p>Why: JBang 0.132.1 resolves a script's //DEPS differently from Maven. It applies the
 * dependencyManagement of every //DEPS artifact's own pom to the whole graph (Maven only uses the project's),
 * so e.g. Tablesaw's pom drags jackson-core down to 2.19.0 next to jackson-databind 2.22.4. The cure is a
 * direct //DEPS pin in the bundle (a direct dependency wins over managed versions); this check finds where
 * one is needed and says which line to add.
 *
 * <p>Checked: each lib/*.java bundle alone, all bundles together, and every scripts/*.java. For each, every
 * jar JBang puts on the classpath must have the version Maven resolves for lib/pom.xml (runtime scope).
 *
 * <p>Usage: {@code java tools/CheckClasspaths.java MAVEN_LIST [REPO_ROOT]}, where MAVEN_LIST is the output
 * of {@code mvn -f lib/pom.xml dependency:list -DincludeScope=runtime -DoutputFile=...}; or
 * {@code --self-test} (from the repository root). Exit 0 when all agree, 1 otherwise, 2 on usage errors.
 */
public final class CheckClasspaths {

    private static final long JBANG_TIMEOUT_SECONDS = 600;

    /** One thing JBang can resolve: a bundle wrapped in a probe script, or a script. */
    record Unit(String name, Path script, Path suggestPinIn) {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--self-test")) {
            System.exit(selfTest());
        }
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            System.err.println("usage: java tools/CheckClasspaths.java MAVEN_DEPENDENCY_LIST [REPO_ROOT] | --self-test");
            System.exit(2);
        }
        Path root = Path.of(args.length == 2 ? args[1] : ".").toAbsolutePath().normalize();
        Map<String, String> maven = readMavenList(Path.of(args[0]));
        Path probes = Files.createTempDirectory("check-classpaths-");
        try {
            List<String> problems = check(root, root.resolve("jbang"), maven, units(root, probes));
            System.exit(problems.isEmpty() ? 0 : 1);
        } finally {
            deleteTree(probes);
        }
    }

    static List<Unit> units(Path root, Path probes) throws IOException {
        List<Unit> units = new ArrayList<>();
        List<Path> bundles = javaFiles(root.resolve("lib"));
        for (Path bundle : bundles) {
            String name = bundle.getFileName().toString().replace(".java", "");
            units.add(new Unit("lib/" + bundle.getFileName(), probe(probes, "probe_" + name, List.of(bundle)), bundle));
        }
        if (bundles.size() > 1) {
            units.add(new Unit("all lib/*.java bundles together", probe(probes, "probe_all", bundles), null));
        }
        for (Path script : javaFiles(root.resolve("scripts"))) {
            units.add(new Unit(root.relativize(script).toString(), script, null));
        }
        return units;
    }

    /** A script that does nothing but include the given bundles (absolute paths, so it can live anywhere). */
    static Path probe(Path dir, String className, List<Path> bundles) throws IOException {
        StringBuilder source = new StringBuilder();
        for (Path bundle : bundles) {
            source.append("//SOURCES ").append(bundle.toAbsolutePath()).append('\n');
        }
        source.append("public class ").append(className).append(" { public static void main(String... args) {} }\n");
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, source);
        return file;
    }

    static List<String> check(Path root, Path jbang, Map<String, String> maven, List<Unit> units) throws Exception {
        List<String> problems = new ArrayList<>();
        if (maven.isEmpty()) {
            problem(problems, "Maven's dependency list is empty: nothing to compare against");
            return problems;
        }
        if (units.isEmpty()) {
            problem(problems, "no lib/*.java bundle and no scripts/*.java: nothing to check");
            return problems;
        }
        Path repository = jbangRepository(root, jbang);
        int jars = 0;
        for (Unit unit : units) {
            System.err.println("--- " + unit.name());
            if (run(root, List.of(jbang.toString(), "build", unit.script().toString())).exitCode() != 0) {
                problem(problems, unit.name() + ": jbang build failed");
                continue;
            }
            Run classpath = run(root, List.of(jbang.toString(), "info", "classpath", unit.script().toString()));
            if (classpath.exitCode() != 0) {
                problem(problems, unit.name() + ": jbang info classpath failed");
                continue;
            }
            for (String entry : classpath.stdout().strip().split(java.io.File.pathSeparator)) {
                Path jar = Path.of(entry).toAbsolutePath().normalize();
                if (!jar.startsWith(repository)) continue; // the script's own jar in JBang's cache
                String[] gav = coordinates(repository.relativize(jar));
                if (gav == null) {
                    problem(problems, unit.name() + ": cannot read coordinates from " + jar);
                    continue;
                }
                jars++;
                String ga = gav[0] + ":" + gav[1];
                String mavenVersion = maven.get(ga);
                String fix = unit.suggestPinIn() == null ? "pin it in the lib/*.java bundle that brings it"
                        : "add `//DEPS " + ga + ":" + mavenVersion + "` to " + root.relativize(unit.suggestPinIn());
                if (mavenVersion == null) {
                    problem(problems, unit.name() + ": JBang adds " + ga + ":" + gav[2]
                            + ", which Maven does not resolve for lib/pom.xml at all (a wrong version of its parent?)");
                } else if (!mavenVersion.equals(gav[2])) {
                    problem(problems, unit.name() + ": " + ga + " is " + gav[2] + " under JBang but " + mavenVersion
                            + " under Maven; " + fix);
                }
            }
        }
        System.err.printf("checked %d classpath(s), %d jars: %s%n", units.size(), jars,
                problems.isEmpty() ? "JBang and Maven agree" : problems.size() + " problem(s)");
        return problems;
    }

    /** groupId, artifactId, version from a path inside a Maven repository: g/r/o/u/p/artifact/version/file.jar. */
    static String[] coordinates(Path inRepository) {
        int n = inRepository.getNameCount();
        if (n < 4) return null;
        String artifact = inRepository.getName(n - 3).toString();
        String version = inRepository.getName(n - 2).toString();
        if (!inRepository.getFileName().toString().startsWith(artifact + "-" + version)) return null;
        return new String[] {inRepository.subpath(0, n - 3).toString().replace('/', '.'), artifact, version};
    }

    /** groupId:artifactId to version from `mvn dependency:list` output ("g:a:type[:classifier]:version:scope"). */
    static Map<String, String> readMavenList(Path list) throws IOException {
        Map<String, String> versions = new TreeMap<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String entry = line.strip();
            int comment = entry.indexOf(" -- ");
            if (comment >= 0) entry = entry.substring(0, comment);
            String[] parts = entry.split(":");
            if (parts.length == 5 || parts.length == 6) {
                versions.put(parts[0] + ":" + parts[1], parts[parts.length - 2]);
            }
        }
        return versions;
    }

    /** The local Maven repository JBang uses (JBANG_REPO, else Maven's), as `jbang --verbose version` reports it. */
    static Path jbangRepository(Path root, Path jbang) throws Exception {
        if (repositoryFound != null) return repositoryFound;
        Run version = run(root, List.of(jbang.toString(), "--verbose", "version"), true);
        for (String line : version.stdout().split("\n")) {
            if (line.startsWith("Repository: ")) {
                repositoryFound = Path.of(line.substring("Repository: ".length()).strip()).toAbsolutePath().normalize();
                return repositoryFound;
            }
        }
        throw new IllegalStateException("`jbang --verbose version` did not name its repository: " + version.stdout());
    }

    private static Path repositoryFound;

    record Run(int exitCode, String stdout) {}

    static Run run(Path dir, List<String> command) throws Exception {
        return run(dir, command, false);
    }

    /** Runs a command; returns its stdout (plus stderr when mergeStderr), else its stderr goes to ours. */
    static Run run(Path dir, List<String> command, boolean mergeStderr) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (mergeStderr) builder.redirectErrorStream(true);
        else builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        if (!p.waitFor(JBANG_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return new Run(-1, "");
        }
        return new Run(p.exitValue(), out.get(30, TimeUnit.SECONDS));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static List<Path> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> p.toString().endsWith(".java")).map(Path::toAbsolutePath).sorted().toList();
        }
    }

    private static String problemPrefix = "ERROR ";

    private static void problem(List<String> problems, String message) {
        System.err.println(problemPrefix + message);
        problems.add(message);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    // ---- self-test: a probe script whose classpath is known, against doctored Maven lists ----

    static int selfTest() throws Exception {
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path jbang = root.resolve("jbang");
        if (!Files.isExecutable(jbang)) {
            System.err.println("self-test: run it from the repository root (needs ./jbang)");
            return 2;
        }
        Path dir = Files.createTempDirectory("check-classpaths-self-test-");
        problemPrefix = "found (as the self-test intends) ";
        int failures = 0;
        try {
            // picocli has no dependencies of its own, so its classpath is exactly picocli:4.7.7.
            Path script = dir.resolve("picocli_only.java");
            Files.writeString(script, "//DEPS info.picocli:picocli:4.7.7\n"
                    + "public class picocli_only { public static void main(String... args) {} }\n");
            List<Unit> units = List.of(new Unit("picocli_only.java", script, null));
            record Case(String name, Map<String, String> maven, List<String> expectProblems) {}
            Map<String, String> other = new LinkedHashMap<>(Map.of("org.example:other", "1.0"));
            List<Case> cases = List.of(
                    new Case("same version", Map.of("info.picocli:picocli", "4.7.7"), List.of()),
                    new Case("Maven resolves another version", Map.of("info.picocli:picocli", "4.7.6"),
                            List.of("info.picocli:picocli is 4.7.7 under JBang but 4.7.6 under Maven")),
                    new Case("Maven does not resolve it", other,
                            List.of("JBang adds info.picocli:picocli:4.7.7, which Maven does not resolve")),
                    new Case("empty Maven list", Map.of(), List.of("Maven's dependency list is empty")));
            for (Case c : cases) {
                System.err.println("=== self-test case: " + c.name());
                List<String> problems = check(root, jbang, c.maven(), units);
                boolean pass = problems.size() == c.expectProblems().size() && c.expectProblems().stream()
                        .allMatch(expected -> problems.stream().anyMatch(p -> p.contains(expected)));
                System.err.printf("self-test %s: %s%n", pass ? "PASS" : "FAIL", c.name());
                if (!pass) failures++;
            }
            // The parser of `mvn dependency:list` lines, with and without classifier and module note.
            Path list = dir.resolve("list.txt");
            Files.writeString(list, """

                    The following files have been resolved:
                       info.picocli:picocli:jar:4.7.7:compile -- module info.picocli [auto]
                       org.example:natives:jar:linux-x86_64:1.2:runtime
                    """);
            Map<String, String> parsed = readMavenList(list);
            boolean parsedOk = parsed.equals(Map.of("info.picocli:picocli", "4.7.7", "org.example:natives", "1.2"));
            System.err.printf("self-test %s: reads mvn dependency:list output (%s)%n", parsedOk ? "PASS" : "FAIL", parsed);
            if (!parsedOk) failures++;
        } finally {
            deleteTree(dir);
        }
        System.err.printf("self-test: %d failure(s)%n", failures);
        return failures == 0 ? 0 : 1;
    }
}
