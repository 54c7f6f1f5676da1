// Saves a JSONL file as a dataset of a SQLite database with ftkit's store, so run-all.sh can execute notebooks
// against a real database. Runs on the kernel's classpath (java -cp "lib/target/classes:lib/target/dependency/*"
// notebooks/ImportToSqlite.java IN.jsonl OUT.db NAME). Exit codes: 0 saved, 1 failed, 2 usage.
import ftkit.notebook.NotebookDataset;
import ftkit.store.Dataset;
import java.nio.file.Path;

class ImportToSqlite {
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: ImportToSqlite IN.jsonl OUT.db DATASET_NAME");
            System.exit(2);
        }
        try {
            Dataset saved = NotebookDataset.importJsonl(Path.of(args[0]), Path.of(args[1]), args[2]);
            System.err.println("saved " + saved.totalSamples() + " samples of " + args[0] + " as dataset '" + saved.id() + "' in " + args[1]);
        } catch (Exception e) {
            System.err.println("cannot save " + args[0] + " to " + args[1] + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
