package jp.insurer.governance.batch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.insurer.governance.policy.classify.AcquisitionCategory;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.classify.DecisionSource;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.extract.ExtractPlan;
import jp.insurer.governance.policy.extract.PersonLattice;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.Transform;

/**
 * The person-level k state's memory and time, in heap ({@code PersonLattice.counts()}, as before) against
 * bounded ({@code counts(budget, folder)}), on synthetic people generated in-process (no Parquet): a
 * lattice of 16 nodes (four month → year dates), each person's signature added as two rows in two passes
 * (so a person's partial sums sit in different runs), one row without a customer per ten people (5,000
 * values); k 5,
 * max_suppression 0.05, then 2,000,000 lookups of random people. Prints add and choose seconds, lookups/s,
 * the choice (identical in both modes), the JVM's peak heap and the process's peak RSS (VmHWM). Run by
 * scripts/bench-kstate.sh; not a test.
 *
 * <pre>java -Xmx... KStateBench heap|spill PEOPLE CONFIG_DIR FOLDER [BUDGET_MB]</pre>
 */
public final class KStateBench {

    private static final int BATCH = 1024;
    private static final int LOOKUPS = 2_000_000;

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        int people = Integer.parseInt(args[1]);
        Hierarchies hierarchies = Hierarchies.load(Path.of(args[2]));
        Path folder = Path.of(args[3]);
        long budget = (args.length > 4 ? Long.parseLong(args[4]) : 256) << 20;
        PersonLattice lattice = PersonLattice.of(List.of(dataset()), hierarchies);
        int width = lattice.nodes();
        int[] height = new int[width];
        for (int n = 0; n < width; n++)
            height[n] = lattice.describe(n, 0).values().stream()
                    .mapToInt(h -> h.equals("year") ? 1 : 0)
                    .sum();

        long start = System.nanoTime();
        PersonLattice.Counts counts;
        Path spill = null;
        if (mode.equals("heap")) {
            counts = lattice.counts();
        } else if (mode.equals("spill")) {
            spill = Files.createTempDirectory(Files.createDirectories(folder), "kstate-");
            counts = lattice.counts(budget, spill);
        } else {
            throw new IllegalArgumentException("mode: heap or spill, got " + mode);
        }
        for (int pass = 0; pass < 2; pass++) {
            long[] persons = new long[BATCH];
            List<long[]> rows = new ArrayList<>(BATCH);
            List<long[]> unlinked = new ArrayList<>();
            for (int p = 0; p < people; p++) {
                persons[rows.size()] = PersonLattice.personHash("C" + (10_000_000 + p));
                long[] row = signature(p, people, height);
                for (int n = 0; n < width; n++) {
                    long half = mix(p * 31L + n);
                    row[n] = pass == 0 ? half : row[n] - half; // the two rows sum to the person's signature
                }
                rows.add(row);
                if (pass == 1 && p % 10 == 0) unlinked.add(signature(p % 5_000, 40_000, height));
                if (rows.size() == BATCH || p == people - 1) {
                    counts.add(java.util.Arrays.copyOf(persons, rows.size()), rows, unlinked);
                    rows = new ArrayList<>(BATCH);
                    unlinked = new ArrayList<>();
                }
            }
        }
        double add = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        try (PersonLattice.Choice choice = lattice.choose(counts, 5, 0.05)) {
            double choose = (System.nanoTime() - start) / 1e9;
            java.util.SplittableRandom random = new java.util.SplittableRandom(2);
            long found = 0;
            start = System.nanoTime();
            for (int i = 0; i < LOOKUPS; i++) {
                if (choice.suppressed(PersonLattice.personHash("C" + (10_000_000 + random.nextInt(people))))) found++;
            }
            double lookups = (System.nanoTime() - start) / 1e9;
            var j = choice.judgement();
            System.out.printf(
                    "%s people=%d nodes=%d budget_mib=%d add_s=%.1f choose_s=%.1f lookups_per_s=%.0f spills=%d"
                            + " node=%d records=%d suppressed=%d classes=%d k_achieved=%d found=%d"
                            + " peak_heap_mib=%d vm_hwm_mib=%d%n",
                    mode,
                    people,
                    width,
                    mode.equals("spill") ? budget >> 20 : 0,
                    add,
                    choose,
                    LOOKUPS / lookups,
                    counts.spills(),
                    choice.node(),
                    j.records(),
                    j.suppressedRecords(),
                    j.classes(),
                    j.kAchieved(),
                    found,
                    BenchMemory.peakHeap() >> 20,
                    BenchMemory.vmHwmKib() >> 10);
        }
        if (spill != null) Files.delete(spill); // fails unless the merge and the closed choice left it empty
    }

    /**
     * One of {@code people / 8} values per person, made coarser by 3 bits per generalized date: classes of
     * about 8 people at the root (too many below k 5), of about 64 one level up; one person in 50 alone at
     * every node (suppressed wherever the choice falls).
     */
    private static long[] signature(int p, int people, int[] height) {
        long value = p % 50 == 0 ? people + p : Math.floorMod(mix(p), Math.max(1, people / 8)); // 2 % alone
        long[] row = new long[height.length];
        for (int n = 0; n < row.length; n++) row[n] = mix((value >> (3 * height[n])) * 64 + n);
        return row;
    }

    private static ExtractPlan.Dataset dataset() {
        List<ExtractPlan.Column> columns = new ArrayList<>();
        List<String> dates = List.of("d1", "d2", "d3", "d4");
        columns.add(column("customer_id", Transform.PSEUDONYMIZE, Role.DIRECT_IDENTIFIER));
        for (String d : dates) columns.add(column(d, new Transform.Generalize("month"), Role.QUASI_IDENTIFIER));
        return new ExtractPlan.Dataset("events", columns, dates, true);
    }

    private static ExtractPlan.Column column(String name, Transform t, Role role) {
        ColumnClassification c = new ColumnClassification(
                name, "DATE", role, Set.of(AcquisitionCategory.DIRECT), null, DecisionSource.RULE, 1, "bench", null);
        return new ExtractPlan.Column(name, c, t, false, false, null);
    }

    /** A well-spread 64-bit value of {@code seed} (SplitMix64, the JDK's). */
    private static long mix(long seed) {
        return new java.util.SplittableRandom(seed).nextLong();
    }
}
