package jp.insurer.governance.batch.observe;

import java.io.IOException;
import java.io.InputStream;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.parquet.FileSystems;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Reads a report a job wrote (JSON, on any file system) back into its record, for {@link JobFacts}. */
public final class ReportFiles {

    private ReportFiles() {}

    public static <T> T read(Path file, Class<T> type, Configuration conf) throws IOException {
        Path qualified = FileSystems.path(file.toString());
        try (InputStream in = FileSystems.get(qualified, conf).open(qualified)) {
            return Json.MAPPER.readValue(in, type);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IOException(
                    "report " + file + " cannot be read as " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
