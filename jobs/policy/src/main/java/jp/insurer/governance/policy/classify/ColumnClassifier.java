package jp.insurer.governance.policy.classify;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;

/**
 * Decides a column's role and categories: a configured rule wins (RULE); otherwise the detectors'
 * evidence over sampled values, helped by name hints, values that follow one customer, or sentences
 * (DETECTED); otherwise a name hint alone (HINT); otherwise UNKNOWN (NONE). Nothing becomes
 * NON_PERSONAL without a rule or a hint saying so, and a hint's NON_PERSONAL stays a HINT.
 */
public final class ColumnClassifier {

    /** Customers with several sampled rows needed before values can be said to follow the customer. */
    static final int MIN_REPEATED_CUSTOMERS = 10;
    /** Share of those customers whose values are their own for the column to identify them. */
    static final double BOUND_SHARE = 0.9;
    /** What a name alone is worth for NON_PERSONAL: a suggestion, far from a rule's 1.0. */
    static final double HINT_NON_PERSONAL_CONFIDENCE = 0.3;

    private final ClassificationPolicy policy;
    private final Function<String, List<Finding>> scanner;

    /** @param scanner typically {@code TextScanner::scanValue} */
    public ColumnClassifier(ClassificationPolicy policy, Function<String, List<Finding>> scanner) {
        this.policy = policy;
        this.scanner = scanner;
    }

    public ClassificationPolicy policy() {
        return policy;
    }

    /**
     * The classification of one column. Free text of a dataset whose records are about a 機微 topic
     * ({@code sensitive_topic} in classification.yml) carries that kind: the extract then releases it
     * only where 機微情報 is allowed, and nulls it elsewhere instead of scrubbing it word by word.
     */
    public ColumnClassification classify(String dataset, String column, String physicalType, List<String> samples) {
        return classify(dataset, column, physicalType, samples, null);
    }

    /**
     * @param samples   sampled values of any type (numbers and dates are read as text too)
     * @param customers the normalized customer key of each sampled row, or null when the dataset has
     *                  no customer key or {@code column} is that key
     */
    public ColumnClassification classify(
            String dataset, String column, String physicalType, List<?> samples, List<String> customers) {
        ColumnClassification c = classifyColumn(dataset, column, physicalType, samples, customers);
        Optional<String> topic = policy.sensitiveTopic(dataset);
        if (c.role() != Role.FREE_TEXT || c.sensitiveKind() != null || topic.isEmpty()) return c;
        return new ColumnClassification(
                c.column(),
                c.physicalType(),
                c.role(),
                c.categories(),
                topic.get(),
                c.source(),
                c.confidence(),
                c.evidence() + "; free text of a 機微 topic (" + topic.get() + ") dataset",
                c.conflict());
    }

    private ColumnClassification classifyColumn(
            String dataset, String column, String physicalType, List<?> samples, List<String> customers) {
        ClassificationPolicy.Sampling sampling = policy.sampling();
        ValueEvidence evidence = ValueEvidence.of(samples, customers, scanner, sampling.freeTextMinLength());
        Set<AcquisitionCategory> datasetCategories = policy.datasetCategories(dataset);
        String seen = describe(evidence);

        Optional<ClassificationPolicy.ColumnRule> rule = policy.rule(dataset, column);
        if (rule.isPresent()) {
            ClassificationPolicy.ColumnRule r = rule.get();
            Set<AcquisitionCategory> categories = union(datasetCategories, r.categories());
            String conflict = null;
            if (r.role() == Role.NON_PERSONAL) {
                conflict = evidence.types().stream()
                        .filter(t -> t.hitRate() >= sampling.minHitRate()
                                && meaning(t.type()).role() == Role.DIRECT_IDENTIFIER)
                        .findFirst()
                        .map(t -> "rule says NON_PERSONAL but " + t.type() + " was detected in " + percent(t.hitRate())
                                + " of " + evidence.nonNull() + " sampled values")
                        .orElse(null);
            }
            return new ColumnClassification(
                    column,
                    physicalType,
                    r.role(),
                    categories,
                    r.sensitiveKind(),
                    DecisionSource.RULE,
                    1.0,
                    "rule " + r.id() + "; " + seen,
                    conflict);
        }

        List<ClassificationPolicy.NameHint> hints = policy.hintsFor(column);
        Set<String> hinted = hints.stream()
                .map(ClassificationPolicy.NameHint::holds)
                .filter(h -> h != null)
                .collect(Collectors.toSet());
        Set<AcquisitionCategory> hintCategories = EnumSet.noneOf(AcquisitionCategory.class);
        hints.forEach(h -> hintCategories.addAll(h.categories()));
        String hintIds = hints.isEmpty() ? "" : "; name hint " + hints.get(0).id();

        // 1. Detected values, strongest first; a name hint lowers the bar for its own type.
        for (ValueEvidence.TypeEvidence t : evidence.types()) {
            boolean named = hinted.contains(t.type());
            double bar = named ? sampling.hintedHitRate() : sampling.minHitRate();
            if (t.hitRate() < bar) continue;
            if (t.meanScore() < 0.5 && !named)
                continue; // weak evidence (bare dates) needs the name as a second witness
            ClassificationPolicy.TypeMeaning meaning = meaning(t.type());
            double confidence = Math.min(0.99, t.hitRate() * t.meanScore() + (named ? 0.2 : 0));
            return new ColumnClassification(
                    column,
                    physicalType,
                    meaning.role(),
                    union(datasetCategories, union(meaning.categories(), hintCategories)),
                    EntityTypes.SENSITIVE.equals(t.type()) ? t.kind() : null,
                    DecisionSource.DETECTED,
                    round(confidence),
                    seen + hintIds,
                    null);
        }

        // 2. Values that follow the customer: one value of its own on each of a customer's rows is an
        //    identifier of that person (a LINE id, a member number), whatever a name suggests short of a
        //    role as strict (SENSITIVE, FREE_TEXT, an identifier type).
        boolean strictHint = hints.stream()
                .anyMatch(
                        h -> h.holds() != null || (h.role() != Role.NON_PERSONAL && h.role() != Role.QUASI_IDENTIFIER));
        if (!strictHint
                && evidence.repeatedCustomers() >= MIN_REPEATED_CUSTOMERS
                && evidence.boundCustomers() >= BOUND_SHARE * evidence.repeatedCustomers()) {
            double share = (double) evidence.boundCustomers() / evidence.repeatedCustomers();
            return new ColumnClassification(
                    column,
                    physicalType,
                    Role.DIRECT_IDENTIFIER,
                    union(datasetCategories, hintCategories),
                    null,
                    DecisionSource.DETECTED,
                    round(Math.min(0.99, 0.9 * share)),
                    "values follow the customer: " + evidence.boundCustomers() + " of " + evidence.repeatedCustomers()
                            + " customers with several sampled rows have one value of their own on all of them; " + seen
                            + hintIds,
                    null);
        }

        // 3. Prose: free text may hide anything. A name hint with another role wins only when the
        //    values mention nothing personal (a user-agent string is long and spaced, not prose).
        boolean roleHinted = hints.stream().anyMatch(h -> h.role() != null && h.role() != Role.FREE_TEXT);
        boolean mentionsPeople = evidence.mentions().values().stream().anyMatch(n -> n >= 0.05 * evidence.nonNull());
        if (evidence.nonNull() > 0 && evidence.proseShare() >= 0.5 && !(roleHinted && !mentionsPeople)) {
            return new ColumnClassification(
                    column,
                    physicalType,
                    Role.FREE_TEXT,
                    union(datasetCategories, hintCategories),
                    null,
                    DecisionSource.DETECTED,
                    round(Math.min(0.99, evidence.proseShare())),
                    "free text: " + percent(evidence.proseShare()) + " of values read as sentences, mean length "
                            + Math.round(evidence.meanLength()) + "; " + seen + hintIds,
                    null);
        }

        // 4. The name alone (source HINT). A hinted type the values do not show is still assumed (fail
        //    closed). A name cannot vouch for NON_PERSONAL: low confidence, and only a RULE makes it certain.
        for (ClassificationPolicy.NameHint h : hints) {
            Role role = h.role() != null ? h.role() : meaning(h.holds()).role();
            Set<AcquisitionCategory> categories = union(
                    datasetCategories,
                    h.holds() == null
                            ? h.categories()
                            : union(h.categories(), meaning(h.holds()).categories()));
            String why = "name hint " + h.id() + (h.holds() != null ? " suggests " + h.holds() : "")
                    + (role == Role.NON_PERSONAL ? " suggests NON_PERSONAL (a name, not a rule)" : "") + "; " + seen;
            double confidence =
                    role == Role.NON_PERSONAL ? HINT_NON_PERSONAL_CONFIDENCE : evidence.nonNull() == 0 ? 0.5 : 0.6;
            return new ColumnClassification(
                    column,
                    physicalType,
                    role,
                    categories,
                    h.sensitiveKind(),
                    DecisionSource.HINT,
                    confidence,
                    why,
                    null);
        }

        return new ColumnClassification(
                column,
                physicalType,
                Role.UNKNOWN,
                datasetCategories,
                null,
                DecisionSource.NONE,
                0.0,
                "no rule, no hint, no detector match; " + seen,
                null);
    }

    private ClassificationPolicy.TypeMeaning meaning(String type) {
        ClassificationPolicy.TypeMeaning m = policy.types().get(type);
        // A custom type nobody described identifies someone until an officer says otherwise.
        return m != null ? m : new ClassificationPolicy.TypeMeaning(Role.DIRECT_IDENTIFIER, Set.of());
    }

    private static String describe(ValueEvidence e) {
        if (e.nonNull() == 0) return "all " + e.sampled() + " sampled values null";
        StringBuilder s = new StringBuilder();
        s.append(e.nonNull()).append(" of ").append(e.sampled()).append(" sampled values non-null");
        if (!e.mentions().isEmpty()) {
            s.append("; mentions ");
            e.mentions().entrySet().stream()
                    .sorted(java.util.Map.Entry.<String, Integer>comparingByValue()
                            .reversed())
                    .limit(4)
                    .forEach(m -> s.append(m.getKey())
                            .append(' ')
                            .append(percent((double) m.getValue() / e.nonNull()))
                            .append(' '));
        }
        for (ValueEvidence.TypeEvidence t :
                e.types().subList(0, Math.min(3, e.types().size()))) {
            s.append("; ")
                    .append(t.type())
                    .append(t.kind() == null ? "" : "/" + t.kind())
                    .append(" in ")
                    .append(percent(t.hitRate()))
                    .append(" (")
                    .append(t.detector())
                    .append(", mean score ")
                    .append(String.format(Locale.ROOT, "%.2f", t.meanScore()))
                    .append(')');
        }
        return s.toString();
    }

    private static Set<AcquisitionCategory> union(Set<AcquisitionCategory> a, Set<AcquisitionCategory> b) {
        Set<AcquisitionCategory> out = EnumSet.noneOf(AcquisitionCategory.class);
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
