import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Checks jbang-catalog.json: it has aliases, each names an existing script and a description, every
 * scripts/*.java has an alias, and each alias builds ({@code ./jbang build}) and answers
 * {@code ./jbang <alias>@. --help} with exit code 0 and a picocli usage text ("Usage:") on stdout that has a description (a
 * line of text right after the synopsis) and an example (a line with "Example"). Fails when there is no alias,
 * so an empty catalog cannot pass.
 *
 * <p>Run with JBang's jars on the classpath (for Gson, the JSON reader JBang itself uses):
 * {@code java -cp ".jbang/dist/*" tools/CheckCatalog.java [REPO_ROOT]}, or {@code --self-test}.
 * Set JBANG_BUILD_FRESH=1 to build with {@code --fresh} (re-resolve dependencies, recompile).
 * Exit 0 when all aliases pass, 1 otherwise, 2 on usage errors.
 */
public final class CheckCatalog {

    private static final long BUILD_TIMEOUT_SECONDS = 600;
    private static final long HELP_TIMEOUT_SECONDS = 180;

    record Alias(String name, String scriptRef, String description) {}

    record Run(int exitCode, String stdout) {}

    /** Extra environment for the jbang processes (the self-test gives them a throwaway cache). */
    private static final Map<String, String> CHILD_ENVIRONMENT = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--self-test")) {
            System.exit(selfTest());
        }
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            System.err.println("usage: java -cp \".jbang/dist/*\" tools/CheckCatalog.java [REPO_ROOT] | --self-test");
            System.exit(2);
        }
        Path root = Path.of(args.length == 1 ? args[0] : ".").toAbsolutePath().normalize();
        boolean fresh = "1".equals(System.getenv("JBANG_BUILD_FRESH"));
        List<String> problems = check(root, root.resolve("jbang"), fresh);
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /** Runs every check and returns the problems found (also printed to stderr as they are found). */
    static List<String> check(Path root, Path jbang, boolean fresh) throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, Alias> aliases = readAliases(root.resolve("jbang-catalog.json"), problems);
        if (aliases.isEmpty()) {
            problem(problems, "jbang-catalog.json has no alias: nothing to check (add one per script in scripts/)");
            return problems;
        }

        Set<Path> aliased = new TreeSet<>();
        List<Alias> runnable = new ArrayList<>();
        for (Alias alias : aliases.values()) {
            if (alias.scriptRef() == null || alias.scriptRef().isBlank()) {
                problem(problems, "alias " + alias.name() + ": no \"script-ref\"");
                continue;
            }
            if (alias.description() == null || alias.description().isBlank()) {
                problem(problems, "alias " + alias.name() + ": no \"description\"");
            }
            Path script = root.resolve(alias.scriptRef()).normalize();
            if (!Files.isRegularFile(script)) {
                problem(problems, "alias " + alias.name() + ": script-ref " + alias.scriptRef() + " does not exist");
                continue;
            }
            aliased.add(script);
            runnable.add(alias);
        }
        for (Path script : scripts(root)) {
            if (!aliased.contains(script)) {
                problem(problems, root.relativize(script) + " has no alias in jbang-catalog.json");
            }
        }

        int passed = 0;
        for (Alias alias : runnable) {
            List<String> build = new ArrayList<>(List.of(jbang.toString(), "build"));
            if (fresh) build.add("--fresh");
            build.add(alias.scriptRef());
            System.err.println("--- " + String.join(" ", build.subList(1, build.size())));
            Run built = run(root, build, BUILD_TIMEOUT_SECONDS);
            if (built.exitCode() != 0) {
                problem(problems, "alias " + alias.name() + ": jbang build " + alias.scriptRef()
                        + " failed with exit code " + built.exitCode());
                continue;
            }
            List<String> help = List.of(jbang.toString(), alias.name() + "@.", "--help");
            System.err.println("--- jbang " + alias.name() + "@. --help");
            Run helped = run(root, help, HELP_TIMEOUT_SECONDS);
            if (helped.exitCode() != 0) {
                problem(problems, "alias " + alias.name() + ": --help exited with " + helped.exitCode()
                        + " (expected 0); stdout: " + firstLine(helped.stdout()));
            } else if (helped.stdout().isBlank()) {
                problem(problems, "alias " + alias.name() + ": --help printed nothing on stdout");
            } else if (!helped.stdout().contains("Usage:")) {
                // picocli's help starts with "Usage:"; without it the script probably ignored --help and ran.
                problem(problems, "alias " + alias.name() + ": --help output has no \"Usage:\" line; stdout: "
                        + firstLine(helped.stdout()));
            } else if (!hasDescription(helped.stdout())) {
                problem(problems, "alias " + alias.name() + ": --help has no description (a line of text right after"
                        + " the Usage: synopsis; picocli's @Command(description = ...))");
            } else if (!helped.stdout().contains("Example")) {
                problem(problems, "alias " + alias.name() + ": --help shows no example (a line with \"Example\","
                        + " in the description or a footer)");
            } else {
                System.err.println("ok: " + firstLine(helped.stdout()));
                passed++;
            }
        }
        System.err.printf("checked %d alias(es) of jbang-catalog.json: %d built and answered --help, %d problem(s)%n",
                aliases.size(), passed, problems.size());
        return problems;
    }

    /**
     * Whether a picocli usage text has a description: the synopsis is the "Usage:" line and its continuation lines
     * (picocli indents them past "Usage: NAME ", so by 8 or more spaces; option and parameter lines are indented
     * by 2 or 6); the first line after the synopsis must be text (not blank, not indented as an option is).
     */
    static boolean hasDescription(String help) {
        List<String> lines = help.lines().toList();
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith("Usage:")) i++;
        i++;
        while (i < lines.size() && lines.get(i).startsWith("        ")) i++;
        while (i < lines.size() && lines.get(i).isBlank()) i++;
        if (i >= lines.size()) return false;
        String first = lines.get(i);
        return !Character.isWhitespace(first.charAt(0)) && !first.startsWith("Options:") && !first.startsWith("Exit codes:");
    }

    static Map<String, Alias> readAliases(Path catalog, List<String> problems) throws IOException {
        Map<String, Alias> aliases = new LinkedHashMap<>();
        if (!Files.isRegularFile(catalog)) {
            problem(problems, catalog + " not found");
            return aliases;
        }
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(Files.readString(catalog, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            problem(problems, catalog + ": not valid JSON: " + e.getMessage());
            return aliases;
        }
        if (!parsed.isJsonObject() || !parsed.getAsJsonObject().has("aliases")
                || !parsed.getAsJsonObject().get("aliases").isJsonObject()) {
            problem(problems, catalog + ": no \"aliases\" object");
            return aliases;
        }
        for (Map.Entry<String, JsonElement> e : parsed.getAsJsonObject().getAsJsonObject("aliases").entrySet()) {
            if (!e.getValue().isJsonObject()) {
                problem(problems, "alias " + e.getKey() + ": not a JSON object");
                continue;
            }
            JsonObject a = e.getValue().getAsJsonObject();
            aliases.put(e.getKey(), new Alias(e.getKey(), string(a, "script-ref"), string(a, "description")));
        }
        return aliases;
    }

    static List<Path> scripts(Path root) throws IOException {
        Path dir = root.resolve("scripts");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> p.toString().endsWith(".java")).map(Path::normalize).sorted().toList();
        }
    }

    /** Runs a command in dir; its stderr goes to ours, its stdout is returned (and not echoed). */
    static Run run(Path dir, List<String> command, long timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(CHILD_ENVIRONMENT);
        Process p = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return new Run(-1, "(timed out after " + timeoutSeconds + " s)");
        }
        return new Run(p.exitValue(), out.get(30, TimeUnit.SECONDS));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read stdout: " + e.getMessage() + ")";
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || !e.isJsonPrimitive() ? null : e.getAsString();
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** How a problem is announced; the self-test marks the problems it provokes on purpose. */
    private static String problemPrefix = "ERROR ";

    private static void problem(List<String> problems, String message) {
        System.err.println(problemPrefix + message);
        problems.add(message);
    }

    // ---- self-test: the check must fail on each kind of broken catalog and pass on a good one ----

    static int selfTest() throws Exception {
        Path jbang = Path.of("jbang").toAbsolutePath().normalize();
        if (!Files.isExecutable(jbang)) {
            System.err.println("self-test: run it from the repository root (needs ./jbang)");
            return 2;
        }
        String goodScript = helpScript("good", "Usage: good [-h] FILE\\n            [--more]\\nDoes a good thing.\\n"
                + "  -h, --help   Show this help.\\nExample: good x.jsonl");
        String noHelpScript = helpScript("nohelp", "data");
        String noDescriptionScript = helpScript("nodesc", "Usage: nodesc [-h]\\n  -h, --help   Show this help.\\n"
                + "Example: nodesc");
        String noExampleScript = helpScript("plain", "Usage: plain [-h]\\nDoes a thing; for example, nothing.\\n"
                + "  -h, --help   Show this help.");
        String silentScript = "public class silent { public static void main(String... args) {} }\n";
        String failingScript = "public class failing { public static void main(String... args) { System.exit(1); } }\n";
        String brokenScript = "public class broken { public static void main(String... args) { nope(); } }\n";
        record Case(String name, String catalog, Map<String, String> scripts, boolean expectOk, List<String> expectProblems) {}
        String everythingWrong = """
                {"aliases": {
                  "good": {"script-ref": "scripts/good.java", "description": "d"},
                  "gone": {"script-ref": "scripts/gone.java", "description": "d"},
                  "silent": {"script-ref": "scripts/silent.java", "description": "d"},
                  "failing": {"script-ref": "scripts/failing.java", "description": "d"},
                  "nohelp": {"script-ref": "scripts/nohelp.java", "description": "d"},
                  "nodesc": {"script-ref": "scripts/nodesc.java", "description": "d"},
                  "plain": {"script-ref": "scripts/plain.java", "description": "d"},
                  "broken": {"script-ref": "scripts/broken.java"}
                }}
                """;
        List<Case> cases = List.of(
                new Case("empty catalog", "{\"aliases\": {}}", Map.of(), false, List.of("has no alias")),
                new Case("catalog without aliases", "{}", Map.of(), false, List.of("no \"aliases\" object")),
                // One catalog with every kind of fault, so the slow part (JBang builds) runs only a few times.
                new Case("one fault of each kind", everythingWrong,
                        Map.of("good", goodScript, "orphan", goodScript.replace("class good", "class orphan"),
                                "silent", silentScript, "failing", failingScript, "broken", brokenScript,
                                "nohelp", noHelpScript, "nodesc", noDescriptionScript,
                                "plain", noExampleScript),
                        false, List.of("alias gone: script-ref scripts/gone.java does not exist",
                                "alias broken: no \"description\"",
                                "scripts/orphan.java has no alias",
                                "alias silent: --help printed nothing",
                                "alias failing: --help exited with 1",
                                "alias nohelp: --help output has no \"Usage:\" line; stdout: data",
                                "alias nodesc: --help has no description",
                                "alias plain: --help shows no example",
                                "alias broken: jbang build scripts/broken.java failed")),
                new Case("good catalog",
                        "{\"aliases\": {\"good\": {\"script-ref\": \"scripts/good.java\", \"description\": \"d\"}}}",
                        Map.of("good", goodScript), true, List.of()));
        // The scripts built here are throwaway: keep their jars out of the user's JBang cache.
        Path cache = Files.createTempDirectory("check-catalog-jbang-cache-");
        CHILD_ENVIRONMENT.put("JBANG_CACHE_DIR", cache.toString());
        problemPrefix = "found (as the self-test intends) ";
        int failures = 0;
        for (Case c : cases) {
            Path root = Files.createTempDirectory("check-catalog-");
            try {
                Files.writeString(root.resolve("jbang-catalog.json"), c.catalog());
                Files.createDirectories(root.resolve("scripts"));
                for (Map.Entry<String, String> s : c.scripts().entrySet()) {
                    Files.writeString(root.resolve("scripts/" + s.getKey() + ".java"), s.getValue());
                }
                System.err.println("=== self-test case: " + c.name());
                List<String> problems = check(root, jbang, false);
                boolean allFound = c.expectProblems().stream()
                        .allMatch(expected -> problems.stream().anyMatch(p -> p.contains(expected)));
                boolean pass = problems.isEmpty() == c.expectOk() && allFound
                        && problems.size() == c.expectProblems().size() + (c.expectProblems().contains("no \"aliases\" object") ? 1 : 0);
                System.err.printf("self-test %s: %s%n", pass ? "PASS" : "FAIL", c.name());
                if (!pass) failures++;
            } finally {
                deleteTree(root);
            }
        }
        deleteTree(cache);
        System.err.printf("self-test: %d of %d cases failed%n", failures, cases.size());
        return failures == 0 ? 0 : 1;
    }

    /** A throwaway script printing {@code help} (with Java escapes) for --help, "data" otherwise. */
    private static String helpScript(String name, String help) {
        return "///usr/bin/env jbang \"$0\" \"$@\" ; exit $?\n"
                + "public class " + name + " {\n"
                + "    public static void main(String... args) {\n"
                + "        System.out.println(args.length == 1 && args[0].equals(\"--help\") ? \"" + help + "\" : \"data\");\n"
                + "    }\n"
                + "}\n";
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }
}
