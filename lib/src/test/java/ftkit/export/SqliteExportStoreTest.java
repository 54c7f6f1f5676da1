package ftkit.export;

import ftkit.store.DatabaseUrl;

/** Export and the store on an SQLite file (the default store's kind). */
class SqliteExportStoreTest extends ExportStoreContract {
    @Override
    protected DatabaseUrl database() {
        return DatabaseUrl.sqlite(dir.resolve("memory/dataset_builder.db"));
    }

    @Override
    protected boolean hasOnlineBackup() {
        return true;
    }
}
