package ftkit.export;

import ftkit.io.RecordFormat;
import ftkit.providers.Target;

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
 */
public record ExportOptions(List<Target> targets, Path outputDir, String outputName, RecordFormat forcedFormat,
                            Path llama3File, boolean includeCsv, boolean includeStats) {
}
