package jp.insurer.governance.policy.extract;

import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.TextScrubber;
import jp.insurer.governance.policy.transform.Transform;

/**
 * The second leak check, independent of the detectors: every released cell (strings, and numbers
 * and dates rendered as text) is matched against <em>its own customer's</em> identifiers in
 * normalized forms ({@link OwnIdentifierIndex}). What the scrubber missed because no detector knows
 * the spelling (a name in hiragana, a phone in kanji digits, an era birth date, an address without
 * its city) is found here because the suite knows the customer's values.
 *
 * <p>{@link OwnIdentifierMode#FAIL} (the default) records which identifier types each column holds —
 * column and type, never the value — and the extract fails. {@link OwnIdentifierMode#MASK}
 * replaces each matched span by the typed placeholder (＜氏名＞, ＜電話番号＞ …; a matched number or
 * date cell becomes null) and counts the spans. Thread-safe: rows are inspected on several threads.
 */
public final class OwnIdentifierCheck {

    /** An own identifier type found in a column (FAIL mode), with the first source column it matched. */
    public record Hit(String column, String type, String source) {}

    /** Spans masked in a column, by type (MASK mode). */
    public record Masked(String column, String type, long spans) {}

    /** Masking rounds at most; what still matches after them becomes {@link TextScrubber#OTHER_PLACEHOLDER} whole. */
    static final int MASK_ROUNDS = 3;

    private final OwnIdentifierIndex index;
    private final OwnIdentifierMode mode;
    private final List<String> columns;
    private final boolean[] checked;
    private final Map<String, Hit> hits = new ConcurrentHashMap<>(); // "column\ttype" → first hit of that type
    private final Map<String, LongAdder> masked = new ConcurrentHashMap<>(); // "column\ttype" → spans
    private final LongAdder cellsInspected = new LongAdder();

    /**
     * @param columns  the released row's column names, in row order
     * @param unchecked columns not to inspect (pseudonyms, which the detectors' check proves by shape)
     */
    public OwnIdentifierCheck(
            OwnIdentifierIndex index, OwnIdentifierMode mode, List<String> columns, Set<String> unchecked) {
        this.index = index;
        this.mode = mode;
        this.columns = List.copyOf(columns);
        this.checked = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) checked[i] = !unchecked.contains(columns.get(i));
    }

    /**
     * The check for one planned dataset. Not inspected: pseudonymized columns (HMAC output, proven by
     * shape elsewhere), quasi-identifiers the profile keeps as they are — a deliberate release that
     * k-anonymity governs — and columns generalized to labels only ({@link Hierarchies#labelsOnly}: a
     * band or a prefecture holds no character of the value, and at ten million customers some band
     * label equals someone's postal code by chance). Other generalized columns are inspected.
     */
    public static OwnIdentifierCheck forDataset(
            OwnIdentifierIndex index,
            OwnIdentifierMode mode,
            ExtractPlan.Dataset plan,
            List<String> columns,
            Hierarchies hierarchies) {
        Set<String> unchecked = new HashSet<>();
        for (ExtractPlan.Column c : plan.released()) {
            if (c.transform() instanceof Transform.Pseudonymize) unchecked.add(c.name());
            if (c.transform() instanceof Transform.Keep
                    && plan.quasiIdentifiers().contains(c.name())) unchecked.add(c.name());
            if (c.transform() instanceof Transform.Generalize g && hierarchies.labelsOnly(g.hierarchy()))
                unchecked.add(c.name());
        }
        return new OwnIdentifierCheck(index, mode, columns, unchecked);
    }

    public OwnIdentifierMode mode() {
        return mode;
    }

    /**
     * Inspects one released row of the given customer (its raw key; null: no customer, nothing to
     * compare with). In MASK mode matched spans are replaced in {@code row} itself.
     *
     * @return whether a cell was masked
     */
    public boolean inspect(Object[] row, Object customerKey) {
        OwnIdentifierIndex.Customer customer = index.customer(customerKey);
        if (customer == null) return false;
        boolean changed = false;
        for (int i = 0; i < row.length && i < checked.length; i++) {
            if (!checked[i] || row[i] == null) continue;
            String column = columns.get(i);
            String text = text(row[i]);
            if (text == null || text.isEmpty()) continue;
            cellsInspected.increment();
            List<OwnIdentifierIndex.Match> matches = index.find(customer, text);
            if (matches.isEmpty()) continue;
            if (mode == OwnIdentifierMode.FAIL) {
                for (OwnIdentifierIndex.Match m : matches) {
                    hits.putIfAbsent(
                            column + '\t' + m.kind().type(),
                            new Hit(column, m.kind().type(), m.kind().source()));
                }
            } else {
                row[i] = row[i] instanceof String ? mask(column, text, matches, customer) : maskWhole(column, matches);
                changed = true;
            }
        }
        return changed;
    }

    private Object maskWhole(String column, List<OwnIdentifierIndex.Match> matches) {
        count(column, matches.get(0).kind().type());
        return null; // a number or date cannot hold a placeholder
    }

    private String mask(
            String column, String text, List<OwnIdentifierIndex.Match> matches, OwnIdentifierIndex.Customer customer) {
        for (int round = 0; round < MASK_ROUNDS && !matches.isEmpty(); round++) {
            StringBuilder out = new StringBuilder(text.length());
            int pos = 0;
            int i = 0;
            while (i < matches.size()) {
                OwnIdentifierIndex.Match first = matches.get(i);
                int end = first.end();
                int j = i + 1;
                while (j < matches.size() && matches.get(j).start() < end)
                    end = Math.max(end, matches.get(j++).end());
                if (OwnIdentifierForms.ADDRESS.equals(first.kind().type())) {
                    // the separators the normalized form left out after the last number (…二十二号, 302号室) go too
                    while (end < text.length() && "丁目番地号室".indexOf(text.charAt(end)) >= 0) end++;
                }
                out.append(text, pos, first.start())
                        .append(TextScrubber.placeholder(first.kind().type()));
                count(column, first.kind().type());
                pos = end;
                i = j;
            }
            text = out.append(text, pos, text.length()).toString();
            matches = index.find(customer, text);
        }
        if (!matches.isEmpty()) {
            count(column, matches.get(0).kind().type());
            return TextScrubber.OTHER_PLACEHOLDER; // still matching after the rounds: nothing of it goes out
        }
        return text;
    }

    private void count(String column, String type) {
        masked.computeIfAbsent(column + '\t' + type, k -> new LongAdder()).increment();
    }

    /** A released value as the text a reader would see; null for values that cannot hold an identifier. */
    static String text(Object value) {
        if (value instanceof String s) return s;
        if (value instanceof BigDecimal d) return d.toPlainString();
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d).toPlainString() : null;
        }
        if (value instanceof Number || value instanceof TemporalAccessor || value instanceof java.util.Date)
            return value.toString();
        return null;
    }

    /** The own identifier types found per column (FAIL mode), by column then type. */
    public List<Hit> hits() {
        List<Hit> out = new ArrayList<>(hits.values());
        out.sort(Comparator.comparing(Hit::column).thenComparing(Hit::type));
        return List.copyOf(out);
    }

    public boolean clean() {
        return hits.isEmpty();
    }

    /** Spans masked per column and type (MASK mode), by column then type. */
    public List<Masked> masked() {
        List<Masked> out = new ArrayList<>();
        masked.forEach((k, v) -> {
            int tab = k.indexOf('\t');
            out.add(new Masked(k.substring(0, tab), k.substring(tab + 1), v.sum()));
        });
        out.sort(Comparator.comparing(Masked::column).thenComparing(Masked::type));
        return List.copyOf(out);
    }

    /** Cells compared with their customer's identifiers. */
    public long cellsInspected() {
        return cellsInspected.sum();
    }
}
