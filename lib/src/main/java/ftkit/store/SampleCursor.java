package ftkit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import ftkit.io.Json;
import ftkit.model.Sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** Samples read one row at a time from an open result set; close it to release the statement. */
public final class SampleCursor implements Iterator<StoredSample>, AutoCloseable {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final boolean restoreAutoCommit;
    private final String where;
    private StoredSample next;
    private boolean finished;

    SampleCursor(Connection connection, PreparedStatement statement, ResultSet rows, boolean restoreAutoCommit, String where) {
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.restoreAutoCommit = restoreAutoCommit;
        this.where = where;
    }

    @Override
    public boolean hasNext() {
        if (next != null) return true;
        if (finished) return false;
        try {
            if (!rows.next()) {
                finished = true;
                return false;
            }
            String rowId = rows.getString(1);
            long lineNumber = rows.getLong(4);
            Long line = rows.wasNull() ? null : lineNumber;
            int tokenLength = rows.getInt(8);
            Integer tokens = rows.wasNull() ? null : tokenLength;
            Sample sample;
            try {
                sample = Json.MAPPER.readValue(rows.getString(11), Sample.class);
            } catch (JsonProcessingException e) {
                throw new StoreException(where + ": sample row '" + rowId + "' holds unreadable JSON: " + e.getOriginalMessage(), e);
            }
            next = new StoredSample(rowId, rows.getString(2), rows.getLong(3), line, rows.getString(5), rows.getString(6),
                    rows.getString(7), tokens, rows.getString(9), rows.getString(10), sample);
            return true;
        } catch (SQLException e) {
            throw new StoreException("cannot read samples from " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public StoredSample next() {
        if (!hasNext()) throw new NoSuchElementException();
        StoredSample s = next;
        next = null;
        return s;
    }

    /** Just the canonical samples, for re-export. */
    public Iterator<Sample> samples() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return SampleCursor.this.hasNext();
            }

            @Override
            public Sample next() {
                return SampleCursor.this.next().sample();
            }
        };
    }

    @Override
    public void close() {
        try {
            rows.close();
            statement.close();
            if (restoreAutoCommit) {
                connection.commit();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot close a sample cursor on " + where + ": " + e.getMessage(), e);
        }
    }
}
