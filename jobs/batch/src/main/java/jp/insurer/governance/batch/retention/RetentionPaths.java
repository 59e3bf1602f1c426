package jp.insurer.governance.batch.retention;

import org.apache.hadoop.fs.Path;

/** Where the retention job reads and writes, under the output root and beside the source files. */
final class RetentionPaths {

    /** Suffix of a rewritten file before it replaces its source; hidden (leading '.') so readers skip it. */
    static final String STAGING_SUFFIX = ".retention-tmp";
    /** Suffix of a partition folder renamed away before it is deleted. */
    static final String TRASH_SUFFIX = ".retention-trash";

    private RetentionPaths() {}

    static Path staging(Path source) {
        return new Path(source.getParent(), "." + source.getName() + STAGING_SUFFIX);
    }

    static Path trash(Path partitionDir) {
        return new Path(partitionDir.getParent(), "." + partitionDir.getName() + TRASH_SUFFIX);
    }

    static Path governed(String out, String dataset, String relative) {
        Path root = new Path(out, "governed/" + dataset);
        return relative.isEmpty() ? root : new Path(root, relative);
    }

    static Path audit(String out) {
        return new Path(out, "audit");
    }

    static Path journal(String out) {
        return new Path(out, "retention/journal");
    }

    /** Per job instance: the facts snapshot and per-unit tallies; a restart reuses them. */
    static Path instanceState(String out, long instance) {
        return new Path(out, "retention/state/instance-" + instance);
    }

    /** {@code reports/retention-DATE-dry-run.json} or {@code -enforce.json}: the name says whether anything was changed. */
    static Path report(String out, String date, String mode, String extension) {
        return new Path(out, "reports/" + reportName(date, mode) + "." + extension);
    }

    static String reportName(String date, String mode) {
        return "retention-" + date + "-" + mode;
    }
}
