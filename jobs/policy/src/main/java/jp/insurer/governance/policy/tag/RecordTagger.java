package jp.insurer.governance.policy.tag;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jp.insurer.governance.policy.classify.AcquisitionCategory;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.consent.ConsentLookup;
import jp.insurer.governance.policy.consent.ConsentState;
import jp.insurer.governance.policy.detect.TextScanner;

/**
 * Tags one record: which acquisition categories it holds (the categories of its non-null columns),
 * each purpose's consent state for its customer (key normalized as the ledger's) as of the business
 * date, and whether it holds
 * 機微情報 (a non-null SENSITIVE column, or a sensitive term in a free-text or unknown column).
 * Immutable and thread-safe.
 */
public final class RecordTagger {

    /**
     * @param customerLinked false for records without a customer (anonymous web events)
     * @param consent        per purpose in the book's order; null when not linked
     * @param categories     sorted, comma-separated category names
     */
    public record Tags(boolean customerLinked, ConsentState[] consent, String categories, boolean containsSensitive) {}

    private final int customerKey;
    private final ConsentLookup consent;
    private final TextScanner sensitiveTerms;
    private final int[] categoryBits;
    private final boolean[] sensitiveColumn;
    private final boolean[] textColumn;
    private final String[] categoryNames = new String[1 << AcquisitionCategory.values().length];

    /**
     * @param columns        classifications in the row's column order
     * @param customerKey    index of the column linking to customers, or -1
     * @param sensitiveTerms a scanner for sensitive mentions in text (findings of type SENSITIVE)
     */
    public RecordTagger(
            List<ColumnClassification> columns, int customerKey, ConsentLookup consent, TextScanner sensitiveTerms) {
        this.customerKey = customerKey;
        this.consent = consent;
        this.sensitiveTerms = sensitiveTerms;
        int n = columns.size();
        categoryBits = new int[n];
        sensitiveColumn = new boolean[n];
        textColumn = new boolean[n];
        for (int i = 0; i < n; i++) {
            ColumnClassification c = columns.get(i);
            for (AcquisitionCategory category : c.categories()) categoryBits[i] |= 1 << category.ordinal();
            sensitiveColumn[i] = c.role() == Role.SENSITIVE;
            textColumn[i] = c.role() == Role.FREE_TEXT || c.role() == Role.UNKNOWN;
        }
        for (int bits = 0; bits < categoryNames.length; bits++) categoryNames[bits] = names(bits);
    }

    public Tags tag(Object[] row) {
        int bits = 0;
        boolean sensitive = false;
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            if (value == null) continue;
            bits |= categoryBits[i];
            if (sensitive) continue;
            if (sensitiveColumn[i]) {
                sensitive = true;
            } else if (textColumn[i]
                    && value instanceof String text
                    && !sensitiveTerms.scan(text).isEmpty()) {
                sensitive = true;
            }
        }
        Object raw = customerKey < 0 ? null : row[customerKey];
        // The ledger's normalization (width, case, whitespace) on the record's key too: one customer, one key.
        String key = consent.customerKeys().normalizeValue(raw);
        boolean linked = key != null;
        ConsentState[] states = linked ? consent.states(key) : null;
        return new Tags(linked, states, categoryNames[bits], sensitive);
    }

    private static String names(int bits) {
        Set<AcquisitionCategory> set = EnumSet.noneOf(AcquisitionCategory.class);
        for (AcquisitionCategory c : AcquisitionCategory.values()) if ((bits & (1 << c.ordinal())) != 0) set.add(c);
        return set.stream().map(Enum::name).collect(Collectors.joining(","));
    }
}
