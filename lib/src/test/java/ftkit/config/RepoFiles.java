package ftkit.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files shipped at the repository root, found from the test's working directory (lib/ under Maven). */
final class RepoFiles {
    private RepoFiles() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("lib/pom.xml"))) return dir;
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root (a folder holding lib/pom.xml) above "
                + Path.of("").toAbsolutePath());
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }
}
