package jp.insurer.governance.batch.tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.policy.consent.ConsentState;

/**
 * What the catalog shows of a dataset's records (rows, rows per purpose per consent state, sensitive rows),
 * counted by the tag partition that writes them, so that publishing never reads the governed zone back
 * (issue 13, point 6). A partition keeps its {@link Counted} in its step execution context; the publish
 * step adds the partitions of a dataset in file order.
 * <p>
 * States are listed per purpose in the order they were first met, file after file, as the catalog has
 * always listed them: summing partitions in file order gives the order of one pass over the files.
 */
final class ConsentCounts {

    /** Records without a customer link, counted under every purpose. */
    static final String NO_CUSTOMER = "NO_CUSTOMER";

    private static final ConsentState[] STATES = ConsentState.values();
    /** The column of {@link #NO_CUSTOMER} in {@link #counts}, after the states. */
    private static final int NO_CUSTOMER_INDEX = STATES.length;

    /**
     * The counts as they travel in an execution context (JSON) and add up.
     *
     * @param rowsByConsent purpose → state → records, states in the order first met
     */
    record Counted(long rows, long rowsSensitive, Map<String, Map<String, Long>> rowsByConsent) {

        /** No records yet, every purpose listed. */
        static Counted none(List<String> purposes) {
            Map<String, Map<String, Long>> byConsent = new LinkedHashMap<>();
            purposes.forEach(p -> byConsent.put(p, new LinkedHashMap<>()));
            return new Counted(0, 0, byConsent);
        }

        /** This and then {@code later}: states new in {@code later} come after this one's. */
        Counted plus(Counted later, String dataset) {
            if (!later.rowsByConsent.keySet().equals(rowsByConsent.keySet())) {
                throw new IllegalStateException("dataset '" + dataset + "': a partition counted consent for purposes "
                        + later.rowsByConsent.keySet() + ", not " + rowsByConsent.keySet()
                        + "; run workers with the manager's config folder");
            }
            Map<String, Map<String, Long>> byConsent = new LinkedHashMap<>();
            rowsByConsent.forEach((purpose, states) -> {
                Map<String, Long> sum = new LinkedHashMap<>(states);
                later.rowsByConsent.get(purpose).forEach((state, n) -> sum.merge(state, n, Long::sum));
                byConsent.put(purpose, sum);
            });
            return new Counted(rows + later.rows, rowsSensitive + later.rowsSensitive, byConsent);
        }
    }

    private final List<String> purposes;
    /** purpose → state (ordinal, then NO_CUSTOMER) → records: one array increment per purpose and record. */
    private final long[][] counts;
    /** purpose → the states met so far, in the order first met. */
    private final int[][] firstMet;

    private final int[] met;
    private long rows;
    private long sensitive;

    ConsentCounts(List<String> purposes) {
        this.purposes = purposes;
        this.counts = new long[purposes.size()][STATES.length + 1];
        this.firstMet = new int[purposes.size()][STATES.length + 1];
        this.met = new int[purposes.size()];
    }

    /** One record as tagged: {@code states} in the book's purpose order, read only when linked. */
    void add(boolean customerLinked, ConsentState[] states, boolean containsSensitive) {
        rows++;
        if (containsSensitive) sensitive++;
        for (int p = 0; p < counts.length; p++) {
            int state = customerLinked ? states[p].ordinal() : NO_CUSTOMER_INDEX;
            if (counts[p][state]++ == 0) firstMet[p][met[p]++] = state;
        }
    }

    Counted counted() {
        Map<String, Map<String, Long>> byConsent = new LinkedHashMap<>();
        for (int p = 0; p < counts.length; p++) {
            Map<String, Long> states = new LinkedHashMap<>();
            for (int i = 0; i < met[p]; i++) {
                int state = firstMet[p][i];
                states.put(state == NO_CUSTOMER_INDEX ? NO_CUSTOMER : STATES[state].name(), counts[p][state]);
            }
            byConsent.put(purposes.get(p), states);
        }
        return new Counted(rows, sensitive, byConsent);
    }
}
