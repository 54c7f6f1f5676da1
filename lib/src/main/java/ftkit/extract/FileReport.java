package ftkit.extract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What happened to one input file. Status: {@code ok}; {@code warning} (extracted, but see reason, e.g. not
 * UTF-8); {@code partial} (stopped early, what was read is kept); {@code failed} (nothing extracted).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"file", "status", "reason", "media_type", "bytes", "characters", "samples", "chunks"})
public record FileReport(@JsonProperty("file") String file, @JsonProperty("status") String status,
                         @JsonProperty("reason") String reason, @JsonProperty("media_type") String mediaType,
                         @JsonProperty("bytes") long bytes, @JsonProperty("characters") int characters,
                         @JsonProperty("samples") int samples, @JsonProperty("chunks") int chunks) {
    public static final String OK = "ok";
    public static final String WARNING = "warning";
    public static final String PARTIAL = "partial";
    public static final String FAILED = "failed";

    public static FileReport failed(String file, long bytes, String reason) {
        return new FileReport(file, FAILED, reason, null, bytes, 0, 0, 0);
    }

    /** Failed or partial: the run's exit code says so. */
    public boolean problem() {
        return FAILED.equals(status) || PARTIAL.equals(status);
    }

    /** The one line shown on stderr: "file: status: reason". */
    public String line() {
        return file + ": " + status + (reason == null ? "" : ": " + reason);
    }

    static String join(List<String> reasons) {
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }
}
