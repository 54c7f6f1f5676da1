import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks that every JBang {@code //DEPS g:a:v} in scripts/*.java, lib/*.java and notebooks/*.java names the
 * same version as lib/pom.xml (its dependencies and dependencyManagement), so the scripts run on the library
 * versions the unit tests ran on. Fails when it checked nothing, so an empty run cannot pass.
 *
 * <p>A //DEPS of an artifact the pom does not declare (a pin of a transitive version, see lib/core.java) is
 * checked against Maven's resolution of the pom, given with {@code --resolved FILE} (the output of
 * {@code mvn -f lib/pom.xml dependency:list -DincludeScope=runtime -DoutputFile=FILE}); without it, such a
 * //DEPS is an error.
 *
 * <p>Usage: {@code java tools/CheckDepVersions.java [--resolved FILE] [REPO_ROOT]} or {@code --self-test}.
 * Exit 0 when all agree, 1 on any mismatch (each reported as file:line), 2 on usage errors.
 */
public final class CheckDepVersions {

    /** Folders whose top-level *.java and *.jsh files may hold //DEPS lines. */
    private static final List<String> DEPS_FOLDERS = List.of("scripts", "lib", "notebooks");

    /** A JBang directive line as JBang 0.132.1 reads it: at column 0, with an optional trailing "// comment". */
    private static final Pattern DEPS_LINE = Pattern.compile("^//DEPS(?:\\s+(.*?))?(?:\\s//\\s.*)?$");
    /** JBang splits a directive's value on spaces, commas, semicolons and tabs, keeping quoted parts. */
    private static final Pattern DIRECTIVE_VALUE_PART = Pattern.compile("[^\\s;,\"']+|\"([^\"]*)\"|'([^']*)'");
    /** groupId:artifactId:version[:classifier][@type], the coordinate form of a //DEPS entry. */
    private static final Pattern GAV = Pattern.compile("([^:@\\s]+):([^:@\\s]+):([^:@\\s]+)(?::[^:@\\s]+)?(?:@\\S+)?");
    private static final Pattern PROPERTY_REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    record Declared(Path file, int line, String groupArtifact, String version) {}

    record Result(int checked, int files, List<String> problems) {
        boolean ok() { return problems.isEmpty() && checked > 0; }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--self-test")) {
            System.exit(selfTest());
        }
        List<String> rest = new ArrayList<>(List.of(args));
        Map<String, String> resolved = null;
        if (rest.size() >= 2 && rest.get(0).equals("--resolved")) {
            resolved = readMavenList(Path.of(rest.get(1)));
            rest = rest.subList(2, rest.size());
        }
        if (rest.size() > 1 || (rest.size() == 1 && rest.get(0).startsWith("-"))) {
            System.err.println("usage: java tools/CheckDepVersions.java [--resolved MAVEN_DEPENDENCY_LIST] [REPO_ROOT]"
                    + " | --self-test");
            System.exit(2);
        }
        Path root = Path.of(rest.size() == 1 ? rest.get(0) : ".").toAbsolutePath().normalize();
        Result result = check(root, resolved);
        report(result);
        System.exit(result.ok() ? 0 : 1);
    }

    static void report(Result result) {
        result.problems().forEach(p -> System.err.println("ERROR " + p));
        if (result.checked() == 0) {
            System.err.println("ERROR checked no //DEPS line at all: nothing to compare (expected some in "
                    + String.join("/, ", DEPS_FOLDERS) + "/)");
        }
        System.err.printf("checked %d //DEPS entries in %d files against lib/pom.xml: %s%n",
                result.checked(), result.files(), result.ok() ? "all agree" : result.problems().size() + " problem(s)");
    }

    static Result check(Path root, Map<String, String> resolved) throws Exception {
        Path pom = root.resolve("lib/pom.xml");
        if (!Files.isRegularFile(pom)) {
            return new Result(0, 0, List.of(pom + ": not found"));
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> pomVersions = pomVersions(pom, problems);
        List<Path> files = depsFiles(root);
        List<Declared> declared = new ArrayList<>();
        for (Path file : files) {
            declared.addAll(readDeps(file, root, problems));
        }
        // Agreement between files is implied by agreement with the pom; this also catches the artifacts the
        // pom does not list, with a message naming the first place that disagrees.
        Map<String, Declared> firstSeen = new LinkedHashMap<>();
        for (Declared d : declared) {
            String where = root.relativize(d.file()) + ":" + d.line();
            String pomVersion = pomVersions.get(d.groupArtifact());
            String resolvedVersion = resolved == null ? null : resolved.get(d.groupArtifact());
            if (pomVersion == null && resolvedVersion != null) {
                if (!resolvedVersion.equals(d.version())) {
                    problems.add(where + ": " + d.groupArtifact() + ":" + d.version()
                            + " but Maven resolves lib/pom.xml to version " + resolvedVersion);
                }
            } else if (pomVersion == null) {
                problems.add(where + ": " + d.groupArtifact() + ":" + d.version() + " is not in lib/pom.xml"
                        + (resolved == null ? " (nor checked against Maven's resolution: no --resolved list)"
                                : " and Maven does not resolve it for lib/pom.xml (add it to the pom, pinned)"));
            } else if (!pomVersion.equals(d.version())) {
                problems.add(where + ": " + d.groupArtifact() + ":" + d.version()
                        + " but lib/pom.xml has version " + pomVersion);
            }
            Declared first = firstSeen.putIfAbsent(d.groupArtifact(), d);
            if (first != null && pomVersion == null && !first.version().equals(d.version())) {
                problems.add(where + ": " + d.groupArtifact() + ":" + d.version() + " but "
                        + root.relativize(first.file()) + ":" + first.line() + " has " + first.version());
            }
        }
        return new Result(declared.size(), files.size(), problems);
    }

    /** groupId:artifactId to version, from the pom's dependencies and dependencyManagement, properties resolved. */
    static Map<String, String> pomVersions(Path pom, List<String> problems) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(pom.toFile());
        Element project = doc.getDocumentElement();

        Map<String, String> properties = new TreeMap<>();
        Element props = child(project, "properties");
        if (props != null) {
            for (Element p : children(props)) {
                properties.put(p.getTagName(), p.getTextContent().trim());
            }
        }
        properties.put("project.version", text(project, "version"));
        properties.put("project.groupId", text(project, "groupId"));

        Map<String, String> versions = new TreeMap<>();
        List<Element> dependencyLists = new ArrayList<>();
        Element deps = child(project, "dependencies");
        if (deps != null) dependencyLists.add(deps);
        Element managed = child(project, "dependencyManagement");
        if (managed != null && child(managed, "dependencies") != null) dependencyLists.add(child(managed, "dependencies"));
        for (Element list : dependencyLists) {
            for (Element dep : children(list)) {
                if (!dep.getTagName().equals("dependency")) continue;
                String ga = resolve(text(dep, "groupId"), properties, pom, problems) + ":"
                        + resolve(text(dep, "artifactId"), properties, pom, problems);
                String version = text(dep, "version");
                if (version == null) continue; // version from a BOM or from dependencyManagement: checked there
                version = resolve(version, properties, pom, problems);
                String other = versions.putIfAbsent(ga, version);
                if (other != null && !other.equals(version)) {
                    problems.add(pom + ": " + ga + " appears with versions " + other + " and " + version);
                }
            }
        }
        return versions;
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
        if (versions.isEmpty()) throw new IllegalArgumentException(list + ": no dependency in this list");
        return versions;
    }

    static String resolve(String value, Map<String, String> properties, Path pom, List<String> problems) {
        if (value == null) return null;
        Matcher m = PROPERTY_REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = properties.get(m.group(1));
            if (replacement == null) {
                problems.add(pom + ": property ${" + m.group(1) + "} is not defined in <properties>");
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static List<Path> depsFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : DEPS_FOLDERS) {
            Path dir = root.resolve(folder);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> listing = Files.list(dir)) {
                listing.filter(Files::isRegularFile)
                        .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".jsh"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    static List<Declared> readDeps(Path file, Path root, List<String> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
        List<Declared> declared = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher line = DEPS_LINE.matcher(lines.get(i));
            if (!line.matches()) continue;
            String where = root.relativize(file) + ":" + (i + 1);
            if (line.group(1) == null || line.group(1).isBlank()) {
                problems.add(where + ": //DEPS without a coordinate");
                continue;
            }
            Matcher part = DIRECTIVE_VALUE_PART.matcher(line.group(1));
            while (part.find()) {
                String token = part.group(1) != null ? part.group(1) : part.group(2) != null ? part.group(2) : part.group();
                Matcher gav = GAV.matcher(token);
                if (!gav.matches()) {
                    problems.add(where + ": cannot read '" + token + "' as groupId:artifactId:version");
                } else if (gav.group(3).contains("$") || gav.group(3).contains("[") || gav.group(3).contains("(")
                        || gav.group(3).equalsIgnoreCase("LATEST") || gav.group(3).equalsIgnoreCase("RELEASE")) {
                    problems.add(where + ": " + token + " does not pin a plain version");
                } else {
                    declared.add(new Declared(file, i + 1, gav.group(1) + ":" + gav.group(2), gav.group(3)));
                }
            }
        }
        return declared;
    }

    private static Element child(Element parent, String name) {
        for (Element e : children(parent)) {
            if (e.getTagName().equals(name)) return e;
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) out.add(e);
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    // ---- self-test: the check must pass on agreeing files and fail on each kind of disagreement ----

    private static final String SELF_TEST_POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>t</groupId><artifactId>t</artifactId><version>1</version>
              <properties><jackson.version>2.22.4</jackson.version></properties>
              <dependencyManagement><dependencies>
                <dependency><groupId>com.google.code.gson</groupId><artifactId>gson</artifactId><version>2.13.1</version></dependency>
              </dependencies></dependencyManagement>
              <dependencies>
                <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${jackson.version}</version></dependency>
                <dependency><groupId>info.picocli</groupId><artifactId>picocli</artifactId><version>4.7.7</version></dependency>
              </dependencies>
            </project>
            """;

    static int selfTest() throws Exception {
        record Case(String name, Map<String, String> files, boolean expectOk, String expectProblem) {}
        Map<String, String> resolved = Map.of("com.fasterxml.jackson.core:jackson-core", "2.22.4");
        String agreeingBundle = """
                // bundle
                //DEPS com.fasterxml.jackson.core:jackson-databind:2.22.4 info.picocli:picocli:4.7.7 // two on a line
                //DEPS com.google.code.gson:gson:2.13.1
                final class B {}
                """;
        List<Case> cases = List.of(
                new Case("agreeing versions (property, managed, two per line)",
                        Map.of("lib/core.java", agreeingBundle,
                                "scripts/x.java", "//SOURCES ../lib/core.java\n//DEPS info.picocli:picocli:4.7.7\n"),
                        true, null),
                new Case("script version differs from the pom",
                        Map.of("lib/core.java", agreeingBundle, "scripts/x.java", "//DEPS info.picocli:picocli:4.7.6\n"),
                        false, "scripts/x.java:1: info.picocli:picocli:4.7.6 but lib/pom.xml has version 4.7.7"),
                new Case("notebook version differs from the pom",
                        Map.of("lib/core.java", agreeingBundle,
                                "notebooks/setup.jsh", "//DEPS com.fasterxml.jackson.core:jackson-databind:2.21.0\n"),
                        false, "notebooks/setup.jsh:1: com.fasterxml.jackson.core:jackson-databind:2.21.0 but lib/pom.xml"),
                new Case("artifact missing from the pom, and two files disagree on it",
                        Map.of("lib/core.java", agreeingBundle + "//DEPS org.example:extra:1.0\n",
                                "scripts/x.java", "//DEPS org.example:extra:1.1\n"),
                        false, "lib/core.java:5: org.example:extra:1.0 but scripts/x.java:1 has 1.1"),
                new Case("pin of a transitive version equal to Maven's resolution",
                        Map.of("lib/core.java", agreeingBundle + "//DEPS com.fasterxml.jackson.core:jackson-core:2.22.4\n"),
                        true, null),
                new Case("pin of a transitive version that Maven resolves differently",
                        Map.of("lib/core.java", agreeingBundle + "//DEPS com.fasterxml.jackson.core:jackson-core:2.19.0\n"),
                        false, "lib/core.java:5: com.fasterxml.jackson.core:jackson-core:2.19.0 but Maven resolves"
                                + " lib/pom.xml to version 2.22.4"),
                new Case("unpinned version", Map.of("scripts/x.java", "//DEPS info.picocli:picocli:LATEST\n"),
                        false, "does not pin a plain version"),
                new Case("nothing to check", Map.of("scripts/x.java", "// no deps here\n"), false, null));
        int failures = 0;
        for (Case c : cases) {
            Path root = Files.createTempDirectory("check-dep-versions-");
            try {
                Files.createDirectories(root.resolve("lib"));
                Files.writeString(root.resolve("lib/pom.xml"), SELF_TEST_POM);
                for (Map.Entry<String, String> f : c.files().entrySet()) {
                    Path p = root.resolve(f.getKey());
                    Files.createDirectories(p.getParent());
                    Files.writeString(p, f.getValue());
                }
                Result r = check(root, resolved);
                boolean problemFound = c.expectProblem() == null
                        || r.problems().stream().anyMatch(p -> p.contains(c.expectProblem()));
                boolean pass = r.ok() == c.expectOk() && problemFound;
                System.err.printf("self-test %s: %s (checked %d, found %s)%n",
                        pass ? "PASS" : "FAIL", c.name(), r.checked(), r.problems());
                if (!pass) failures++;
            } finally {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
                }
            }
        }
        System.err.printf("self-test: %d of %d cases failed%n", failures, cases.size());
        return failures == 0 ? 0 : 1;
    }
}
