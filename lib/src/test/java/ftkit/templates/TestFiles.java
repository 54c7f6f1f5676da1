package ftkit.templates;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (Maven runs tests from lib/), where the bundled example lives. */
final class TestFiles {
    private TestFiles() {
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("examples/labelled")) && Files.isDirectory(p.resolve("lib"))) return p;
            p = p.getParent();
        }
        throw new IllegalStateException("repository root with examples/labelled not found above " + Path.of("").toAbsolutePath());
    }
}
