package jp.insurer.governance.policy.extract;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jp.insurer.governance.policy.anonymity.KAnonymity;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.Hierarchy;
import jp.insurer.governance.policy.transform.Transform;

/**
 * k-anonymity for people, not files. A recipient who receives several datasets joinable by one
 * pseudonym sees, per person, everything those datasets hold about them: the customer's own row and
 * every policy, claim or note. So the unit k counts is the <em>person</em>, and what must be shared by
 * at least k people is the person's whole combination of quasi-identifier values across the linked
 * datasets — the customer's tuple plus the multiset of the tuples of their rows in each other dataset
 * (how many rows a person has is visible too, so it counts). {@code kAchieved} is then the smallest
 * group of people indistinguishable in everything they receive.
 *
 * <p>Generalize before suppress, as ARX does for one table: each generalized quasi-identifier of each
 * dataset may climb its hierarchy's {@code next} chain; a node picks one level per quasi-identifier.
 * One pass over the linked datasets adds, for every person and every node at once, a 64-bit
 * <em>multiset hash</em> of their rows' tuples at that node (a sum of mixed tuple hashes: independent of
 * row order and thread count, and two different multisets collide with probability about 2<sup>-64</sup>).
 * {@link #choose} takes the least generalized node whose suppressed people stay within the profile's
 * {@code max_suppression} (a share of people), then every person of a class still smaller than k is
 * suppressed — from every dataset of the group.
 *
 * <p>Records without a customer (anonymous events) are people of their own, one row each. In heap
 * ({@link #counts()}) the state is an open-addressing table of 9 + 8 × nodes bytes per slot ({@value
 * #MAX_NODES} nodes at most) at 1.7 to 3.3 slots per person, plus at most {@value
 * #CHOOSE_BYTES_PER_PERSON} bytes per person while choosing: 274 MiB steady, 411 MiB while doubling, at
 * 1M customers and 16 nodes. With a budget ({@link #counts(long, Path)}) the heap stays within it
 * whatever the people: the table spills to disk as runs sorted by person hash, and {@link #choose}
 * merges them ({@link PersonRuns}), counts classes with an external sort ({@link LongSorter}) and keeps
 * its sets in sorted files ({@link SortedLongs}); counts that never spilled are chosen in heap only when
 * those bytes per person fit beside the table, else they spill first.
 *
 * <p>One profile may be counted in slices, in other processes: each slice's counts are sealed to disk
 * ({@link Counts#seal}), their files copied to one choose step that adopts them all ({@link #adopt}),
 * and the choice's sets saved ({@link Choice#save}) for every slice's second pass to load.
 *
 * <p>Hand-written because ARX, the library that does k-anonymity, is not on Maven Central and does
 * not model one person's rows across several tables this way.
 */
public final class PersonLattice {

    /** More nodes than this means hierarchy chains too long to count per person in one pass: refused. */
    public static final int MAX_NODES = 64;

    private static final long NULL_PART = 0x6a09e667f3bcc909L;
    private static final long UNLINKED = 0x3c6ef372fe94f82bL;

    /** One generalizable quasi-identifier: its dataset (index in the group) and its chain of transforms. */
    private record Dimension(int dataset, ExtractPlan.Column column, List<Transform> chain) {}

    private final List<ExtractPlan.Dataset> datasets;
    private final List<Dimension> dimensions;
    /** Level per dimension, ordered by total height, then lexicographically. */
    private final List<int[]> nodes;

    private PersonLattice(List<ExtractPlan.Dataset> datasets, List<Dimension> dimensions, List<int[]> nodes) {
        this.datasets = datasets;
        this.dimensions = dimensions;
        this.nodes = nodes;
    }

    /**
     * @param group the datasets joined per person (one pseudonym key), in profile order
     * @throws IllegalArgumentException when the chains make more than {@value #MAX_NODES} nodes
     */
    public static PersonLattice of(List<ExtractPlan.Dataset> group, Hierarchies hierarchies) {
        List<Dimension> dims = new ArrayList<>();
        for (int d = 0; d < group.size(); d++) {
            ExtractPlan.Dataset dataset = group.get(d);
            for (String name : dataset.quasiIdentifiers()) {
                ExtractPlan.Column column = dataset.released().stream()
                        .filter(c -> c.name().equals(name))
                        .findFirst()
                        .orElseThrow(
                                () -> new IllegalArgumentException("quasi-identifier '" + name + "' is not released"));
                List<Transform> chain = new ArrayList<>();
                chain.add(column.transform());
                if (column.transform() instanceof Transform.Generalize g) {
                    String next =
                            hierarchies.get(g.hierarchy()).map(Hierarchy::next).orElse(null);
                    while (next != null) { // Hierarchies.load refuses cycles
                        chain.add(new Transform.Generalize(next));
                        next = hierarchies.get(next).map(Hierarchy::next).orElse(null);
                    }
                }
                dims.add(new Dimension(d, column, List.copyOf(chain)));
            }
        }
        List<int[]> nodes = new ArrayList<>();
        enumerate(dims, 0, new int[dims.size()], nodes);
        nodes.sort(Comparator.<int[]>comparingInt(n -> Arrays.stream(n).sum()).thenComparing(Arrays::compare));
        return new PersonLattice(List.copyOf(group), List.copyOf(dims), List.copyOf(nodes));
    }

    private static void enumerate(List<Dimension> dims, int at, int[] node, List<int[]> out) {
        if (at == dims.size()) {
            if (out.size() == MAX_NODES) {
                throw new IllegalArgumentException(
                        "the quasi-identifiers' hierarchy chains make more than " + MAX_NODES
                                + " generalization combinations across the linked datasets; generalize some further in the profile, "
                                + "release fewer of them, shorten the `next` chains in hierarchies.yml or declare a dataset `linkable: false`");
            }
            out.add(node.clone());
            return;
        }
        for (int l = 0; l < dims.get(at).chain().size(); l++) {
            node[at] = l;
            enumerate(dims, at + 1, node, out);
        }
    }

    public int nodes() {
        return nodes.size();
    }

    public List<ExtractPlan.Dataset> datasets() {
        return datasets;
    }

    /** One dataset of the group with each quasi-identifier at the node's level. */
    public ExtractPlan.Dataset planAt(int node, int dataset) {
        int[] n = nodes.get(node);
        ExtractPlan.Dataset plan = datasets.get(dataset);
        List<ExtractPlan.Column> columns = new ArrayList<>();
        for (ExtractPlan.Column c : plan.columns()) {
            Transform t = c.transform();
            for (int q = 0; q < dimensions.size(); q++) {
                Dimension dim = dimensions.get(q);
                if (dim.dataset() == dataset && dim.column().equals(c))
                    t = dim.chain().get(n[q]);
            }
            columns.add(
                    t == c.transform()
                            ? c
                            : new ExtractPlan.Column(
                                    c.name(), c.classification(), t, c.fromDefault(), c.gated(), c.caveat()));
        }
        return new ExtractPlan.Dataset(plan.name(), columns, plan.quasiIdentifiers(), plan.linkable());
    }

    /** Quasi-identifier → its hierarchy (or transform) at the node, for one dataset (manifest, data dictionary). */
    public Map<String, String> describe(int node, int dataset) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] n = nodes.get(node);
        for (int q = 0; q < dimensions.size(); q++) {
            Dimension dim = dimensions.get(q);
            if (dim.dataset() != dataset) continue;
            Transform t = dim.chain().get(n[q]);
            out.put(dim.column().name(), t instanceof Transform.Generalize g ? g.hierarchy() : t.describe());
        }
        return out;
    }

    /** The 64-bit key of a person: their normalized customer key, hashed (FNV-1a, then mixed). */
    public static long personHash(String normalizedCustomerKey) {
        return mix(fnv(normalizedCustomerKey));
    }

    /**
     * A row's contributions to its person's signature, one per node, for rows of one dataset of the
     * group. Not thread-safe (it caches value hashes): one per thread.
     */
    public RowSignature rowSignature(
            int dataset, List<String> sourceColumns, Hierarchies hierarchies, LocalDate businessDate, ZoneId zone) {
        return new RowSignature(dataset, sourceColumns, hierarchies, businessDate, zone);
    }

    public final class RowSignature {
        private final long seed;
        private final int[] dims; // the group's dimensions of this dataset
        private final int[] sourceIndex;
        private final DatasetTransformer.Cell[][] cells; // [dim of this dataset][level]
        private final long[][] parts; // [dim of this dataset][level]: the current row's value hashes
        private final List<List<Map<Object, Long>>> cache;

        @SuppressWarnings("unchecked")
        private RowSignature(
                int dataset, List<String> sourceColumns, Hierarchies hierarchies, LocalDate date, ZoneId zone) {
            this.seed = mix(fnv(datasets.get(dataset).name()) ^ 0x510e527fade682d1L);
            List<Integer> own = new ArrayList<>();
            for (int q = 0; q < dimensions.size(); q++) if (dimensions.get(q).dataset() == dataset) own.add(q);
            dims = own.stream().mapToInt(Integer::intValue).toArray();
            sourceIndex = new int[dims.length];
            cells = new DatasetTransformer.Cell[dims.length][];
            parts = new long[dims.length][];
            cache = new ArrayList<>(dims.length);
            for (int i = 0; i < dims.length; i++) {
                Dimension dim = dimensions.get(dims[i]);
                ExtractPlan.Column c = dim.column();
                sourceIndex[i] = sourceColumns.indexOf(c.name());
                if (sourceIndex[i] < 0)
                    throw new IllegalArgumentException("column '" + c.name() + "' is not in the source");
                cells[i] = new DatasetTransformer.Cell[dim.chain().size()];
                parts[i] = new long[dim.chain().size()];
                cache.add(new ArrayList<>());
                for (int l = 0; l < dim.chain().size(); l++) {
                    ExtractPlan.Column at = new ExtractPlan.Column(
                            c.name(), c.classification(), dim.chain().get(l), c.fromDefault(), c.gated(), c.caveat());
                    cells[i][l] = DatasetTransformer.cell(at, hierarchies, null, null, date, zone);
                    cache.get(i).add(new HashMap<>());
                }
            }
        }

        /** The row's contribution at every node (a new array). */
        public long[] of(Object[] row, boolean sensitiveAllowed) {
            for (int i = 0; i < dims.length; i++) {
                Object v = row[sourceIndex[i]];
                for (int l = 0; l < cells[i].length; l++)
                    parts[i][l] = part(i, l, cells[i][l].apply(v, sensitiveAllowed));
            }
            long[] out = new long[nodes.size()];
            for (int n = 0; n < out.length; n++) {
                int[] node = nodes.get(n);
                long h = seed;
                for (int i = 0; i < dims.length; i++) h = mix(h * 0x9E3779B97F4A7C15L + parts[i][node[dims[i]]]);
                out[n] = h;
            }
            return out;
        }

        /** A released value's hash, cached while a level has few distinct values (generalized values repeat). */
        private long part(int i, int level, Object value) {
            if (value == null) return NULL_PART;
            Map<Object, Long> c = cache.get(i).get(level);
            Long p = c.get(value);
            if (p != null) return p;
            long h = mix(fnv(value.toString()));
            if (c.size() < 10_000) c.put(value, h);
            return h;
        }
    }

    /** Counts held in heap whatever their size (tests, small groups); see {@link #counts(long, Path)}. */
    public Counts counts() {
        return new Counts(nodes.size(), 0, null, Counts.maxSlots(nodes.size()));
    }

    /**
     * Counts whose table and unlinked rows stay within {@code budgetBytes} of heap: beyond it they spill
     * to {@code spillFolder} (an empty folder the counts own) and {@link #choose} merges from disk.
     * Nothing is written while everything fits.
     */
    public Counts counts(long budgetBytes, Path spillFolder) {
        return counts(budgetBytes, spillFolder, Counts.maxSlots(nodes.size()));
    }

    /** With at most {@code maxSlots} slots in the table (a power of two), so tests reach the cap. */
    Counts counts(long budgetBytes, Path spillFolder, int maxSlots) {
        if (budgetBytes < 1) throw new IllegalArgumentException("the k state's memory budget must be positive");
        return new Counts(nodes.size(), budgetBytes, new PersonRuns(spillFolder, nodes.size()), maxSlots);
    }

    /**
     * Counts made of other counts' sealed runs whose files were copied under {@code spillFolder/<key>}
     * (key: a relative sub-folder name, e.g. "slice-3"), to be consumed by {@link #choose} exactly as
     * spilled counts are (same choice as one Counts that had counted every row). Missing files or files
     * of another length fail the choose (as {@link LongFiles#reader} checks). The adopted files are
     * consumed by the choose; rows may still be added (they spill into {@code spillFolder} itself).
     *
     * @param spillFolder an empty folder but for the parts' sub-folders, owned by the counts
     * @throws IllegalArgumentException when a part was counted with another number of nodes, or a key
     *     or file name would leave its folder
     */
    public Counts adopt(long budgetBytes, Path spillFolder, Map<String, Sealed> parts) {
        Counts counts = counts(budgetBytes, spillFolder);
        new TreeMap<>(parts).forEach(counts.runs::adopt);
        return counts;
    }

    /**
     * What a sealed Counts left on disk, by file names relative to its spill folder: its runs, and
     * {@code unlinkedRows} rows without a customer in each {@code unlinked-NODE} file (NODE from 0 to
     * {@code width - 1}). Plain fields, so it travels as JSON between JVMs.
     *
     * @param width the lattice's number of nodes (a part counted under another policy is refused)
     */
    public record Sealed(int width, List<Run> runs, long unlinkedRows) {
        public Sealed {
            runs = List.copyOf(runs);
            if (width < 1 || unlinkedRows < 0)
                throw new IllegalArgumentException(
                        "a sealed k state of " + width + " nodes and " + unlinkedRows + " unlinked rows cannot be");
        }

        /** One run: a file of {@code records} people, each a person hash and one sum per node. */
        public record Run(String file, long records) {
            public Run {
                if (records < 0) throw new IllegalArgumentException("a k state run of " + records + " people");
            }
        }
    }

    /**
     * Per person, the sum of their rows' contributions at every node; thread-safe (workers add whole
     * batches under one lock: the hashing happens outside it). With a budget, a table that would outgrow
     * it is written as a run sorted by person hash and started again empty, and unlinked rows beyond
     * their share (an eighth) are appended to per-node files; single use: {@link #choose} consumes them.
     */
    public static final class Counts {
        private final int width;
        private final long budget; // 0: unbounded
        private final PersonRuns runs; // null: unbounded
        private final long slotBytes;
        private long[] keys;
        private boolean[] used;
        private long[] sums;
        private int persons;
        private long[] unlinked = new long[0];
        private int unlinkedRows; // in heap
        private Sealed sealed; // once sealed: what is on disk
        private final int maxSlots;
        private final int maxUnlinked; // longs in the unlinked array
        /** In-heap choices whose node was counted again, its small classes dropped for room (tests). */
        int recounts;

        /**
         * The most slots one table may have: a power of two (the probe masks by it) at most 2<sup>30</sup>
         * whose {@code sums} array of {@code width} longs a slot stays within Java's array limit — so a
         * budget of tens of GiB spills at the cap instead of overflowing an {@code int}.
         */
        static int maxSlots(int width) {
            int slots = 1 << 30;
            while ((long) slots * width > Integer.MAX_VALUE - 8) slots >>= 1;
            return slots;
        }

        /** Slots of the table now (tests: a huge budget is not allocated up front). */
        synchronized int tableSlots() {
            return keys.length;
        }

        private Counts(int width, long budget, PersonRuns runs, int maxSlots) {
            this.width = width;
            this.budget = budget;
            this.runs = runs;
            this.slotBytes = 9 + 8L * width;
            this.maxSlots = maxSlots;
            this.maxUnlinked = (Integer.MAX_VALUE - 8) / width * width;
            int slots = Math.min(1 << 12, maxSlots); // never the budget up front: the table grows as people come
            while (runs != null && slots > 16 && slots * slotBytes > tableBudget()) slots >>= 1;
            this.keys = new long[slots];
            this.used = new boolean[slots];
            this.sums = new long[slots * width];
        }

        /** The table's share: the old and new table both live while it doubles. */
        private long tableBudget() {
            return budget - unlinkedBudget();
        }

        private long unlinkedBudget() {
            return budget / 8;
        }

        /**
         * @param persons       person hash per row ({@link #personHash}); rows without a customer are passed in {@code unlinkedRows}
         * @param contributions per row, its {@link RowSignature#of} result
         * @throws UncheckedIOException when a spill to the folder fails
         */
        public synchronized void add(long[] persons, List<long[]> contributions, List<long[]> anonymous) {
            refuseSealed("added to");
            try {
                for (int r = 0; r < persons.length; r++) {
                    int slot = slot(persons[r]);
                    long[] c = contributions.get(r);
                    int base = slot * width;
                    for (int n = 0; n < width; n++) sums[base + n] += c[n];
                }
                for (long[] c : anonymous) {
                    if ((unlinkedRows + 1) * width > unlinked.length) growUnlinked();
                    for (int n = 0; n < width; n++) unlinked[unlinkedRows * width + n] = c[n] ^ UNLINKED;
                    unlinkedRows++;
                }
            } catch (IOException e) {
                throw spillFailed(e);
            }
        }

        private void growUnlinked() throws IOException {
            long cap = runs == null ? maxUnlinked : Math.max(width, unlinkedBudget() / 8 / width * width);
            cap = Math.min(cap, maxUnlinked);
            if (unlinked.length >= cap) {
                if (runs == null) throw tooManyForHeap();
                runs.appendUnlinked(unlinked, unlinkedRows);
                unlinkedRows = 0;
                return;
            }
            unlinked = Arrays.copyOf(unlinked, (int) Math.min(cap, Math.max(width * 64L, unlinked.length * 2L)));
        }

        private IllegalStateException tooManyForHeap() {
            return new IllegalStateException("more people than one in-heap k table holds (" + persons + " and "
                    + unlinkedRows + " rows without a customer): count them with a memory budget and a spill folder");
        }

        private UncheckedIOException spillFailed(IOException e) {
            return new UncheckedIOException("the k state's spill under " + runs.folder() + " failed", e);
        }

        /**
         * Spills everything still in heap to the spill folder (also when it would fit) and returns what is
         * there; the counts are then sealed: add and choose are refused ({@link IllegalStateException}).
         * Only for counts made with a budget and folder ({@link #counts(long, Path)}), not adopted ones.
         * Sealing again returns the same.
         *
         * @throws UncheckedIOException on a write failure
         */
        public synchronized Sealed seal() {
            if (runs == null)
                throw new IllegalStateException(
                        "only k counts made with a memory budget and a spill folder can be sealed");
            if (runs.adoptedAny()) throw new IllegalStateException("adopted k counts are chosen, not sealed again");
            if (sealed == null) {
                try {
                    spillRest();
                } catch (IOException e) {
                    throw spillFailed(e);
                }
                sealed = runs.sealed();
            }
            return sealed;
        }

        private void refuseSealed(String what) {
            if (sealed != null)
                throw new IllegalStateException(
                        "sealed k counts cannot be " + what + ": their runs belong to the choose step");
        }

        /** People counted in heap so far (before any spill: all of them). */
        public synchronized int persons() {
            return persons + unlinkedRows;
        }

        private int slot(long person) throws IOException {
            int mask = keys.length - 1;
            int slot = (int) (person & mask);
            while (used[slot]) {
                if (keys[slot] == person) return slot;
                slot = (slot + 1) & mask;
            }
            if (persons + 1 > keys.length * 0.6) {
                boolean fits =
                        keys.length < maxSlots && (runs == null || 3L * keys.length * slotBytes <= tableBudget());
                if (fits) grow();
                else if (runs != null) spillTable();
                else throw tooManyForHeap();
                return slot(person);
            }
            used[slot] = true;
            keys[slot] = person;
            persons++;
            return slot;
        }

        /** An existing person's slot. */
        private int find(long person) {
            int mask = keys.length - 1;
            int slot = (int) (person & mask);
            while (keys[slot] != person || !used[slot]) slot = (slot + 1) & mask;
            return slot;
        }

        private void grow() {
            long[] oldKeys = keys;
            boolean[] oldUsed = used;
            long[] oldSums = sums;
            keys = new long[oldKeys.length * 2];
            used = new boolean[oldKeys.length * 2];
            sums = new long[keys.length * width];
            int mask = keys.length - 1;
            for (int old = 0; old < oldKeys.length; old++) {
                if (!oldUsed[old]) continue;
                int slot = (int) (oldKeys[old] & mask);
                while (used[slot]) slot = (slot + 1) & mask;
                used[slot] = true;
                keys[slot] = oldKeys[old];
                System.arraycopy(oldSums, old * width, sums, slot * width, width);
            }
        }

        /** Writes the table as a run sorted by person hash (0.6 × 8 bytes a slot to sort) and empties it. */
        private void spillTable() throws IOException {
            long[] sorted = new long[persons];
            int i = 0;
            for (int slot = 0; slot < keys.length; slot++) if (used[slot]) sorted[i++] = keys[slot];
            Arrays.sort(sorted);
            runs.writeRun(sorted, persons, this::find, sums);
            Arrays.fill(used, false);
            Arrays.fill(sums, 0);
            persons = 0;
        }

        /** How many times these counts went to disk (tables and batches of unlinked rows); 0: all in heap. */
        public synchronized int spills() {
            return runs == null ? 0 : runs.spills();
        }

        boolean spilled() {
            return runs != null && runs.spilled();
        }

        /** What the budget leaves beside the table and the unlinked rows (unbounded: everything). */
        private long heapRoom() {
            return runs == null
                    ? Long.MAX_VALUE
                    : budget - keys.length * slotBytes - (long) Long.BYTES * unlinked.length;
        }

        /** Spills what is left in heap and frees the table: the merge and the sorts get the budget. */
        private void spillRest() throws IOException {
            if (persons > 0) spillTable();
            if (unlinkedRows > 0) runs.appendUnlinked(unlinked, unlinkedRows);
            unlinkedRows = 0;
            keys = new long[1];
            used = new boolean[1];
            sums = new long[width];
            unlinked = new long[0];
        }

        /** Every person's signature at one node (linked people first, then unlinked rows), unsorted. */
        private long[] signatures(int node) {
            long[] out = new long[persons + unlinkedRows];
            int i = 0;
            for (int slot = 0; slot < keys.length; slot++) if (used[slot]) out[i++] = sums[slot * width + node];
            for (int r = 0; r < unlinkedRows; r++) out[i++] = unlinked[r * width + node];
            return out;
        }
    }

    /**
     * The chosen node and what k-anonymity does there, with people counted as records of the judgement.
     * Its sets may be files of the spill folder: close it when the release is written (deletes them).
     *
     * @param suppressedPersonSet person hashes of the people of classes smaller than k
     * @param smallClassSet       signatures of classes smaller than k (for rows without a customer)
     */
    public record Choice(
            int node,
            boolean generalized,
            KAnonymity.Judgement judgement,
            SortedLongs suppressedPersonSet,
            SortedLongs smallClassSet)
            implements AutoCloseable {

        /** Whether every row of this person is left out. */
        public boolean suppressed(long person) {
            return suppressedPersonSet.contains(person);
        }

        /** Whether a row without a customer, with this contribution at the chosen node, is left out. */
        public boolean suppressedUnlinked(long contribution) {
            return smallClassSet.contains(contribution ^ UNLINKED);
        }

        /** The suppressed people's hashes, ascending (for tests and small sets: all in heap). */
        public long[] suppressedPersons() {
            return suppressedPersonSet.toArray();
        }

        /** The signatures of classes smaller than k, ascending (for tests and small sets: all in heap). */
        public long[] smallClasses() {
            return smallClassSet.toArray();
        }

        /** The file {@link #save} writes the suppressed people's hashes to, ascending. */
        public static final String SUPPRESSED_PERSONS = "suppressed-persons";
        /** The file {@link #save} writes the small classes' signatures to, ascending. */
        public static final String SMALL_CLASSES = "small-classes";

        /**
         * What reopening a saved choice needs (Jackson-serializable: plain fields and {@link
         * KAnonymity.Judgement} as it is).
         *
         * @param suppressedPersons values in {@link #SUPPRESSED_PERSONS}
         * @param smallClasses      values in {@link #SMALL_CLASSES}
         */
        public record Saved(
                int node,
                boolean generalized,
                KAnonymity.Judgement judgement,
                long suppressedPersons,
                long smallClasses) {}

        /**
         * Writes both sets into {@code folder} as {@link LongFiles} ({@value #SUPPRESSED_PERSONS}, {@value
         * #SMALL_CLASSES}), whether they are in heap or on disk; the choice stays usable. The folder must not
         * be the spill folder whose files hold the sets.
         */
        public Saved save(Path folder) throws IOException {
            suppressedPersonSet.writeTo(folder.resolve(SUPPRESSED_PERSONS));
            smallClassSet.writeTo(folder.resolve(SMALL_CLASSES));
            return new Saved(node, generalized, judgement, suppressedPersonSet.size(), smallClassSet.size());
        }

        /**
         * A choice read back from {@link #save}'s files, each loaded in heap when it fits {@code
         * heapLimitBytes} (else searched on disk). The folder's two files are consumed: a set loaded in
         * heap deletes its file at once, one searched on disk when the choice is closed — copy them to a
         * folder of this process first.
         *
         * @throws IOException when a file is missing, of another length than saved, or not ascending
         */
        public static Choice load(Path folder, Saved saved, long heapLimitBytes) throws IOException {
            SortedLongs persons =
                    SortedLongs.open(folder.resolve(SUPPRESSED_PERSONS), saved.suppressedPersons(), heapLimitBytes);
            try {
                SortedLongs small =
                        SortedLongs.open(folder.resolve(SMALL_CLASSES), saved.smallClasses(), heapLimitBytes);
                return new Choice(saved.node(), saved.generalized(), saved.judgement(), persons, small);
            } catch (IOException | RuntimeException e) {
                persons.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try (smallClassSet) {
                suppressedPersonSet.close();
            }
        }
    }

    /**
     * The least generalized node whose suppressed people are at most {@code maxSuppression} of the
     * people (fewest suppressed among equally high nodes); when none qualifies, the node suppressing
     * the fewest. Deterministic: ties go to the first node in lattice order. Spilled counts are merged
     * and sorted on disk within their budget, to the same choice; the counts are consumed.
     *
     * @throws UncheckedIOException when the spill folder cannot be read or written
     */
    public Choice choose(Counts counts, int k, double maxSuppression) {
        synchronized (counts) {
            counts.refuseSealed("chosen from");
            long people = counts.persons + (long) counts.unlinkedRows;
            long room = counts.heapRoom();
            if (!counts.spilled() && CHOOSE_BYTES_PER_PERSON * people <= room) {
                long spare = room - 2L * Long.BYTES * people; // beside one node's signatures and its sort
                Stats chosen = select(
                        k, maxSuppression, (n, retained) -> stats(counts.signatures(n), n, k, (spare - retained) / 8));
                if (chosen.smallSignatures() == null) chosen = keepingSmallClasses(counts, chosen, k);
                return choice(chosen, k, inHeapPeople(counts, chosen), SortedLongs.inHeap(chosen.smallSignatures()));
            }
            try { // spilled, or an in-heap choice would outgrow the budget: everything goes to disk first
                counts.spillRest();
                counts.runs.merge();
                return chooseSpilled(counts, k, maxSuppression);
            } catch (IOException e) {
                throw counts.spillFailed(e);
            }
        }
    }

    /**
     * Heap an in-heap {@link #choose} uses beside the table, per person (and row without a customer), at
     * most: a node's signatures (8) and the sort's own buffer should it take one (8) while small classes
     * are kept; then the chosen node's signatures in slot order (8), its small classes and the suppressed
     * people (at most 8 between them, as each small class holds at least one suppressed person). Counts
     * with a budget spill first when that would not fit beside their table.
     */
    static final int CHOOSE_BYTES_PER_PERSON = 24;

    private interface StatsAt {
        /** @param retainedBytes what the small classes kept by the nodes counted so far hold in heap */
        Stats at(int node, long retainedBytes) throws IOException;
    }

    private Stats select(int k, double maxSuppression, StatsAt statsAt) {
        Stats best = null;
        Stats fewest = null;
        int bestHeight = Integer.MAX_VALUE;
        try {
            for (int n = 0; n < nodes.size(); n++) {
                int height = Arrays.stream(nodes.get(n)).sum();
                if (height > bestHeight) break; // no higher node can be chosen: not counted
                Stats s = statsAt.at(n, Stats.heapBytes(best) + (fewest == best ? 0 : Stats.heapBytes(fewest)));
                Stats oldBest = best, oldFewest = fewest;
                if (s.suppressed <= maxSuppression * s.people) {
                    if (best == null || s.suppressed < best.suppressed) best = s;
                    bestHeight = height;
                }
                if (fewest == null || s.suppressed < fewest.suppressed) fewest = s;
                for (Stats gone : List.of(s, oldBest == null ? s : oldBest, oldFewest == null ? s : oldFewest))
                    if (gone != best && gone != fewest) gone.discard();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the k state's spill could not be read", e);
        }
        Stats chosen = best != null ? best : fewest;
        if (fewest != chosen) fewest.discard();
        return chosen;
    }

    /**
     * One node's classes; the signatures of classes smaller than k, ascending, are in heap ({@code
     * smallSignatures}) or in a file ({@code smallFile}).
     */
    private record Stats(
            int node,
            long people,
            long classes,
            long suppressed,
            long suppressedClasses,
            long smallestReleased,
            long[] smallSignatures,
            Path smallFile) {

        void discard() {
            if (smallFile != null) LongFiles.deleteIfExists(smallFile);
        }

        /** What a kept node's small classes hold in heap (none kept: 0). */
        static long heapBytes(Stats s) {
            return s == null || s.smallSignatures == null ? 0 : (long) Long.BYTES * s.smallSignatures.length;
        }
    }

    /** Counts classes over a node's signatures in ascending order, and which are smaller than k. */
    private static final class ClassCounter {
        private final int node;
        private final int k;
        private long people, classes, suppressed, suppressedClasses, smallest = Long.MAX_VALUE;
        private long current, size;

        ClassCounter(int node, int k) {
            this.node = node;
            this.k = k;
        }

        /** Counts one signature; a class that ends smaller than k goes to {@code small}. */
        void add(long signature, SmallClass small) throws IOException {
            people++;
            if (size > 0 && signature == current) {
                size++;
                return;
            }
            end(small);
            current = signature;
            size = 1;
        }

        void end(SmallClass small) throws IOException {
            if (size == 0) return;
            classes++;
            if (size < k) {
                suppressed += size;
                suppressedClasses++;
                small.add(current);
            } else {
                smallest = Math.min(smallest, size);
            }
            size = 0;
        }

        Stats stats(long[] smallSignatures, Path smallFile) {
            return new Stats(
                    node, people, classes, suppressed, suppressedClasses, smallest, smallSignatures, smallFile);
        }
    }

    private interface SmallClass {
        void add(long signature) throws IOException;
    }

    /**
     * Counts classes over a node's signatures (sorted in place); keeps the small classes' signatures
     * when there are at most {@code keepUpTo} of them, else leaves them null.
     */
    private static Stats stats(long[] sigs, int node, int k, long keepUpTo) throws IOException {
        Arrays.sort(sigs);
        int[] count = {0};
        // gathered at the front of sigs itself: a class is written after its last signature was read
        SmallClass keep = signature -> sigs[count[0]++] = signature;
        ClassCounter counter = new ClassCounter(node, k);
        for (long signature : sigs) counter.add(signature, keep);
        counter.end(keep);
        return counter.stats(count[0] <= keepUpTo ? Arrays.copyOf(sigs, count[0]) : null, null);
    }

    /** The chosen node counted again when its small classes were dropped for room, kept this time. */
    private static Stats keepingSmallClasses(Counts counts, Stats chosen, int k) {
        counts.recounts++;
        try {
            return stats(counts.signatures(chosen.node()), chosen.node(), k, Long.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in heap: nothing is read or written
        }
    }

    /** The people whose signature at the chosen node is in a class smaller than k, sorted. */
    private static SortedLongs inHeapPeople(Counts counts, Stats s) {
        long[] sigs = counts.signatures(s.node()); // slot order, to map classes back to people
        long[] smallSigs = s.smallSignatures();
        int found = 0;
        int i = 0;
        for (int slot = 0; slot < counts.keys.length; slot++) {
            if (!counts.used[slot]) continue;
            // gathered at the front of sigs itself: a person's place is written after their signature was read
            if (smallSigs.length > 0 && Arrays.binarySearch(smallSigs, sigs[i]) >= 0) sigs[found++] = counts.keys[slot];
            i++;
        }
        long[] suppressedPersons = Arrays.copyOf(sigs, found); // unlinked rows are counted in s but kept apart
        Arrays.sort(suppressedPersons);
        return SortedLongs.inHeap(suppressedPersons);
    }

    /**
     * The same choice from merged runs: each visited node's signatures (people, then unlinked rows) go
     * through an external sort of half the budget and are counted in order, the small classes written to
     * a file; then one pass over the people in hash order writes the suppressed ones, already sorted.
     */
    private Choice chooseSpilled(Counts counts, int k, double maxSuppression) throws IOException {
        PersonRuns runs = counts.runs;
        Path folder = runs.folder();
        long half = counts.budget / 2;
        int chunk = (int) Math.min(Integer.MAX_VALUE - 8, half / Long.BYTES);
        Stats chosen = select(k, maxSuppression, (n, retained) -> {
            LongSorter sorter = new LongSorter(folder, "node-" + n, chunk);
            try (LongFiles.Cursor in = runs.signatures(n)) {
                while (in.hasNext()) sorter.add(in.next());
            }
            Path small = folder.resolve("small-" + n);
            ClassCounter counter = new ClassCounter(n, k);
            try (LongFiles.Cursor sorted = sorter.sorted();
                    DataOutputStream out = LongFiles.writer(small, false)) {
                SmallClass keep = out::writeLong;
                while (sorted.hasNext()) counter.add(sorted.next(), keep);
                counter.end(keep);
            }
            return counter.stats(null, small);
        });
        SortedLongs small = SortedLongs.open(chosen.smallFile(), chosen.suppressedClasses(), half);
        try {
            Path suppressed = folder.resolve("suppressed-persons");
            long suppressedPersons = 0;
            try (LongFiles.Cursor persons = runs.personHashes();
                    LongFiles.Cursor signatures = runs.linkedSignatures(chosen.node());
                    DataOutputStream out = LongFiles.writer(suppressed, false)) {
                while (persons.hasNext()) {
                    long person = persons.next();
                    if (small.contains(signatures.next())) {
                        out.writeLong(person);
                        suppressedPersons++;
                    }
                }
            }
            runs.deleteMerged();
            return choice(chosen, k, SortedLongs.open(suppressed, suppressedPersons, half), small);
        } catch (IOException | RuntimeException e) {
            small.close();
            throw e;
        }
    }

    private Choice choice(Stats s, int k, SortedLongs suppressedPersons, SortedLongs smallClasses) {
        long released = s.people() - s.suppressed();
        long releasedClasses = s.classes() - s.suppressedClasses();
        long kAchieved = released == 0 ? 0 : s.smallestReleased();
        KAnonymity.Judgement judgement = new KAnonymity.Judgement(
                k,
                s.people(),
                (int) s.classes(),
                Set.of(),
                s.suppressed(),
                released,
                (int) releasedClasses,
                kAchieved,
                released == 0 ? 0 : 1.0 / kAchieved,
                released == 0 ? 0 : (double) releasedClasses / released);
        boolean generalized = Arrays.stream(nodes.get(s.node())).sum() > 0;
        return new Choice(s.node(), generalized, judgement, suppressedPersons, smallClasses);
    }

    private static long fnv(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** MurmurHash3's 64-bit finalizer: spreads every input bit over the output. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53f5a61L;
        h ^= h >>> 33;
        return h;
    }
}
