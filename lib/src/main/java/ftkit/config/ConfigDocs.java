package ftkit.config;

/**
 * The reference table of docs/config.md, generated from {@link Setting} so the documentation cannot drift from
 * the code. ConfigDocsTest fails when the file's table differs, and rewrites it with {@code -Dftkit.updateDocs=true}.
 */
public final class ConfigDocs {
    public static final String BEGIN = "<!-- BEGIN generated settings table: edit Setting.java, not this table -->";
    public static final String END = "<!-- END generated settings table -->";

    private ConfigDocs() {
    }

    /** One row per setting: key, type, default, allowed values, environment variable, flag, meaning. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder();
        out.append("| key | type | default | allowed | environment variable | flag | meaning |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Setting s : Setting.values()) {
            String type = s.kind().typeName().equals("one of") ? "choice" : s.kind().typeName();
            String def = s.defaultValue() == null ? "(unset)" : "`" + s.defaultText() + "`";
            out.append("| `").append(s.key()).append("` | ").append(type).append(" | ").append(def).append(" | ")
                    .append(escape(s.kind().allowed())).append(" | `").append(s.envVar()).append("` | `")
                    .append(s.flag()).append("` | ").append(escape(s.description())).append(" |\n");
        }
        return out.toString();
    }

    /** Replaces the generated section of a Markdown document (between {@link #BEGIN} and {@link #END}). */
    public static String withTable(String markdown) {
        int begin = markdown.indexOf(BEGIN);
        int end = markdown.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the document has no " + BEGIN + " … " + END + " section");
        }
        return markdown.substring(0, begin + BEGIN.length()) + "\n" + markdownTable() + markdown.substring(end);
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
