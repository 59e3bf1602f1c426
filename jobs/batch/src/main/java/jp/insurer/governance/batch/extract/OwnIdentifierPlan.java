package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.dataset.FooterReader;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * How {@code extractOwnIdentifiers} splits the reading of the own-identifier columns ({@link OwnIdentifierLoader})
 * into {@code parts}, made once per run by {@code extractPlan} and kept in {@code extracts/.work-own-identifiers/}
 * of the output, which every worker reaches. The index depends on the governed zone and the config only, not on
 * the profile: one plan serves every profile of the run.
 *
 * <p>The zone is a line of row groups in the order one JVM reads it (dataset, file, row group, row), each row
 * weighing its identifier columns; part P takes the P-th of P equal stretches of that line, cut inside a row group
 * where it falls (a zone of few large files still splits). Parts are contiguous, so their runs merged in part order
 * hand every form to the index in the order one reader would, and the index is the one a single JVM builds.
 *
 * @param planId       16 hex digits, random per plan: runs of an earlier plan are never read
 * @param policySha256 the policy the plan was made under
 * @param columns      dataset → column → identifier type, as {@link OwnIdentifierLoader#plan} said at planning
 * @param parts        per part, its stretches of row groups
 */
record OwnIdentifierPlan(
        String planId, String policySha256, Map<String, Map<String, String>> columns, List<List<Segment>> parts) {

    /**
     * Rows {@code [fromRow, toRow)} of one row group of a governed file.
     *
     * @param stamp the file's length and modification time at planning: a file tag rewrote since is refused
     */
    record Segment(String dataset, String relative, String stamp, int rowGroup, long fromRow, long toRow) {}

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    static OwnIdentifierPlan make(
            Map<String, Map<String, String>> columns,
            Path governed,
            FileSystem fs,
            DatasetLayout layout,
            FooterReader footers,
            int parts,
            String policySha256)
            throws IOException {
        List<RowGroup> groups = new ArrayList<>();
        for (var e : columns.entrySet()) {
            int width = Math.max(1, e.getValue().size());
            for (DatasetFile file : layout.files(new Path(governed, e.getKey()))) {
                if (!file.relative().endsWith(".parquet")) continue;
                List<Long> rows = footers.read(file.path()).rowGroupRows();
                String stamp = stamp(fs, file.path());
                for (int g = 0; g < rows.size(); g++)
                    groups.add(new RowGroup(e.getKey(), file.relative(), stamp, g, rows.get(g), width));
            }
        }
        List<List<Segment>> frozen = new ArrayList<>();
        for (List<Segment> part : cut(groups, parts)) frozen.add(List.copyOf(part));
        String planId = String.format("%016x", RANDOM.nextLong());
        return new OwnIdentifierPlan(planId, policySha256, columns, List.copyOf(frozen));
    }

    /** A row group in reading order; each of its rows weighs {@code width} (its identifier columns). */
    record RowGroup(String dataset, String relative, String stamp, int rowGroup, long rows, int width) {}

    /** The line of row groups cut into {@code parts} contiguous stretches of equal weight (to a row). */
    static List<List<Segment>> cut(List<RowGroup> groups, int parts) {
        long total = 0;
        for (RowGroup g : groups) total += g.rows() * g.width();
        List<List<Segment>> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) out.add(new ArrayList<>());
        long before = 0; // weight of the groups before this one
        for (RowGroup g : groups) {
            for (int p = 0; p < parts; p++) {
                long from = Math.min(g.rows(), Math.max(0, firstRow(p, parts, total, before, g.width())));
                long to = p == parts - 1
                        ? g.rows()
                        : Math.min(g.rows(), Math.max(0, firstRow(p + 1, parts, total, before, g.width())));
                if (to > from)
                    out.get(p).add(new Segment(g.dataset(), g.relative(), g.stamp(), g.rowGroup(), from, to));
            }
            before += g.rows() * g.width();
        }
        return out;
    }

    /** The first row of a group whose weight lies at or past part {@code p}'s start, {@code ceil(p × total / parts)}. */
    private static long firstRow(int p, int parts, long total, long before, long width) {
        long start = ceilDiv((long) p * total, parts);
        return ceilDiv(start - before, width);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** Length and modification time: tag writing a file again changes them. */
    static String stamp(FileSystem fs, Path file) throws IOException {
        var status = fs.getFileStatus(file);
        return status.getLen() + "@" + status.getModificationTime();
    }

    /** What a part's run is labelled: a run of another plan or part is refused when merged. */
    String label(int part) {
        return "plan-" + planId + " part " + part + " of " + parts.size();
    }

    static Path work(String out) {
        return new Path(ExtractPaths.extracts(out), ".work-own-identifiers");
    }

    static Path planFile(String out) {
        return new Path(work(out), "plan.json");
    }

    /** Part P's run: written whole under a temporary name, then renamed. */
    Path run(String out, int part) {
        return new Path(new Path(work(out), "plan-" + planId), "run-" + part);
    }

    /** The run's temporary name while one attempt writes it; a rerun writes its own. */
    Path runInProgress(String out, int part) {
        return new Path(
                new Path(work(out), "plan-" + planId),
                ".run-" + part + "-" + String.format("%016x", RANDOM.nextLong()) + ".tmp");
    }

    void requirePolicy(String policy) {
        if (!policySha256.equals(policy)) {
            throw new IllegalStateException("the own-identifier plan " + planId + " was made under policy sha256 "
                    + policySha256 + ", this JVM has " + policy
                    + "; run extract again (or give every worker the same config)");
        }
    }
}
