package jp.insurer.governance.policy.extract;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.Pseudonymizer;
import jp.insurer.governance.policy.transform.TextScrubber;
import jp.insurer.governance.policy.transform.Transform;

/**
 * One dataset's plan compiled for the per-row hot path: source row (in the file's column order) →
 * released row (in the plan's order, dropped columns gone). Everything is resolved once — column
 * positions, hierarchy tables, age labels, the per-thread {@code Mac} — so a cell costs one array
 * read and its transform. Thread-safe; share one per dataset across the job's threads.
 */
public final class DatasetTransformer {

    /** A compiled cell transform. */
    @FunctionalInterface
    interface Cell {
        Object apply(Object value, boolean sensitiveAllowed);
    }

    private final List<String> outputColumns;
    private final int[] sourceIndex;
    private final Cell[] cells;
    private final int[] quasiIdentifierIndex;

    private DatasetTransformer(
            List<String> outputColumns, int[] sourceIndex, Cell[] cells, int[] quasiIdentifierIndex) {
        this.outputColumns = List.copyOf(outputColumns);
        this.sourceIndex = sourceIndex;
        this.cells = cells;
        this.quasiIdentifierIndex = quasiIdentifierIndex;
    }

    /**
     * @param sourceColumns the column names of the rows that will be passed to {@link #apply}
     * @param pseudonymizer the recipient's pseudonymizer; may be null only if no column is pseudonymized
     * @param scrubber      the text scrubber; may be null only if no column is scrubbed
     * @throws IllegalArgumentException when a planned column is not among the source columns, or a
     *                                  needed pseudonymizer or scrubber is missing
     */
    public static DatasetTransformer compile(
            ExtractPlan.Dataset plan,
            List<String> sourceColumns,
            Hierarchies hierarchies,
            Pseudonymizer pseudonymizer,
            TextScrubber scrubber,
            LocalDate businessDate,
            ZoneId zone) {
        List<ExtractPlan.Column> released = plan.released();
        List<String> names = new ArrayList<>();
        int[] index = new int[released.size()];
        Cell[] cells = new Cell[released.size()];
        for (int i = 0; i < released.size(); i++) {
            ExtractPlan.Column c = released.get(i);
            names.add(c.name());
            index[i] = sourceColumns.indexOf(c.name());
            if (index[i] < 0) {
                throw new IllegalArgumentException(
                        "column '" + c.name() + "' of dataset '" + plan.name() + "' is not in the source");
            }
            cells[i] = cell(c, hierarchies, pseudonymizer, scrubber, businessDate, zone);
        }
        int[] qi = new int[plan.quasiIdentifiers().size()];
        for (int i = 0; i < qi.length; i++)
            qi[i] = names.indexOf(plan.quasiIdentifiers().get(i));
        return new DatasetTransformer(names, index, cells, qi);
    }

    static Cell cell(
            ExtractPlan.Column c,
            Hierarchies hierarchies,
            Pseudonymizer pseudonymizer,
            TextScrubber scrubber,
            LocalDate businessDate,
            ZoneId zone) {
        Transform t = c.transform();
        boolean gated = c.gated();
        if (t instanceof Transform.Keep) {
            return gated ? (v, allowed) -> allowed ? v : null : (v, allowed) -> v;
        }
        if (t instanceof Transform.Pseudonymize) {
            if (pseudonymizer == null)
                throw new IllegalArgumentException("column '" + c.name() + "' needs the recipient's pseudonym key");
            return (v, allowed) ->
                    v == null ? null : pseudonymizer.pseudonym(v.toString().strip());
        }
        if (t instanceof Transform.Generalize g) {
            Function<Object, String> f = hierarchies
                    .get(g.hierarchy())
                    .orElseThrow(() -> new IllegalArgumentException("unknown hierarchy " + g.hierarchy()))
                    .bind(businessDate, zone);
            return gated
                    ? (v, allowed) -> allowed && v != null ? f.apply(v) : null
                    : (v, allowed) -> v == null ? null : f.apply(v);
        }
        if (t instanceof Transform.ScrubText) {
            if (scrubber == null)
                throw new IllegalArgumentException("column '" + c.name() + "' needs the text scrubber");
            // gated: free text about a 機微 topic, released only where 機微情報 is allowed
            return gated
                    ? (v, allowed) -> allowed && v != null ? scrubber.scrub(v.toString(), true) : null
                    : (v, allowed) -> v == null ? null : scrubber.scrub(v.toString(), allowed);
        }
        throw new IllegalArgumentException("dropped columns are not compiled: " + c.name());
    }

    /** Released column names, in output order. */
    public List<String> outputColumns() {
        return outputColumns;
    }

    /** The released row for a source row the consent gate included. */
    public Object[] apply(Object[] row, boolean sensitiveAllowed) {
        Object[] out = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) out[i] = cells[i].apply(row[sourceIndex[i]], sensitiveAllowed);
        return out;
    }

    /** The quasi-identifier values of a released row, in the plan's order (for the equivalence-class profile). */
    public Object[] quasiIdentifiers(Object[] releasedRow) {
        Object[] out = new Object[quasiIdentifierIndex.length];
        for (int i = 0; i < out.length; i++) out[i] = releasedRow[quasiIdentifierIndex[i]];
        return out;
    }
}
