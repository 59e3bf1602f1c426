package jp.insurer.governance.policy.extract;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToIntFunction;

/**
 * The spilled part of {@link PersonLattice.Counts}, in one folder of {@link LongFiles}:
 * <ul>
 *   <li>{@code run-N}: one spilled table, by person hash ascending, each record the hash and its partial
 *       sum at every node. Partial sums add, so runs from any threads, files or JVMs merge into the same
 *       signatures;</li>
 *   <li>{@code unlinked-NODE}: the signatures of rows without a customer (a person each) at one node,
 *       in the order added (counting sorts them);</li>
 *   <li>after {@link #merge}: {@code persons} (every person hash once, ascending) and {@code linked-NODE}
 *       (their whole signatures at a node, in the same order).</li>
 * </ul>
 * Runs and unlinked files of other counts (other slices of the same profile, counted in other JVMs)
 * are adopted from sub-folders ({@link #adopt}) and merged with the rest: partial sums add, and
 * unlinked rows are people of their own wherever they were counted.
 */
final class PersonRuns {

    /**
     * Runs merged at once at most: each open run costs a read buffer ({@link LongFiles#BUFFER}) and a file
     * descriptor, so more runs are first merged in groups into longer runs.
     */
    static final int FAN_IN = 64;

    /** A run file and the people in it (its size is checked against them when read). */
    private record Run(Path file, long records) {}

    /** The {@code unlinked-NODE} files of one folder and the rows in each. */
    private record Unlinked(Path folder, long rows) {}

    private final Path folder;
    private final int width;
    private final List<Run> runs = new ArrayList<>();
    private int runFiles;
    private long unlinkedRows; // in this folder's own unlinked files
    private final List<Unlinked> adopted = new ArrayList<>();
    private int spills;
    private long persons = -1;

    PersonRuns(Path folder, int width) {
        this.folder = folder;
        this.width = width;
    }

    Path folder() {
        return folder;
    }

    boolean spilled() {
        return !runs.isEmpty() || unlinkedRows() > 0;
    }

    /** Whether other counts' files were adopted (such runs are chosen, never sealed again). */
    boolean adoptedAny() {
        return !adopted.isEmpty();
    }

    /**
     * What this folder holds, file names relative to it; only before {@link #merge} (which consumes
     * the runs) and only for runs written here.
     */
    PersonLattice.Sealed sealed() {
        List<PersonLattice.Sealed.Run> out = new ArrayList<>();
        for (Run run : runs)
            out.add(new PersonLattice.Sealed.Run(folder.relativize(run.file()).toString(), run.records()));
        return new PersonLattice.Sealed(width, out, unlinkedRows);
    }

    /**
     * Takes over the runs and unlinked files that {@code sealed} describes, copied under {@code
     * folder/key}; they are checked (present, of their length) when merged, and consumed by it.
     *
     * @throws IllegalArgumentException when the part counted another lattice or names a file outside
     *     its sub-folder
     */
    void adopt(String key, PersonLattice.Sealed sealed) {
        Path part = inside(folder, key, "sub-folder " + key);
        if (sealed.width() != width) {
            throw new IllegalArgumentException("the k state of " + key + " counted " + sealed.width()
                    + " generalization nodes where this profile has " + width
                    + ": it was counted under another policy; count it again");
        }
        for (PersonLattice.Sealed.Run run : sealed.runs())
            runs.add(new Run(inside(part, run.file(), "run " + run.file() + " of " + key), run.records()));
        if (sealed.unlinkedRows() > 0) adopted.add(new Unlinked(part, sealed.unlinkedRows()));
    }

    /** {@code relative} resolved under {@code parent}, refused when it would leave it. */
    private static Path inside(Path parent, String relative, String what) {
        Path resolved = parent.resolve(relative).normalize();
        if (relative.isEmpty()
                || Path.of(relative).isAbsolute()
                || !resolved.startsWith(parent.normalize())
                || resolved.equals(parent.normalize())) {
            throw new IllegalArgumentException(
                    "the adopted k state's " + what + " is not a relative name inside " + parent.getFileName());
        }
        return resolved;
    }

    /** Writes one run: {@code sorted} person hashes ascending, their sums at {@code slotOf(person) * width}. */
    void writeRun(long[] sorted, int count, LongToIntFunction slotOf, long[] sums) throws IOException {
        Path run = folder.resolve("run-" + runFiles++);
        try (DataOutputStream out = LongFiles.writer(run, false)) {
            for (int i = 0; i < count; i++) {
                out.writeLong(sorted[i]);
                int base = slotOf.applyAsInt(sorted[i]) * width;
                for (int n = 0; n < width; n++) out.writeLong(sums[base + n]);
            }
        }
        runs.add(new Run(run, count));
        spills++;
    }

    /** Appends {@code rows} unlinked signatures, row-major ({@code width} per row), node by node. */
    void appendUnlinked(long[] rows, int count) throws IOException {
        for (int n = 0; n < width; n++) {
            try (DataOutputStream out = LongFiles.writer(unlinked(folder, n), true)) {
                for (int r = 0; r < count; r++) out.writeLong(rows[r * width + n]);
            }
        }
        unlinkedRows += count;
        spills++;
    }

    /** Runs and unlinked batches written so far. */
    int spills() {
        return spills;
    }

    /** Unlinked rows in every folder: this one's and the adopted ones'. */
    long unlinkedRows() {
        long rows = unlinkedRows;
        for (Unlinked part : adopted) rows += part.rows();
        return rows;
    }

    /** The people merged (after {@link #merge}). */
    long persons() {
        return persons;
    }

    /**
     * A k-way merge of the runs by person hash, each person's partial sums added (wrapping, as the
     * in-heap table adds): one read buffer per run and one write buffer per node, at most {@link #FAN_IN}
     * runs at once (more are first merged in groups into longer runs). Deletes the runs.
     */
    void merge() throws IOException {
        while (runs.size() > FAN_IN) {
            List<Run> group = new ArrayList<>(runs.subList(0, FAN_IN));
            runs.subList(0, FAN_IN).clear();
            Path longer = folder.resolve("run-" + runFiles++);
            long[] records = {0};
            try (DataOutputStream out = LongFiles.writer(longer, false)) {
                mergeGroup(group, (person, sum) -> {
                    out.writeLong(person);
                    for (long v : sum) out.writeLong(v);
                    records[0]++;
                });
            }
            runs.add(new Run(longer, records[0]));
        }
        DataOutputStream[] out = new DataOutputStream[width];
        long[] merged = {0};
        try (DataOutputStream keys = LongFiles.writer(folder.resolve("persons"), false)) {
            for (int n = 0; n < width; n++) out[n] = LongFiles.writer(linked(n), false);
            mergeGroup(List.copyOf(runs), (person, sum) -> {
                keys.writeLong(person);
                for (int n = 0; n < width; n++) out[n].writeLong(sum[n]);
                merged[0]++;
            });
        } finally {
            for (DataOutputStream o : out) if (o != null) o.close();
        }
        persons = merged[0];
        runs.clear();
    }

    /** Where a merge puts each person's whole sum (the array is reused). */
    private interface PersonSink {
        void accept(long person, long[] sum) throws IOException;
    }

    /** Merges {@code group} into {@code sink} by person hash, adding partial sums; deletes the group's runs. */
    private void mergeGroup(List<Run> group, PersonSink sink) throws IOException {
        LongFiles.Cursor[] in = new LongFiles.Cursor[group.size()];
        long[][] partial = new long[group.size()][width];
        long[] sum = new long[width];
        RunHeap heap = new RunHeap(in.length);
        try {
            for (int r = 0; r < in.length; r++) {
                in[r] = LongFiles.reader(group.get(r).file(), group.get(r).records() * (1 + width));
                if (in[r].hasNext()) heap.push(r, readRecord(in[r], partial[r]));
            }
            while (!heap.isEmpty()) {
                long person = heap.topKey();
                java.util.Arrays.fill(sum, 0);
                while (!heap.isEmpty() && heap.topKey() == person) {
                    int r = heap.top();
                    for (int n = 0; n < width; n++) sum[n] += partial[r][n];
                    if (in[r].hasNext()) heap.replaceTop(readRecord(in[r], partial[r]));
                    else heap.pop();
                }
                sink.accept(person, sum);
            }
        } finally {
            for (LongFiles.Cursor c : in) if (c != null) c.close();
        }
        for (Run run : group) LongFiles.deleteIfExists(run.file());
    }

    private long readRecord(LongFiles.Cursor in, long[] into) throws IOException {
        long person = in.next();
        for (int n = 0; n < width; n++) into[n] = in.next();
        return person;
    }

    /** Every person's signature at a node, then every unlinked row's (this folder's, then each adopted one's). */
    LongFiles.Cursor signatures(int node) {
        List<LongFiles.Opener> parts = new ArrayList<>();
        parts.add(() -> LongFiles.reader(linked(node), persons));
        if (unlinkedRows > 0) parts.add(() -> LongFiles.reader(unlinked(folder, node), unlinkedRows));
        for (Unlinked part : adopted) parts.add(() -> LongFiles.reader(unlinked(part.folder(), node), part.rows()));
        return LongFiles.concat(parts);
    }

    /** The merged person hashes, in the order of {@link #linkedSignatures}. */
    LongFiles.Cursor personHashes() throws IOException {
        return LongFiles.reader(folder.resolve("persons"), persons);
    }

    LongFiles.Cursor linkedSignatures(int node) throws IOException {
        return LongFiles.reader(linked(node), persons);
    }

    /** Deletes the merged people and every signature column (the choice keeps its own files). */
    void deleteMerged() {
        LongFiles.deleteIfExists(folder.resolve("persons"));
        for (int n = 0; n < width; n++) {
            LongFiles.deleteIfExists(linked(n));
            LongFiles.deleteIfExists(unlinked(folder, n));
            for (Unlinked part : adopted) LongFiles.deleteIfExists(unlinked(part.folder(), n));
        }
    }

    private Path linked(int node) {
        return folder.resolve("linked-" + node);
    }

    private static Path unlinked(Path folder, int node) {
        return folder.resolve("unlinked-" + node);
    }
}
