package ftkit.extract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The per-file report of a run plus totals; written as JSON by {@code extract --report}. */
@JsonPropertyOrder({"files", "ok", "warnings", "partial", "failed", "samples", "chunks", "bytes", "seconds", "entries"})
public record RunReport(@JsonProperty("files") int files, @JsonProperty("ok") int ok,
                        @JsonProperty("warnings") int warnings, @JsonProperty("partial") int partial,
                        @JsonProperty("failed") int failed, @JsonProperty("samples") long samples,
                        @JsonProperty("chunks") long chunks, @JsonProperty("bytes") long bytes,
                        @JsonProperty("seconds") double seconds, @JsonProperty("entries") List<FileReport> entries) {

    static RunReport of(List<FileReport> entries, double seconds) {
        int ok = 0, warnings = 0, partial = 0, failed = 0;
        long samples = 0, chunks = 0, bytes = 0;
        for (FileReport r : entries) {
            switch (r.status()) {
                case FileReport.OK -> ok++;
                case FileReport.WARNING -> warnings++;
                case FileReport.PARTIAL -> partial++;
                default -> failed++;
            }
            samples += r.samples();
            chunks += r.chunks();
            bytes += r.bytes();
        }
        return new RunReport(entries.size(), ok, warnings, partial, failed, samples, chunks, bytes, seconds, entries);
    }

    /** True when some file failed or was only partly read (exit code 3). */
    public boolean hasProblems() {
        return failed + partial > 0;
    }

    public String summary() {
        return String.format("%d files (%d ok, %d with warnings, %d partial, %d failed), %d samples, %d chunks, %.1f MB in %.1f s",
                files, ok, warnings, partial, failed, samples, chunks, bytes / 1e6, seconds);
    }
}
