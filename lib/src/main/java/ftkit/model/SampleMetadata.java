package ftkit.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where a sample came from and how it is used. Known fields have accessors; stages may add their own
 * (category, complexity, chunk_id, model, prompt_version, scores …) through {@link #extra()}, which
 * round-trips through JSON unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"source_file", "locator", "detector", "keywords", "mode", "split", "tags"})
public final class SampleMetadata {
    /** How a sample came to be. */
    public static final String MODE_EXTRACTED = "extracted";
    public static final String MODE_GENERATED = "generated";
    public static final String MODE_TEMPLATED = "templated";
    public static final String MODE_IMPORTED = "imported";

    private String sourceFile;
    private Map<String, Object> locator = new LinkedHashMap<>();
    private String detector;
    private List<String> keywords = new ArrayList<>();
    private String mode;
    private String split;
    private Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();

    @JsonProperty("source_file")
    public String sourceFile() {
        return sourceFile;
    }

    public SampleMetadata sourceFile(String sourceFile) {
        this.sourceFile = sourceFile;
        return this;
    }

    /** Where in the source: e.g. {@code {"page": 3}}, {@code {"sheet": "FAQ", "row": 12}}, {@code {"heading": "A > B"}}. */
    @JsonProperty("locator")
    public Map<String, Object> locator() {
        return locator;
    }

    public SampleMetadata locator(Map<String, Object> locator) {
        this.locator = locator == null ? new LinkedHashMap<>() : new LinkedHashMap<>(locator);
        return this;
    }

    public SampleMetadata locate(String key, Object value) {
        locator.put(key, value);
        return this;
    }

    /** The locator as one readable string, e.g. {@code page=3} or {@code sheet=FAQ, row=12}. */
    public String locatorText() {
        return locator.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    @JsonProperty("detector")
    public String detector() {
        return detector;
    }

    public SampleMetadata detector(String detector) {
        this.detector = detector;
        return this;
    }

    @JsonProperty("keywords")
    public List<String> keywords() {
        return keywords;
    }

    public SampleMetadata keywords(List<String> keywords) {
        this.keywords = keywords == null ? new ArrayList<>() : new ArrayList<>(keywords);
        return this;
    }

    @JsonProperty("mode")
    public String mode() {
        return mode;
    }

    public SampleMetadata mode(String mode) {
        this.mode = mode;
        return this;
    }

    /** train, validation or test; absent until split or when the input carried none. */
    @JsonProperty("split")
    public String split() {
        return split;
    }

    public SampleMetadata split(String split) {
        this.split = split;
        return this;
    }

    @JsonProperty("tags")
    public Map<String, String> tags() {
        return tags;
    }

    public SampleMetadata tags(Map<String, String> tags) {
        this.tags = tags == null ? new LinkedHashMap<>() : new LinkedHashMap<>(tags);
        return this;
    }

    @JsonAnyGetter
    public Map<String, Object> extra() {
        return extra;
    }

    @JsonAnySetter
    public SampleMetadata put(String key, Object value) {
        extra.put(key, value);
        return this;
    }

    public Object get(String key) {
        return extra.get(key);
    }

    public String getString(String key) {
        Object v = extra.get(key);
        return v == null ? null : v.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleMetadata m && Objects.equals(sourceFile, m.sourceFile)
                && Objects.equals(locator, m.locator) && Objects.equals(detector, m.detector)
                && Objects.equals(keywords, m.keywords) && Objects.equals(mode, m.mode)
                && Objects.equals(split, m.split) && Objects.equals(tags, m.tags) && Objects.equals(extra, m.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceFile, locator, detector, keywords, mode, split, tags, extra);
    }
}
