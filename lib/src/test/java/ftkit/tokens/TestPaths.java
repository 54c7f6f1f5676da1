package ftkit.tokens;

import java.nio.file.Files;
import java.nio.file.Path;

final class TestPaths {
    private TestPaths() {
    }

    /** The repository root: the folder holding lib/ (tests run with lib/ as the working directory). */
    static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("lib")) && Files.isRegularFile(p.resolve("lib/pom.xml"))) return p;
        }
        return here;
    }
}
