package ftkit.export;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.RecordFormat;
import ftkit.providers.Target;
import ftkit.store.DatabaseUrl;
import ftkit.store.DatasetStore;

import java.nio.file.Path;
import java.util.List;

/**
 * What to export and where.
 *
 * @param targets      the targets to write (a format-only export uses {@link Exporter#formatTarget})
 * @param outputDir    the output folder; each target gets {@code <outputDir>/<target-slug>/}
 * @param outputName   the base name of every file ({@code output_name})
 * @param forcedFormat read every input line as this format, or null to detect per line
 * @param llama3File   the Llama 3 ranks file for exact Llama counts, or null (counts are then estimates)
 * @param includeCsv   write the CSV metadata
 * @param includeStats write dataset_info.txt
 * @param threads      worker threads that gate samples (1 = all on the calling thread); output order is the same
 * @param store        the dataset store to save the export into and read stored datasets from, or null for neither
 */
public record ExportOptions(List<Target> targets, Path outputDir, String outputName, RecordFormat forcedFormat,
                            Path llama3File, boolean includeCsv, boolean includeStats, int threads, Store store) {
    public ExportOptions {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
    }

    /** Options without a store: nothing is saved, and stored datasets cannot be inputs. */
    public ExportOptions(List<Target> targets, Path outputDir, String outputName, RecordFormat forcedFormat,
                         Path llama3File, boolean includeCsv, boolean includeStats, int threads) {
        this(targets, outputDir, outputName, forcedFormat, llama3File, includeCsv, includeStats, threads, null);
    }

    public ExportOptions withStore(Store store) {
        return new ExportOptions(targets, outputDir, outputName, forcedFormat, llama3File, includeCsv, includeStats, threads, store);
    }

    /**
     * The dataset store of an export.
     *
     * @param database     where it is (SQLite file or PostgreSQL)
     * @param save         save the exported dataset (id from {@code output_name}; an existing one is backed up, then replaced)
     * @param config       the configuration snapshot saved with the dataset (secret-looking keys are redacted on save), or null
     * @param mode         the dataset's mode (identify, create, …), or null to take it from the samples' metadata.mode
     * @param storeOptions backup folder, kept backups and where the store's notices go
     */
    public record Store(DatabaseUrl database, boolean save, JsonNode config, String mode, DatasetStore.Options storeOptions) {
        public Store {
            if (database == null) throw new IllegalArgumentException("a store needs a database");
            if (storeOptions == null) storeOptions = DatasetStore.Options.defaults();
        }

        /** Saves into {@code database} with the store's default options. */
        public static Store saveTo(DatabaseUrl database, JsonNode config, String mode) {
            return new Store(database, true, config, mode, null);
        }

        /** Reads stored datasets from {@code database} and saves nothing. */
        public static Store readOnly(DatabaseUrl database) {
            return new Store(database, false, null, null, null);
        }

        public Store withStoreOptions(DatasetStore.Options options) {
            return new Store(database, save, config, mode, options);
        }
    }
}
