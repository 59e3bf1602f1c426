package jp.insurer.governance.policy.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ValueText;

/**
 * What the detectors say about a sample of one column's values (the compute half; the classifier
 * judges). A value "holds" a type when findings of that type cover at least half of its
 * non-blank code points — a phone number column holds phone numbers, a note merely mentions them.
 * A short value holds SENSITIVE when any sensitive term is in it (diagnosis names wrap the term).
 * Values of any type are read as text ({@link ValueText}): a number holds a type when any of its
 * readings does (a phone number stored as a number lost its trunk 0).
 *
 * <p>With the customer of each sampled row, it also tells whether values follow the customer: of the
 * customers with several sampled values, the share whose values are one and the same and seen with
 * no other customer — a LINE id or a member number repeated on every policy of its customer.
 */
public final class ValueEvidence {

    /** Per entity type: values holding it, the mean score, and the most frequent sensitive kind. */
    public record TypeEvidence(
            String type, int values, double hitRate, double meanScore, String kind, String detector) {}

    private final int sampled;
    private final int nonNull;
    private final double meanLength;
    private final double proseShare;
    private final List<TypeEvidence> types;
    private final Map<String, Integer> mentions;
    private final int repeatedCustomers;
    private final int boundCustomers;

    private ValueEvidence(
            int sampled,
            int nonNull,
            double meanLength,
            double proseShare,
            List<TypeEvidence> types,
            Map<String, Integer> mentions,
            int repeatedCustomers,
            int boundCustomers) {
        this.sampled = sampled;
        this.nonNull = nonNull;
        this.meanLength = meanLength;
        this.proseShare = proseShare;
        this.types = types;
        this.mentions = mentions;
        this.repeatedCustomers = repeatedCustomers;
        this.boundCustomers = boundCustomers;
    }

    /**
     * @param values  sampled values rendered as text; nulls count as sampled but not as values
     * @param scanner typically {@code TextScanner::scanValue}
     */
    public static ValueEvidence of(List<String> values, Function<String, List<Finding>> scanner, int shortLength) {
        return of(values, null, scanner, shortLength);
    }

    /**
     * @param values    sampled values of any type (strings, numbers, dates); nulls count as sampled but not as values
     * @param customers the normalized customer key of each sampled row (same order), null entries for
     *                  unlinked rows; null when the dataset has no customer key or this column is it
     */
    public static ValueEvidence of(
            List<?> values, List<String> customers, Function<String, List<Finding>> scanner, int shortLength) {
        Map<String, int[]> holds = new LinkedHashMap<>();
        Map<String, double[]> scores = new HashMap<>();
        Map<String, Map<String, Integer>> kinds = new HashMap<>();
        Map<String, Map<String, Integer>> detectors = new HashMap<>();
        Map<String, Integer> mentions = new LinkedHashMap<>();
        int nonNull = 0;
        long totalLength = 0;
        int prose = 0;
        // Columns repeat values (codes, states, genders): scan each distinct reading once.
        Map<String, List<Finding>> scanned = new HashMap<>();
        for (Object raw : values) {
            String value = ValueText.text(raw);
            if (value == null || value.isBlank()) continue;
            nonNull++;
            int length = value.codePointCount(0, value.length());
            totalLength += length;
            if (looksLikeProse(value, length, shortLength)) prose++;
            Set<String> mentioned = new HashSet<>();
            Map<String, Finding> held = new HashMap<>();
            for (String reading : raw instanceof String ? List.of(value) : ValueText.readings(raw)) {
                int solid = (int) reading.codePoints()
                        .filter(c -> !Character.isWhitespace(c))
                        .count();
                int readingLength = reading.codePointCount(0, reading.length());
                Map<String, Integer> covered = new HashMap<>();
                Map<String, Finding> strongest = new HashMap<>();
                for (Finding f : scanned.computeIfAbsent(reading, scanner)) {
                    covered.merge(f.type(), f.length(), Integer::sum);
                    strongest.merge(f.type(), f, (a, b) -> a.score() >= b.score() ? a : b);
                }
                for (Map.Entry<String, Integer> e : covered.entrySet()) {
                    String type = e.getKey();
                    mentioned.add(type);
                    boolean holdsType = e.getValue() * 2 >= solid
                            || (EntityTypes.SENSITIVE.equals(type) && readingLength < shortLength);
                    if (holdsType) held.merge(type, strongest.get(type), (a, b) -> a.score() >= b.score() ? a : b);
                }
            }
            mentioned.forEach(type -> mentions.merge(type, 1, Integer::sum));
            for (Map.Entry<String, Finding> e : held.entrySet()) {
                String type = e.getKey();
                Finding f = e.getValue();
                holds.computeIfAbsent(type, t -> new int[1])[0]++;
                scores.computeIfAbsent(type, t -> new double[1])[0] += f.score();
                if (f.kind() != null)
                    kinds.computeIfAbsent(type, t -> new HashMap<>()).merge(f.kind(), 1, Integer::sum);
                detectors.computeIfAbsent(type, t -> new HashMap<>()).merge(f.detector(), 1, Integer::sum);
            }
        }
        List<TypeEvidence> types = new ArrayList<>();
        for (Map.Entry<String, int[]> e : holds.entrySet()) {
            int n = e.getValue()[0];
            types.add(new TypeEvidence(
                    e.getKey(),
                    n,
                    nonNull == 0 ? 0 : (double) n / nonNull,
                    scores.get(e.getKey())[0] / n,
                    mostFrequent(kinds.get(e.getKey())),
                    mostFrequent(detectors.get(e.getKey()))));
        }
        types.sort(Comparator.comparingDouble(TypeEvidence::hitRate)
                .reversed()
                .thenComparing(
                        Comparator.comparingDouble(TypeEvidence::meanScore).reversed()));
        int[] bound = customers == null ? new int[2] : followsCustomer(values, customers);
        return new ValueEvidence(
                values.size(),
                nonNull,
                nonNull == 0 ? 0 : (double) totalLength / nonNull,
                nonNull == 0 ? 0 : (double) prose / nonNull,
                List.copyOf(types),
                mentions,
                bound[0],
                bound[1]);
    }

    /** {customers with two or more sampled values, those of them whose values are one value nobody else has}. */
    private static int[] followsCustomer(List<?> values, List<String> customers) {
        if (customers.size() != values.size()) throw new IllegalArgumentException("one customer per sampled value");
        Map<String, Set<String>> valuesOf = new HashMap<>();
        Map<String, Integer> rowsOf = new HashMap<>();
        Map<String, Set<String>> customersOf = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            String customer = customers.get(i);
            String value = ValueText.text(values.get(i));
            if (customer == null || value == null || value.isBlank()) continue;
            valuesOf.computeIfAbsent(customer, c -> new HashSet<>()).add(value);
            rowsOf.merge(customer, 1, Integer::sum);
            customersOf.computeIfAbsent(value, v -> new HashSet<>()).add(customer);
        }
        int repeated = 0;
        int bound = 0;
        for (Map.Entry<String, Integer> e : rowsOf.entrySet()) {
            if (e.getValue() < 2) continue;
            repeated++;
            Set<String> own = valuesOf.get(e.getKey());
            if (own.size() == 1 && customersOf.get(own.iterator().next()).size() == 1) bound++;
        }
        return new int[] {repeated, bound};
    }

    /** Sentences rather than codes: long enough, with spaces or Japanese punctuation between words. */
    private static boolean looksLikeProse(String value, int length, int shortLength) {
        if (length < shortLength) return false;
        return value.indexOf(' ') >= 0
                || value.indexOf('、') >= 0
                || value.indexOf('。') >= 0
                || value.indexOf('　') >= 0
                || value.indexOf('\n') >= 0
                || length >= 2 * shortLength;
    }

    private static String mostFrequent(Map<String, Integer> counts) {
        if (counts == null || counts.isEmpty()) return null;
        return counts.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .get()
                .getKey();
    }

    public int sampled() {
        return sampled;
    }

    public int nonNull() {
        return nonNull;
    }

    public double meanLength() {
        return meanLength;
    }

    /** Share of values that read like sentences. */
    public double proseShare() {
        return proseShare;
    }

    /** Types held by at least one value, strongest first. */
    public List<TypeEvidence> types() {
        return types;
    }

    /** Per type, values mentioning it anywhere (also partially): what free text may hide. */
    public Map<String, Integer> mentions() {
        return mentions;
    }

    /** Customers with two or more sampled non-null values (0 without customers). */
    public int repeatedCustomers() {
        return repeatedCustomers;
    }

    /** Of {@link #repeatedCustomers}, those whose values are all one value seen with no other customer. */
    public int boundCustomers() {
        return boundCustomers;
    }
}
