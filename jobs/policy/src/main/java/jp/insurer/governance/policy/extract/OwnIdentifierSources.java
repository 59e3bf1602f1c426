package jp.insurer.governance.policy.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.classify.Role;

/**
 * Where the second leak check learns each customer's own identifiers ({@code own_identifier_sources:}
 * in {@code extracts.yml}): by default every DIRECT_IDENTIFIER column of every customer-linked dataset
 * of the catalog, plus its QUASI_IDENTIFIER columns whose values the tag job found to be birth dates,
 * addresses or postal codes; the type is the one the catalog's evidence names. The file may restrict
 * the datasets and override single columns with a type or {@code ignore}.
 *
 * @param datasets datasets to read; empty: every customer-linked dataset of the catalog
 * @param columns  dataset → column → type (PERSON_NAME, PHONE_NUMBER, …) or {@value #IGNORE}
 */
public record OwnIdentifierSources(List<String> datasets, Map<String, Map<String, String>> columns, Origin origin) {

    public static final String IGNORE = "ignore";
    /** The type of a direct identifier whose evidence names none (an id, a document number). */
    public static final String IDENTIFIER = "IDENTIFIER";
    /** Every customer-linked dataset, as the catalog says. */
    public static final OwnIdentifierSources DEFAULT = new OwnIdentifierSources(List.of(), Map.of(), null);

    /** Quasi-identifiers that are identifiers of one person when their values are this type. */
    static final Set<String> QUASI_TYPES =
            Set.of(OwnIdentifierForms.DATE_OF_BIRTH, OwnIdentifierForms.ADDRESS, OwnIdentifierForms.POSTAL_CODE);

    public OwnIdentifierSources {
        datasets = List.copyOf(datasets);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        columns.forEach((d, c) -> copy.put(d, Map.copyOf(c)));
        columns = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The identifier columns of one dataset and their types, in catalog order; empty when the dataset
     * has no customer key or is not among {@link #datasets}.
     */
    public Map<String, String> columnsOf(
            String dataset, String customerKey, Map<String, ColumnClassification> catalog) {
        Map<String, String> out = new LinkedHashMap<>();
        if (customerKey == null || (!datasets.isEmpty() && !datasets.contains(dataset))) return out;
        Map<String, String> overrides = columns.getOrDefault(dataset, Map.of());
        for (ColumnClassification c : catalog.values()) {
            if (c.physicalType() != null && c.physicalType().contains("PARTITION")) continue;
            String override = overrides.get(c.column());
            if (override != null) {
                if (!IGNORE.equals(override)) out.put(c.column(), override);
                continue;
            }
            String type = typeOf(c.evidence());
            if (c.role() == Role.DIRECT_IDENTIFIER) {
                out.put(c.column(), type == null || type.equals("SENSITIVE") ? IDENTIFIER : type);
            } else if (c.role() == Role.QUASI_IDENTIFIER && type != null && QUASI_TYPES.contains(type)) {
                out.put(c.column(), type);
            }
        }
        return out;
    }

    private static final Pattern SUGGESTS = Pattern.compile("^name hint [^;]*? suggests ([A-Z][A-Z0-9_]*)");
    private static final Pattern DETECTED = Pattern.compile("; ([A-Z][A-Z0-9_]*)(?:/[A-Z_]+)? in \\d+% \\(");

    /**
     * The entity type that decided a column, from the catalog's evidence: the detected type when the
     * values decided, the hinted type when the name decided; null when neither names one (a rule, a
     * name hint with a role only). A hint that merely accompanies (birth_date's) does not overrule
     * what the values showed; values a name decided (incident_date: dates, not birth dates) do not count.
     */
    static String typeOf(String evidence) {
        if (evidence == null) return null;
        if (evidence.startsWith("name hint")) {
            Matcher m = SUGGESTS.matcher(evidence);
            return m.find() ? m.group(1) : null;
        }
        if (evidence.startsWith("rule") || evidence.startsWith("free text")) return null;
        Matcher m = DETECTED.matcher(evidence);
        return m.find() ? m.group(1) : null;
    }
}
