package ftkit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.cli.ExitCodes;
import ftkit.io.Json;
import ftkit.io.JsonlWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The {@code datasets} script: list, inspect, print, delete, back up and restore the datasets of the store. Data
 * (tables, JSON, samples, backup paths) goes to stdout; notices and errors to stderr.
 */
@Command(name = "datasets", mixinStandardHelpOptions = true, version = "ftkit datasets 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Lists and queries the datasets saved in the dataset store (by export, pipeline, menu and curate),",
                "prints their samples as canonical JSONL, deletes them (after a backup) and restores backups.",
                "The store: --db FILE|JDBC-URL, else $FTKIT_DATABASE_URL, else memory/dataset_builder.db.",
                "",
                "Examples:",
                "  datasets list",
                "  datasets show my_dataset",
                "  datasets samples my_dataset --split validation > validation.jsonl",
                "  datasets samples my_dataset | validate --target openai/gpt-4o-mini-2024-07-18 -",
                "  export --dataset my_dataset --target vertex/gemini-2.5-flash   (export a stored dataset again)",
                ""},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {
                "0:success",
                "1:failure (database unreachable, I/O error)",
                "2:usage error (bad option, unknown dataset, no backups on this database)",
                "3:some stored samples could not be read (the others were printed)"},
        subcommands = {DatasetsCommand.ListCmd.class, DatasetsCommand.Show.class, DatasetsCommand.Samples.class,
                DatasetsCommand.Delete.class, DatasetsCommand.Backups.class, DatasetsCommand.Restore.class})
public final class DatasetsCommand implements Callable<Integer> {
    static final List<String> SPLITS = List.of("train", "validation", "test");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DatasetsCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
            commandLine.getErr().println("datasets: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    @Override
    public Integer call() {
        System.err.println("datasets: say what to do: list, show, samples, delete, backups or restore");
        spec.commandLine().usage(System.err);
        return ExitCodes.USAGE;
    }

    /** {@code --db} of every subcommand. */
    static final class Db {
        @Option(names = "--db", paramLabel = "FILE|JDBC-URL", description = "The store: an SQLite file or a JDBC URL such as "
                + "jdbc:postgresql://host/db (credentials from FTKIT_DATABASE_USER/_PASSWORD). Default: $FTKIT_DATABASE_URL, "
                + "else memory/dataset_builder.db.")
        String db;

        DatabaseUrl url() {
            return DatabaseUrl.parse(db);
        }

        /** Opens the store; an SQLite file that does not exist is an error here (reading must not create it). */
        DatasetStore open() {
            DatabaseUrl url = url();
            Path file = url.sqliteFile();
            if (file != null && !Files.isRegularFile(file)) {
                throw new UsageException(file + ": no such database file (export creates it; or give --db)");
            }
            return DatasetStore.open(url);
        }
    }

    /** A wrong request: reported with exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** Runs a subcommand's body: usage problems give 2, store failures 1. */
    abstract static class Sub implements Callable<Integer> {
        @Mixin
        Db db = new Db();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract int run() throws IOException;

        @Override
        public Integer call() throws IOException {
            try {
                return run();
            } catch (UsageException | IllegalArgumentException e) {
                System.err.println("datasets " + spec.name() + ": " + e.getMessage());
                return ExitCodes.USAGE;
            } catch (StoreException e) {
                System.err.println("datasets " + spec.name() + ": " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        }

        static Dataset find(DatasetStore store, String idOrName) {
            Optional<Dataset> d = store.find(idOrName);
            if (d.isEmpty()) {
                List<Dataset> all = store.listDatasets();
                throw new UsageException("no dataset '" + idOrName + "' in " + store.url() + "; there are: "
                        + (all.isEmpty() ? "none" : String.join(", ", all.stream().map(Dataset::id).toList())));
            }
            return d.get();
        }
    }

    /** The targets a dataset was exported to (from its saved export settings), else its provider/model. */
    static String targets(Dataset d) {
        JsonNode config = config(d);
        JsonNode t = config == null ? null : config.at("/export/targets");
        if (t != null && t.isArray() && !t.isEmpty()) {
            List<String> ids = new ArrayList<>();
            t.forEach(n -> ids.add(n.asText()));
            return String.join(",", ids);
        }
        return d.provider() + "/" + d.model();
    }

    static JsonNode config(Dataset d) {
        if (d.configJson() == null) return null;
        try {
            return Json.MAPPER.readTree(d.configJson());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** train, validation, test, then any other split; samples without a split count as "(none)". */
    static Map<String, Long> splits(DatasetStore store, Dataset d) {
        Map<String, Long> counts = store.countBySplit(d.id());
        Map<String, Long> out = new LinkedHashMap<>();
        for (String s : SPLITS) out.put(s, counts.getOrDefault(s, 0L));
        counts.forEach((k, v) -> {
            if (!SPLITS.contains(k)) out.put(k, v);
        });
        return out;
    }

    static ObjectNode json(DatasetStore store, Dataset d, boolean withConfig) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", d.id());
        o.put("name", d.name());
        o.put("created_at", d.createdAt());
        o.put("updated_at", d.updatedAt());
        o.put("targets", targets(d));
        o.put("provider", d.provider());
        o.put("model", d.model());
        o.put("mode", d.mode());
        o.put("total_samples", d.totalSamples());
        if (d.totalTokens() == null) o.putNull("total_tokens");
        else o.put("total_tokens", d.totalTokens());
        o.set("splits", Json.MAPPER.valueToTree(splits(store, d)));
        o.put("source", d.source());
        o.put("content_hash", d.contentHash());
        if (withConfig) o.set("config", config(d));
        return o;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Lists the stored datasets: id, name, when created, targets, mode, samples per split.", "",
                    "Example:", "  datasets list --db memory/dataset_builder.db", ""},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:success", "1:failure (database unreachable)", "2:usage error (bad option, no such database file)"})
    static final class ListCmd extends Sub {
        @Option(names = "--json", description = "One JSON object per dataset (JSONL) instead of a table.")
        boolean json;

        @Override
        int run() {
            try (DatasetStore store = db.open()) {
                List<Dataset> all = store.listDatasets();
                PrintStream out = System.out;
                if (json) {
                    for (Dataset d : all) out.println(json(store, d, false));
                    out.flush();
                    return ExitCodes.OK;
                }
                if (all.isEmpty()) {
                    System.err.println("datasets: no dataset in " + store.url());
                    return ExitCodes.OK;
                }
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[]{"ID", "NAME", "CREATED", "TARGETS", "MODE", "SAMPLES", "TRAIN", "VALIDATION", "TEST", "OTHER"});
                for (Dataset d : all) {
                    Map<String, Long> s = splits(store, d);
                    long other = s.entrySet().stream().filter(e -> !SPLITS.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
                    rows.add(new String[]{d.id(), d.name(), d.createdAt(), targets(d), d.mode(), Long.toString(d.totalSamples()),
                            Long.toString(s.get("train")), Long.toString(s.get("validation")), Long.toString(s.get("test")),
                            Long.toString(other)});
                }
                printTable(rows, Set.of(5, 6, 7, 8, 9), out);
                return ExitCodes.OK;
            }
        }
    }

    /** Aligned columns, numbers right-aligned; two spaces between columns. */
    static void printTable(List<String[]> rows, Set<Integer> numeric, PrintStream out) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], String.valueOf(r[i]).length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String cell = String.valueOf(r[i]);
                String pad = " ".repeat(width[i] - cell.length());
                if (i > 0) line.append("  ");
                line.append(numeric.contains(i) ? pad + cell : i == r.length - 1 ? cell : cell + pad);
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    @Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Shows one dataset: details, samples per split and its configuration (secrets redacted).", "", "Example:", "  datasets show my_dataset --json", ""},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:success", "1:failure (database unreachable)", "2:usage error (unknown dataset, no such database file)"})
    static final class Show extends Sub {
        @Parameters(paramLabel = "ID|NAME", description = "The dataset: its id or its name.")
        String dataset;

        @Option(names = "--json", description = "One JSON object instead of text.")
        boolean json;

        @Override
        int run() throws IOException {
            try (DatasetStore store = db.open()) {
                Dataset d = find(store, dataset);
                PrintStream out = System.out;
                if (json) {
                    out.println(json(store, d, true));
                    out.flush();
                    return ExitCodes.OK;
                }
                Map<String, Long> s = splits(store, d);
                List<String> parts = new ArrayList<>();
                s.forEach((k, v) -> parts.add(k + " " + v));
                out.printf(Locale.ROOT, "id:          %s%n", d.id());
                out.printf(Locale.ROOT, "name:        %s%n", d.name());
                out.printf(Locale.ROOT, "created:     %s%n", d.createdAt());
                out.printf(Locale.ROOT, "updated:     %s%n", d.updatedAt());
                out.printf(Locale.ROOT, "targets:     %s%n", targets(d));
                out.printf(Locale.ROOT, "provider:    %s%n", d.provider());
                out.printf(Locale.ROOT, "model:       %s%n", d.model());
                out.printf(Locale.ROOT, "mode:        %s%n", d.mode());
                out.printf(Locale.ROOT, "samples:     %d (%s)%n", d.totalSamples(), String.join(", ", parts));
                out.printf(Locale.ROOT, "tokens:      %s%n", d.totalTokens() == null ? "not counted" : d.totalTokens());
                out.printf(Locale.ROOT, "source:      %s%n", d.source());
                out.printf(Locale.ROOT, "fingerprint: %s%n", d.contentHash());
                out.printf(Locale.ROOT, "database:    %s%n", store.url());
                JsonNode config = config(d);
                out.println("config:");
                out.println(config == null ? "  (none saved)" : Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(config));
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "samples", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Prints a dataset's samples as canonical JSONL on stdout, with their splits.",
                    "Saved order, the split in metadata.split: pipe it into validate, export, split, stats or curate.", "",
                    "Example:", "  datasets samples my_dataset --split train > train.jsonl", ""},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:success", "1:failure (database unreachable, I/O error)",
                    "2:usage error (unknown dataset or split, no such database file)",
                    "3:some stored samples could not be read (the others were printed)"})
    static final class Samples extends Sub {
        @Parameters(paramLabel = "ID|NAME", description = "The dataset: its id or its name.")
        String dataset;

        @Option(names = "--split", paramLabel = "SPLIT", description = "Only this split: train, validation or test.")
        String split;

        @Option(names = "--keyword", paramLabel = "TEXT", description = "Only samples whose text or topic keywords contain TEXT (case-insensitive).")
        String keyword;

        @Option(names = "--source", paramLabel = "FILE", description = "Only samples cut from this source file (metadata.source_file).")
        String source;

        @Option(names = "--limit", paramLabel = "N", description = "At most N samples (default: all).")
        int limit;

        @Option(names = "--offset", paramLabel = "N", description = "Skip the first N matching samples.")
        long offset;

        @Override
        int run() throws IOException {
            if (split != null && !SPLITS.contains(split)) throw new UsageException("--split must be train, validation or test, not '" + split + "'");
            if (limit < 0 || offset < 0) throw new UsageException("--limit and --offset must be 0 or more");
            try (DatasetStore store = db.open()) {
                Dataset d = find(store, dataset);
                SampleQuery q = SampleQuery.dataset(d.id()).withSplit(split).withSource(source).withKeyword(keyword).page(limit, offset);
                long written = 0;
                long unreadable = 0;
                try (SampleCursor cursor = store.stream(q); JsonlWriter out = JsonlWriter.open("-")) {
                    while (true) {
                        StoredSample s;
                        try {
                            if (!cursor.hasNext()) break;
                            s = cursor.next();
                        } catch (StoreException e) {
                            // A row with unreadable JSON: say so and go on (the cursor has moved past it).
                            if (!(e.getCause() instanceof JsonProcessingException)) throw e;
                            System.err.println("datasets samples: " + e.getMessage());
                            unreadable++;
                            continue;
                        }
                        if (s.split() != null) s.sample().metadata().split(s.split());
                        out.write(s.sample());
                        written++;
                    }
                    out.commit();
                }
                System.err.printf(Locale.ROOT, "datasets samples: %d samples of '%s'%s%s%n", written, d.id(),
                        split == null ? "" : " (" + split + ")", unreadable == 0 ? "" : ", " + unreadable + " unreadable rows skipped");
                return unreadable == 0 ? ExitCodes.OK : ExitCodes.INVALID;
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Deletes a dataset and its samples; an SQLite store is backed up first.", "",
                    "Example:", "  datasets delete old_dataset", ""},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:success", "1:failure (database unreachable, backup failed: nothing deleted)",
                    "2:usage error (unknown dataset, no such database file)"})
    static final class Delete extends Sub {
        @Parameters(paramLabel = "ID|NAME", description = "The dataset: its id or its name.")
        String dataset;

        @Override
        int run() {
            try (DatasetStore store = db.open()) {
                Dataset d = find(store, dataset);
                store.deleteDataset(d.id());
                System.err.printf(Locale.ROOT, "datasets delete: deleted '%s' (%d samples) from %s%n", d.id(), d.totalSamples(), store.url());
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "backups", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Lists the backups of an SQLite store, oldest first, one path per line.",
                    "Export and delete take one before they replace or delete a dataset. PostgreSQL has no online backup: use pg_dump.", "",
                    "Example:", "  datasets backups | tail -1", ""},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:success", "1:failure (database unreachable)", "2:usage error (no such database file)"})
    static final class Backups extends Sub {
        @Option(names = "--now", description = "Take a backup now first (SQLite only).")
        boolean now;

        @Override
        int run() {
            try (DatasetStore store = db.open()) {
                if (store.backupDir() == null) {
                    if (now) throw new UsageException("no online backup on " + store.dialect().displayName() + ": use pg_dump");
                    System.err.println("datasets backups: " + store.dialect().displayName() + " has no online backup; use pg_dump for copies");
                    return ExitCodes.OK;
                }
                if (now) System.err.println("datasets backups: took " + store.backup("manual"));
                for (Path p : store.listBackups()) System.out.println(p);
                System.out.flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Replaces the SQLite store's content with a backup; the current state is backed up first.", "",
                    "Example:", "  datasets restore memory/backups/dataset_builder-20260101-120000-000-delete-old.db", ""},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:success", "1:failure (unreadable backup, restore failed)",
                    "2:usage error (no such file, not an SQLite backup, a PostgreSQL store)"})
    static final class Restore extends Sub {
        @Parameters(paramLabel = "FILE", description = "The backup file (see `datasets backups`).")
        Path file;

        @Override
        int run() throws IOException {
            if (!Files.isRegularFile(file)) throw new UsageException(file + ": no such backup file");
            byte[] header;
            try (var in = Files.newInputStream(file)) {
                header = in.readNBytes(16);
            }
            if (!new String(header, StandardCharsets.US_ASCII).equals("SQLite format 3\0")) {
                throw new UsageException(file + ": not an SQLite database, cannot restore from it");
            }
            // Not db.open(): restoring into a store file that was lost is fine.
            try (DatasetStore store = DatasetStore.open(db.url())) {
                if (!store.dialect().supportsOnlineBackup()) {
                    throw new UsageException("restore works on SQLite stores only; this one is " + store.dialect().displayName()
                            + ": use pg_restore");
                }
                Path safety = store.restore(file);
                System.err.printf(Locale.ROOT, "datasets restore: %s now holds %d datasets from %s; the state before is in %s%n",
                        store.url(), store.listDatasets().size(), file, safety);
                return ExitCodes.OK;
            }
        }
    }
}
