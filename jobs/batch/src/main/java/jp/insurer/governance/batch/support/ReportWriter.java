package jp.insurer.governance.batch.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import jp.insurer.governance.parquet.FileSystems;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes a report's pair: the JSON (for tools; the record as {@link Json} writes it) and its HTML page
 * (for people; from a template, see {@link ReportPages}). Each file replaces the last atomically, so a
 * reader never sees half a report.
 */
public final class ReportWriter {

    private ReportWriter() {}

    /** {@code NAME.json} and, beside it, {@code NAME.html}. */
    public static void write(Path json, Object report, String html, Configuration conf) throws IOException {
        String name = json.getName();
        if (!name.endsWith(".json"))
            throw new IllegalArgumentException("a report's JSON file must end in .json: " + json);
        write(json, report, new Path(json.getParent(), name.substring(0, name.length() - 5) + ".html"), html, conf);
    }

    /** The JSON and the page at paths of their own (the catalog: {@code catalog.json} and {@code index.html}). */
    public static void write(Path json, Object report, Path htmlFile, String html, Configuration conf)
            throws IOException {
        FileSystems.writeReplacing(json, Json.MAPPER.writeValueAsBytes(report), conf);
        FileSystems.writeReplacing(htmlFile, html.getBytes(StandardCharsets.UTF_8), conf);
    }
}
