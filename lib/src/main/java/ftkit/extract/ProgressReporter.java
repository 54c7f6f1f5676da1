package ftkit.extract;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.function.Consumer;

/** The progress bar on stderr: files done of total, MB read, samples found, errors. Stdout stays data only. */
public final class ProgressReporter implements Consumer<FileReport>, AutoCloseable {
    private final ProgressBar bar;
    private final long totalBytes;
    private long bytes;
    private long samples;
    private long errors;

    public ProgressReporter(int files, long totalBytes, PrintStream err) {
        this.totalBytes = totalBytes;
        this.bar = new ProgressBarBuilder().setTaskName("extract").setInitialMax(files)
                .setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(110)
                .setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(250).build();
        bar.setExtraMessage(message());
    }

    @Override
    public void accept(FileReport r) {
        bytes += Math.max(0, r.bytes());
        samples += r.samples();
        if (r.problem()) errors++;
        bar.setExtraMessage(message());
        bar.step();
    }

    private String message() {
        return String.format(" %.2f/%.2f MB, %d samples, %d errors", bytes / 1e6, totalBytes / 1e6, samples, errors);
    }

    @Override
    public void close() {
        bar.close();
    }
}
