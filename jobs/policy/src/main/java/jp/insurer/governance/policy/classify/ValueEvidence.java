package jp.insurer.governance.policy.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;

/**
 * What the detectors say about a sample of one column's values (the compute half; the classifier
 * judges). A value "holds" a type when findings of that type cover at least half of its
 * non-blank code points — a phone number column holds phone numbers, a note merely mentions them.
 * A short value holds SENSITIVE when any sensitive term is in it (diagnosis names wrap the term).
 */
public final class ValueEvidence {

    /** Per entity type: values holding it, the mean score, and the most frequent sensitive kind. */
    public record TypeEvidence(String type, int values, double hitRate, double meanScore, String kind, String detector) {}

    private final int sampled;
    private final int nonNull;
    private final double meanLength;
    private final double proseShare;
    private final List<TypeEvidence> types;
    private final Map<String, Integer> mentions;

    private ValueEvidence(int sampled, int nonNull, double meanLength, double proseShare, List<TypeEvidence> types,
                          Map<String, Integer> mentions) {
        this.sampled = sampled;
        this.nonNull = nonNull;
        this.meanLength = meanLength;
        this.proseShare = proseShare;
        this.types = types;
        this.mentions = mentions;
    }

    /**
     * @param values  sampled values rendered as text; nulls count as sampled but not as values
     * @param scanner typically {@code TextScanner::scanValue}
     */
    public static ValueEvidence of(List<String> values, Function<String, List<Finding>> scanner, int shortLength) {
        Map<String, int[]> holds = new LinkedHashMap<>();
        Map<String, double[]> scores = new HashMap<>();
        Map<String, Map<String, Integer>> kinds = new HashMap<>();
        Map<String, Map<String, Integer>> detectors = new HashMap<>();
        Map<String, Integer> mentions = new LinkedHashMap<>();
        int nonNull = 0;
        long totalLength = 0;
        int prose = 0;
        // Columns repeat values (codes, states, genders): scan each distinct value once.
        Map<String, List<Finding>> scanned = new HashMap<>();
        for (String value : values) {
            if (value == null || value.isBlank()) continue;
            nonNull++;
            int length = value.codePointCount(0, value.length());
            totalLength += length;
            if (looksLikeProse(value, length, shortLength)) prose++;
            int solid = (int) value.codePoints().filter(c -> !Character.isWhitespace(c)).count();
            Map<String, Integer> covered = new HashMap<>();
            Map<String, Finding> strongest = new HashMap<>();
            for (Finding f : scanned.computeIfAbsent(value, scanner)) {
                covered.merge(f.type(), f.length(), Integer::sum);
                strongest.merge(f.type(), f, (a, b) -> a.score() >= b.score() ? a : b);
            }
            for (Map.Entry<String, Integer> e : covered.entrySet()) {
                String type = e.getKey();
                mentions.merge(type, 1, Integer::sum);
                boolean held = e.getValue() * 2 >= solid
                        || (EntityTypes.SENSITIVE.equals(type) && length < shortLength);
                if (!held) continue;
                Finding f = strongest.get(type);
                holds.computeIfAbsent(type, t -> new int[1])[0]++;
                scores.computeIfAbsent(type, t -> new double[1])[0] += f.score();
                if (f.kind() != null) kinds.computeIfAbsent(type, t -> new HashMap<>()).merge(f.kind(), 1, Integer::sum);
                detectors.computeIfAbsent(type, t -> new HashMap<>()).merge(f.detector(), 1, Integer::sum);
            }
        }
        List<TypeEvidence> types = new ArrayList<>();
        for (Map.Entry<String, int[]> e : holds.entrySet()) {
            int n = e.getValue()[0];
            types.add(new TypeEvidence(e.getKey(), n, nonNull == 0 ? 0 : (double) n / nonNull,
                    scores.get(e.getKey())[0] / n, mostFrequent(kinds.get(e.getKey())),
                    mostFrequent(detectors.get(e.getKey()))));
        }
        types.sort(Comparator.comparingDouble(TypeEvidence::hitRate).reversed()
                .thenComparing(Comparator.comparingDouble(TypeEvidence::meanScore).reversed()));
        return new ValueEvidence(values.size(), nonNull, nonNull == 0 ? 0 : (double) totalLength / nonNull,
                nonNull == 0 ? 0 : (double) prose / nonNull, List.copyOf(types), mentions);
    }

    /** Sentences rather than codes: long enough, with spaces or Japanese punctuation between words. */
    private static boolean looksLikeProse(String value, int length, int shortLength) {
        if (length < shortLength) return false;
        return value.indexOf(' ') >= 0 || value.indexOf('、') >= 0 || value.indexOf('。') >= 0
                || value.indexOf('　') >= 0 || value.indexOf('\n') >= 0 || length >= 2 * shortLength;
    }

    private static String mostFrequent(Map<String, Integer> counts) {
        if (counts == null || counts.isEmpty()) return null;
        return counts.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).get().getKey();
    }

    public int sampled() { return sampled; }

    public int nonNull() { return nonNull; }

    public double meanLength() { return meanLength; }

    /** Share of values that read like sentences. */
    public double proseShare() { return proseShare; }

    /** Types held by at least one value, strongest first. */
    public List<TypeEvidence> types() { return types; }

    /** Per type, values mentioning it anywhere (also partially): what free text may hide. */
    public Map<String, Integer> mentions() { return mentions; }
}
