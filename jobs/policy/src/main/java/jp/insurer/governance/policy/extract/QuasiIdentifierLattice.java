package jp.insurer.governance.policy.extract;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.policy.anonymity.EquivalenceClassProfile;
import jp.insurer.governance.policy.anonymity.KAnonymity;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.Hierarchy;
import jp.insurer.governance.policy.transform.Transform;

/**
 * Generalize before suppressing (ARX's full-domain generalization with a suppression limit). Each
 * generalized quasi-identifier may climb its hierarchy's {@code next} chain ({@code age_band_5 →
 * age_band_10 → age_band_20}); a lattice node picks one level per quasi-identifier. One pass
 * {@linkplain Counter counts} the equivalence classes of every node at once (memory: nodes × classes,
 * never rows); {@link #choose} then takes the least generalized node whose suppression stays within
 * the profile's {@code max_suppression}, so a column is coarsened for everyone rather than rare
 * records being dropped wholesale — and only what still falls below k at that node is suppressed.
 *
 * <p>Hand-written because ARX (the library that does this) is not published to Maven Central; the
 * search here is a plain enumeration, fine for the few levels hierarchies have ({@value #MAX_NODES} nodes at most).
 */
public final class QuasiIdentifierLattice {

    /** More nodes than this means a hierarchy chain too long to count in one pass: refused. */
    public static final int MAX_NODES = 256;

    private final ExtractPlan.Dataset dataset;
    private final List<ExtractPlan.Column> quasiIdentifiers;
    /** Per quasi-identifier, its transforms from the profile's own to the coarsest. */
    private final List<List<Transform>> levels;
    /** Level index per quasi-identifier, ordered by total height, then lexicographically. */
    private final List<int[]> nodes;

    private QuasiIdentifierLattice(ExtractPlan.Dataset dataset, List<ExtractPlan.Column> quasiIdentifiers,
                                   List<List<Transform>> levels, List<int[]> nodes) {
        this.dataset = dataset;
        this.quasiIdentifiers = quasiIdentifiers;
        this.levels = levels;
        this.nodes = nodes;
    }

    /** @throws IllegalArgumentException when the chains make more than {@value #MAX_NODES} nodes */
    public static QuasiIdentifierLattice of(ExtractPlan.Dataset dataset, Hierarchies hierarchies) {
        List<ExtractPlan.Column> qis = new ArrayList<>();
        List<List<Transform>> levels = new ArrayList<>();
        for (String name : dataset.quasiIdentifiers()) {
            ExtractPlan.Column column = dataset.released().stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("quasi-identifier '" + name + "' is not released"));
            qis.add(column);
            List<Transform> chain = new ArrayList<>();
            chain.add(column.transform());
            if (column.transform() instanceof Transform.Generalize g) {
                String next = hierarchies.get(g.hierarchy()).map(Hierarchy::next).orElse(null);
                while (next != null) { // Hierarchies.load refuses cycles
                    chain.add(new Transform.Generalize(next));
                    next = hierarchies.get(next).map(Hierarchy::next).orElse(null);
                }
            }
            levels.add(List.copyOf(chain));
        }
        List<int[]> nodes = new ArrayList<>();
        enumerate(levels, 0, new int[levels.size()], nodes);
        nodes.sort(Comparator.<int[]>comparingInt(n -> Arrays.stream(n).sum()).thenComparing(Arrays::compare));
        return new QuasiIdentifierLattice(dataset, List.copyOf(qis), List.copyOf(levels), List.copyOf(nodes));
    }

    private static void enumerate(List<List<Transform>> levels, int at, int[] node, List<int[]> out) {
        if (at == levels.size()) {
            if (out.size() == MAX_NODES) {
                throw new IllegalArgumentException("the quasi-identifiers' hierarchy chains make more than " + MAX_NODES
                        + " generalization combinations; shorten the `next` chains in hierarchies.yml");
            }
            out.add(node.clone());
            return;
        }
        for (int l = 0; l < levels.get(at).size(); l++) {
            node[at] = l;
            enumerate(levels, at + 1, node, out);
        }
    }

    public int nodes() {
        return nodes.size();
    }

    /** The dataset's plan with each quasi-identifier at the node's level. */
    public ExtractPlan.Dataset planAt(int node) {
        int[] n = nodes.get(node);
        List<ExtractPlan.Column> columns = new ArrayList<>();
        for (ExtractPlan.Column c : dataset.columns()) {
            int q = quasiIdentifiers.indexOf(c);
            Transform t = q < 0 ? c.transform() : levels.get(q).get(n[q]);
            columns.add(t == c.transform() ? c
                    : new ExtractPlan.Column(c.name(), c.classification(), t, c.fromDefault(), c.gated(), c.caveat()));
        }
        return new ExtractPlan.Dataset(dataset.name(), columns, dataset.quasiIdentifiers(), dataset.suppressCustomer());
    }

    /** Quasi-identifier → its transform at the node, in profile order (for the manifest). */
    public Map<String, String> describe(int node) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] n = nodes.get(node);
        for (int q = 0; q < quasiIdentifiers.size(); q++) {
            Transform t = levels.get(q).get(n[q]);
            out.put(quasiIdentifiers.get(q).name(), t instanceof Transform.Generalize g ? g.hierarchy() : t.describe());
        }
        return out;
    }

    /**
     * Counts the classes of every node in one pass over the records the consent gate lets through.
     * Not thread-safe: one per thread, then {@link #merge}.
     */
    public Counter counter(List<String> sourceColumns, Hierarchies hierarchies, LocalDate businessDate, ZoneId zone) {
        return new Counter(sourceColumns, hierarchies, businessDate, zone);
    }

    public final class Counter {
        private final int[] sourceIndex;
        private final DatasetTransformer.Cell[][] cells; // [quasi-identifier][level]
        private final String[][] parts; // [quasi-identifier][level]: the value's part of a class key
        /** Key parts by value, per quasi-identifier and level: generalized values repeat, so each is built once. */
        private final Map<Object, String>[][] partCache;
        private final EquivalenceClassProfile[] profiles;

        private Counter(List<String> sourceColumns, Hierarchies hierarchies, LocalDate businessDate, ZoneId zone) {
            int q = quasiIdentifiers.size();
            sourceIndex = new int[q];
            cells = new DatasetTransformer.Cell[q][];
            parts = new String[q][];
            @SuppressWarnings("unchecked")
            Map<Object, String>[][] caches = new Map[q][];
            partCache = caches;
            for (int i = 0; i < q; i++) {
                ExtractPlan.Column c = quasiIdentifiers.get(i);
                sourceIndex[i] = sourceColumns.indexOf(c.name());
                if (sourceIndex[i] < 0) throw new IllegalArgumentException("column '" + c.name() + "' is not in the source");
                List<Transform> chain = levels.get(i);
                cells[i] = new DatasetTransformer.Cell[chain.size()];
                parts[i] = new String[chain.size()];
                partCache[i] = new Map[chain.size()];
                for (int l = 0; l < chain.size(); l++) partCache[i][l] = new java.util.HashMap<>();
                for (int l = 0; l < chain.size(); l++) {
                    ExtractPlan.Column at = new ExtractPlan.Column(c.name(), c.classification(), chain.get(l), c.fromDefault(),
                            c.gated(), c.caveat());
                    cells[i][l] = DatasetTransformer.cell(at, hierarchies, null, null, businessDate, zone);
                }
            }
            profiles = new EquivalenceClassProfile[nodes.size()];
            for (int n = 0; n < profiles.length; n++) profiles[n] = new EquivalenceClassProfile(dataset.quasiIdentifiers());
        }

        /** Adds one source row the gate included. */
        public void add(Object[] row, boolean sensitiveAllowed) {
            for (int q = 0; q < cells.length; q++) {
                Object v = row[sourceIndex[q]];
                for (int l = 0; l < cells[q].length; l++) parts[q][l] = part(q, l, cells[q][l].apply(v, sensitiveAllowed));
            }
            StringBuilder key = new StringBuilder(64);
            for (int n = 0; n < profiles.length; n++) {
                int[] node = nodes.get(n);
                key.setLength(0);
                for (int q = 0; q < node.length; q++) key.append(parts[q][node[q]]);
                profiles[n].addKey(key.toString());
            }
        }

        /** A value's key part, cached while a level has few distinct values (a raw quasi-identifier may have many). */
        private String part(int q, int l, Object value) {
            Map<Object, String> cache = partCache[q][l];
            String p = value == null ? null : cache.get(value);
            if (p != null) return p;
            p = EquivalenceClassProfile.part(value);
            if (value != null && cache.size() < 10_000) cache.put(value, p);
            return p;
        }

        public void merge(Counter other) {
            for (int n = 0; n < profiles.length; n++) profiles[n].merge(other.profiles[n]);
        }
    }

    /**
     * The chosen node and what k-anonymity does there.
     *
     * @param node         index for {@link #planAt} and {@link #describe}
     * @param generalized  true when some quasi-identifier is coarser than the profile asked
     */
    public record Choice(int node, boolean generalized, KAnonymity.Judgement judgement) {}

    /**
     * The least generalized node whose suppressed records are at most {@code maxSuppression} of the
     * records (fewest suppressed among equally high nodes); when none qualifies, the node suppressing
     * the fewest records. Deterministic: ties go to the first node in lattice order.
     */
    public Choice choose(Counter counts, int k, double maxSuppression) {
        KAnonymity judge = new KAnonymity(k);
        Choice best = null;
        Choice fewest = null;
        int bestHeight = Integer.MAX_VALUE;
        for (int n = 0; n < nodes.size(); n++) {
            int height = Arrays.stream(nodes.get(n)).sum();
            if (height > bestHeight) break;
            KAnonymity.Judgement j = judge.judge(counts.profiles[n]);
            Choice c = new Choice(n, height > 0, j);
            if (j.suppressedRecords() <= maxSuppression * j.records()) {
                if (best == null || j.suppressedRecords() < best.judgement().suppressedRecords()) best = c;
                bestHeight = height;
            }
            if (fewest == null || j.suppressedRecords() < fewest.judgement().suppressedRecords()) fewest = c;
        }
        return best != null ? best : fewest;
    }
}
