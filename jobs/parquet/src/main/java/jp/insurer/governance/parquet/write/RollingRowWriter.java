package jp.insurer.governance.parquet.write;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.RowSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes rows into a folder as {@code part-00000.parquet}, {@code part-00001.parquet}, … starting a new
 * file when the current one reaches {@code maxFileBytes} (estimated, before compression of the open row
 * group is final) or {@code maxFileRows}. At most one file is open at a time, so memory stays at one row
 * group whatever the row count. Closing a writer that received no rows still writes one empty file, so
 * the folder always carries the schema.
 */
public final class RollingRowWriter implements AutoCloseable {

    /** One finished file. */
    public record PartFile(String location, long rows) {}

    private static final int SIZE_CHECK_INTERVAL = 1024;

    private final Path folder;
    private final RowSchema schema;
    private final WriterOptions options;
    private final Configuration conf;
    private final long maxFileBytes;
    private final long maxFileRows;
    private final List<PartFile> files = new ArrayList<>();
    private ParquetRowWriter current;
    private long rows;
    private boolean closed;

    public RollingRowWriter(
            String folderLocation,
            RowSchema schema,
            WriterOptions options,
            Configuration conf,
            long maxFileBytes,
            long maxFileRows) {
        this(FileSystems.path(folderLocation), schema, options, conf, maxFileBytes, maxFileRows);
    }

    public RollingRowWriter(
            Path folder,
            RowSchema schema,
            WriterOptions options,
            Configuration conf,
            long maxFileBytes,
            long maxFileRows) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.options = Objects.requireNonNull(options, "options");
        this.conf = Objects.requireNonNull(conf, "conf");
        if (maxFileBytes <= 0 || maxFileRows <= 0) {
            throw new IllegalArgumentException("file limits must be positive");
        }
        this.maxFileBytes = maxFileBytes;
        this.maxFileRows = maxFileRows;
    }

    public void write(Object[] row) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer for " + folder + " is closed");
        }
        if (current == null) {
            current = openNext();
        }
        current.write(row);
        rows++;
        long inFile = current.rows();
        if (inFile >= maxFileRows || (inFile % SIZE_CHECK_INTERVAL == 0 && current.dataSize() >= maxFileBytes)) {
            finishCurrent();
        }
    }

    /** Rows written so far, over all files. */
    public long rows() {
        return rows;
    }

    /** Finished files, in order (complete only after {@link #close()}). */
    public List<PartFile> files() {
        return List.copyOf(files);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (current == null && files.isEmpty()) {
            current = openNext();
        }
        if (current != null) {
            finishCurrent();
        }
    }

    private ParquetRowWriter openNext() throws IOException {
        Path file = new Path(folder, String.format("part-%05d.parquet", files.size()));
        return ParquetRowWriter.open(OutputFiles.forPath(file, conf), schema, options, conf);
    }

    private void finishCurrent() throws IOException {
        ParquetRowWriter done = current;
        current = null;
        done.close();
        files.add(new PartFile(done.location(), done.rows()));
    }
}
