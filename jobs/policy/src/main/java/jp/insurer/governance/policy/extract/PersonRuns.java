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
 */
final class PersonRuns {

    private final Path folder;
    private final int width;
    private final List<Path> runs = new ArrayList<>();
    private long unlinkedRows;
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
        return !runs.isEmpty() || unlinkedRows > 0;
    }

    /** Writes one run: {@code sorted} person hashes ascending, their sums at {@code slotOf(person) * width}. */
    void writeRun(long[] sorted, int count, LongToIntFunction slotOf, long[] sums) throws IOException {
        Path run = folder.resolve("run-" + runs.size());
        try (DataOutputStream out = LongFiles.writer(run, false)) {
            for (int i = 0; i < count; i++) {
                out.writeLong(sorted[i]);
                int base = slotOf.applyAsInt(sorted[i]) * width;
                for (int n = 0; n < width; n++) out.writeLong(sums[base + n]);
            }
        }
        runs.add(run);
        spills++;
    }

    /** Appends {@code rows} unlinked signatures, row-major ({@code width} per row), node by node. */
    void appendUnlinked(long[] rows, int count) throws IOException {
        for (int n = 0; n < width; n++) {
            try (DataOutputStream out = LongFiles.writer(unlinked(n), true)) {
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

    long unlinkedRows() {
        return unlinkedRows;
    }

    /** The people merged (after {@link #merge}). */
    long persons() {
        return persons;
    }

    /**
     * A k-way merge of the runs by person hash, each person's partial sums added (wrapping, as the
     * in-heap table adds): one read buffer per run and one write buffer per node. Deletes the runs.
     */
    void merge() throws IOException {
        LongFiles.Cursor[] in = new LongFiles.Cursor[runs.size()];
        DataOutputStream[] out = new DataOutputStream[width];
        long[][] partial = new long[runs.size()][width];
        long[] sum = new long[width];
        RunHeap heap = new RunHeap(in.length);
        try (DataOutputStream keys = LongFiles.writer(folder.resolve("persons"), false)) {
            for (int n = 0; n < width; n++) out[n] = LongFiles.writer(linked(n), false);
            for (int r = 0; r < in.length; r++) {
                in[r] = LongFiles.reader(runs.get(r));
                if (in[r].hasNext()) heap.push(r, readRecord(in[r], partial[r]));
            }
            long merged = 0;
            while (!heap.isEmpty()) {
                long person = heap.topKey();
                java.util.Arrays.fill(sum, 0);
                while (!heap.isEmpty() && heap.topKey() == person) {
                    int r = heap.top();
                    for (int n = 0; n < width; n++) sum[n] += partial[r][n];
                    if (in[r].hasNext()) heap.replaceTop(readRecord(in[r], partial[r]));
                    else heap.pop();
                }
                keys.writeLong(person);
                for (int n = 0; n < width; n++) out[n].writeLong(sum[n]);
                merged++;
            }
            persons = merged;
        } finally {
            for (DataOutputStream o : out) if (o != null) o.close();
            for (LongFiles.Cursor c : in) if (c != null) c.close();
        }
        for (Path run : runs) LongFiles.deleteIfExists(run);
        runs.clear();
    }

    private long readRecord(LongFiles.Cursor in, long[] into) throws IOException {
        long person = in.next();
        for (int n = 0; n < width; n++) into[n] = in.next();
        return person;
    }

    /** Every person's signature at a node, then every unlinked row's. */
    LongFiles.Cursor signatures(int node) throws IOException {
        return LongFiles.concat(LongFiles.reader(linked(node)), LongFiles.reader(unlinked(node)));
    }

    /** The merged person hashes, in the order of {@link #linkedSignatures}. */
    LongFiles.Cursor personHashes() throws IOException {
        return LongFiles.reader(folder.resolve("persons"));
    }

    LongFiles.Cursor linkedSignatures(int node) throws IOException {
        return LongFiles.reader(linked(node));
    }

    /** Deletes the merged people and every signature column (the choice keeps its own files). */
    void deleteMerged() {
        LongFiles.deleteIfExists(folder.resolve("persons"));
        for (int n = 0; n < width; n++) {
            LongFiles.deleteIfExists(linked(n));
            LongFiles.deleteIfExists(unlinked(n));
        }
    }

    private Path linked(int node) {
        return folder.resolve("linked-" + node);
    }

    private Path unlinked(int node) {
        return folder.resolve("unlinked-" + node);
    }
}
