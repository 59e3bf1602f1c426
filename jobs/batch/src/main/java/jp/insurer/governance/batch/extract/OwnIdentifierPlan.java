package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.dataset.FooterReader;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.policy.extract.OwnIdentifierForms;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * How {@code extractOwnIdentifiers} splits the reading of the own-identifier columns ({@link OwnIdentifierLoader})
 * into {@code parts}, made once per run by {@code extractPlan} and kept in {@code extracts/.work-own-identifiers/}
 * of the output, which every worker reaches. The index depends on the governed zone and the config only, not on
 * the profile: one plan serves every profile of the run.
 *
 * <p>The zone is a line of row groups in the order one JVM reads it (dataset, file, row group, row), each row
 * weighing what hashing it costs: the forms its identifier columns give ({@link OwnIdentifierForms#of}), which
 * differ tenfold between a name or address and a postal code, so parts of equal rows or columns are not of equal
 * time. Each column's forms per row are measured on the dataset's first {@value #SAMPLE_ROWS} rows ({@link
 * #formsPerRow}). Part P takes the P-th of P equal stretches of that line, cut inside a row group where it falls (a
 * zone of few large files still splits). Parts are contiguous, so their runs merged in part order hand every form to
 * the index in the order one reader would, and the index is the one a single JVM builds. The cut is recorded, never
 * made again: a restarted step or a worker reads the parts from the plan file.
 *
 * @param planId       16 hex digits, random per plan: runs of an earlier plan are never read
 * @param policySha256 the policy the plan was made under
 * @param columns      dataset → column → identifier type, as {@link OwnIdentifierLoader#plan} said at planning
 * @param weights      dataset → column → its weight per row in thousandths of a form, as measured at planning
 * @param parts        per part, its stretches of row groups
 */
record OwnIdentifierPlan(
        String planId,
        String policySha256,
        Map<String, Map<String, String>> columns,
        Map<String, Map<String, Long>> weights,
        List<List<Segment>> parts) {

    private static final Log log = LogFactory.getLog(OwnIdentifierPlan.class);

    /** Rows of a dataset sampled for its columns' forms: a few milliseconds, enough for a mean to a few per cent. */
    static final int SAMPLE_ROWS = 2_000;

    /**
     * A column's least weight per row, one form: reading and decoding a column costs even where it gives no form,
     * and a sample of nulls must not make a dataset free.
     */
    static final long MIN_COLUMN_WEIGHT = 1_000;

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
        Map<String, Map<String, Long>> weights = new LinkedHashMap<>();
        for (var e : columns.entrySet()) {
            List<DatasetFile> files = new ArrayList<>();
            for (DatasetFile file : layout.files(new Path(governed, e.getKey())))
                if (file.relative().endsWith(".parquet")) files.add(file);
            Map<String, Long> columnWeights = formsPerRow(e.getKey(), e.getValue(), files, fs);
            weights.put(e.getKey(), columnWeights);
            long weight = Math.max(
                    MIN_COLUMN_WEIGHT,
                    columnWeights.values().stream().mapToLong(Long::longValue).sum());
            log.info("own identifiers: dataset '" + e.getKey() + "' weighs " + weight / 1000.0
                    + " forms a row (per column " + columnWeights + ")");
            for (DatasetFile file : files) {
                List<Long> rows = footers.read(file.path()).rowGroupRows();
                String stamp = stamp(fs, file.path());
                for (int g = 0; g < rows.size(); g++)
                    groups.add(new RowGroup(e.getKey(), file.relative(), stamp, g, rows.get(g), weight));
            }
        }
        List<List<Segment>> frozen = new ArrayList<>();
        for (List<Segment> part : cut(groups, parts)) frozen.add(List.copyOf(part));
        String planId = String.format("%016x", RANDOM.nextLong());
        return new OwnIdentifierPlan(planId, policySha256, columns, weights, List.copyOf(frozen));
    }

    /**
     * Each identifier column's forms per row, in thousandths, at least {@link #MIN_COLUMN_WEIGHT}: the mean over the
     * dataset's first {@value #SAMPLE_ROWS} rows in reading order (nulls count as no form), only those columns
     * projected. The same files give the same weights; only counts leave this method, never a value.
     */
    static Map<String, Long> formsPerRow(
            String dataset, Map<String, String> columns, List<DatasetFile> files, FileSystem fs) throws IOException {
        List<String> projection = List.copyOf(columns.keySet());
        String[] types = new String[projection.size()];
        for (int i = 0; i < types.length; i++) types[i] = columns.get(projection.get(i));
        long[] forms = new long[projection.size()];
        long sampled = 0;
        for (DatasetFile file : files) {
            if (sampled >= SAMPLE_ROWS || projection.isEmpty()) break;
            try (ParquetRowReader reader = ParquetRowReader.open(file.path(), fs.getConf(), projection)) {
                for (Object[] row = reader.read(); row != null; row = reader.read()) {
                    for (int i = 0; i < row.length; i++)
                        forms[i] += OwnIdentifierForms.of(types[i], row[i]).size();
                    if (++sampled >= SAMPLE_ROWS) break;
                }
            } catch (IOException | RuntimeException ex) { // as the parts' reading says it: the file, never a value
                throw new IOException(
                        "own identifiers: dataset '" + dataset + "', file " + file.relative() + ": " + ex.getMessage(),
                        ex);
            }
        }
        Map<String, Long> weights = new LinkedHashMap<>();
        for (int i = 0; i < forms.length; i++) {
            long mean = sampled == 0 ? 0 : Math.round(1000.0 * forms[i] / sampled);
            weights.put(projection.get(i), Math.max(MIN_COLUMN_WEIGHT, mean));
        }
        return weights;
    }

    /**
     * A row group in reading order; each of its rows weighs {@code weight} (its identifier columns' forms, in
     * thousandths).
     */
    record RowGroup(String dataset, String relative, String stamp, int rowGroup, long rows, long weight) {}

    /** The line of row groups cut into {@code parts} contiguous stretches of equal weight (to a row). */
    static List<List<Segment>> cut(List<RowGroup> groups, int parts) {
        long total = 0;
        for (RowGroup g : groups) total += g.rows() * g.weight();
        List<List<Segment>> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) out.add(new ArrayList<>());
        long before = 0; // weight of the groups before this one
        for (RowGroup g : groups) {
            for (int p = 0; p < parts; p++) {
                long from = Math.min(g.rows(), Math.max(0, firstRow(p, parts, total, before, g.weight())));
                long to = p == parts - 1
                        ? g.rows()
                        : Math.min(g.rows(), Math.max(0, firstRow(p + 1, parts, total, before, g.weight())));
                if (to > from)
                    out.get(p).add(new Segment(g.dataset(), g.relative(), g.stamp(), g.rowGroup(), from, to));
            }
            before += g.rows() * g.weight();
        }
        return out;
    }

    /** The first row of a group whose weight lies at or past part {@code p}'s start, {@code ceil(p × total / parts)}. */
    private static long firstRow(int p, int parts, long total, long before, long weight) {
        long start = ceilDiv((long) p * total, parts);
        return ceilDiv(start - before, weight);
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
