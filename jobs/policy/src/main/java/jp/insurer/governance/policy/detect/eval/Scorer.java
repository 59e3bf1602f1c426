package jp.insurer.governance.policy.detect.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;

/**
 * Per-type precision and recall of detector findings against labelled spans. A labelled span is
 * found when a finding of the same type (and, for SENSITIVE, the same kind) overlaps it; a finding
 * is correct when it overlaps a labelled span of the same type (and kind). Overlap rather than exact
 * boundaries: for redaction, a finding that covers most of a phone number matters, whether or not it
 * included the honorific or the 〒 mark. Rows per type, plus one per SENSITIVE kind.
 */
public final class Scorer {

    /** A labelled span: code points of the original text, end exclusive; kind null unless SENSITIVE. */
    public record Span(String type, String kind, int start, int end) {}

    /** Counts for one type. */
    public static final class Row {
        int gold;
        int goldFound;
        int goldCovered;
        int found;
        int foundCorrect;

        public int gold() {
            return gold;
        }

        public int found() {
            return found;
        }

        public double recall() {
            return gold == 0 ? Double.NaN : (double) goldFound / gold;
        }

        /**
         * Share of labelled spans whose every code point lies inside findings of the same type: what
         * masking those findings would remove entirely (a name with one character left is not safe).
         */
        public double coveredRecall() {
            return gold == 0 ? Double.NaN : (double) goldCovered / gold;
        }

        public double precision() {
            return found == 0 ? Double.NaN : (double) foundCorrect / found;
        }
    }

    private final Map<String, Row> rows = new TreeMap<>();

    /** Adds one document. */
    public void add(List<Span> gold, List<Finding> found) {
        for (Span g : gold) {
            boolean hit = false;
            for (Finding f : found) {
                if (same(g.type(), g.kind(), f.type(), f.kind()) && f.start() < g.end() && g.start() < f.end()) {
                    hit = true;
                    break;
                }
            }
            boolean covered = hit && covered(g, found);
            for (String key : keys(g.type(), g.kind())) {
                Row r = rows.computeIfAbsent(key, k -> new Row());
                r.gold++;
                if (hit) r.goldFound++;
                if (covered) r.goldCovered++;
            }
        }
        for (Finding f : found) {
            boolean ok = false;
            for (Span g : gold) {
                if (same(g.type(), g.kind(), f.type(), f.kind()) && f.start() < g.end() && g.start() < f.end()) {
                    ok = true;
                    break;
                }
            }
            for (String key : keys(f.type(), f.kind())) {
                Row r = rows.computeIfAbsent(key, k -> new Row());
                r.found++;
                if (ok) r.foundCorrect++;
            }
        }
    }

    private static boolean covered(Span g, List<Finding> found) {
        for (int cp = g.start(); cp < g.end(); cp++) {
            boolean in = false;
            for (Finding f : found) {
                if (same(g.type(), g.kind(), f.type(), f.kind()) && f.start() <= cp && cp < f.end()) {
                    in = true;
                    break;
                }
            }
            if (!in) return false;
        }
        return true;
    }

    private static boolean same(String gType, String gKind, String fType, String fKind) {
        if (!gType.equals(fType)) return false;
        return !EntityTypes.SENSITIVE.equals(gType) || (gKind != null && gKind.equals(fKind));
    }

    private static List<String> keys(String type, String kind) {
        return EntityTypes.SENSITIVE.equals(type) && kind != null ? List.of(type, type + ":" + kind) : List.of(type);
    }

    public Map<String, Row> rows() {
        return rows;
    }

    public Row row(String key) {
        return rows.getOrDefault(key, new Row());
    }

    /** A fixed-width table: type, labelled, found, recall (overlap), recall (fully covered), precision. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT, "%-32s %7s %7s %8s %8s %9s%n", "type", "gold", "found", "recall", "covered", "precision"));
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            b.append(String.format(
                    Locale.ROOT,
                    "%-32s %7d %7d %8s %8s %9s%n",
                    e.getKey(),
                    r.gold,
                    r.found,
                    fmt(r.recall()),
                    fmt(r.coveredRecall()),
                    fmt(r.precision())));
        }
        return b.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
