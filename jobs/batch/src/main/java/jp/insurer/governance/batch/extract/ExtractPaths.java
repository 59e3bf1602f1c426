package jp.insurer.governance.batch.extract;

import java.time.LocalDate;
import org.apache.hadoop.fs.Path;

/** Where the extract job reads and writes, under the output root. */
final class ExtractPaths {

    private ExtractPaths() {}

    /** Deterministic, so that a rerun of the same profile and date replaces the same release. */
    static String extractId(String profile, LocalDate date) {
        return profile + "-" + date;
    }

    static Path extracts(String out) {
        return new Path(out, "extracts");
    }

    static Path release(String out, String extractId) {
        return new Path(extracts(out), extractId);
    }

    /** Hidden (leading '.') so that anyone listing extracts/ sees only complete releases. */
    static Path staging(String out, String extractId) {
        return new Path(extracts(out), ".staging-" + extractId);
    }

    /** The previous release while it is being replaced; see {@link ExtractTasklet#publish}. */
    static Path previous(String out, String extractId) {
        return new Path(extracts(out), ".previous-" + extractId);
    }

    static Path governed(String out) {
        return new Path(out, "governed");
    }

    static Path taggedMarker(String out) {
        return new Path(governed(out), "_tagged.json");
    }

    static Path catalog(String out) {
        return new Path(out, "catalog/catalog.json");
    }

    static Path report(String out, String date, String extension) {
        return new Path(out, "reports/extract-" + date + "." + extension);
    }
}
