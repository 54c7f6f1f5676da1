package ftkit.validate;

import ftkit.io.RecordFormat;
import ftkit.providers.Target;

import java.nio.file.Path;
import java.util.List;

/**
 * What to check and where to write.
 *
 * @param targets       one target, or several for the matrix
 * @param forcedFormat  read every line as this format, or null to detect per line
 * @param llama3File    the Llama 3 ranks file for exact Llama counts, or null
 * @param threads       worker threads (1 = everything on the calling thread)
 * @param rejectsPath   where rejected records go with their line and reasons, or null
 * @param validOutPath  where the records without errors go (single target only), or null; "-" for stdout
 * @param reportPath    where the JSON report goes, or null; "-" for stdout
 * @param duplicates    whether duplicates are warnings (kept) or errors (rejected)
 * @param keepEmptyRejects write the rejects file even when nothing was rejected (the user named it)
 */
public record ValidationOptions(
        List<Target> targets,
        RecordFormat forcedFormat,
        Path llama3File,
        int threads,
        String rejectsPath,
        String validOutPath,
        String reportPath,
        DuplicatePolicy duplicates,
        boolean keepEmptyRejects) {

    public enum DuplicatePolicy { WARN, REJECT }

    public boolean matrix() {
        return targets.size() > 1;
    }
}
