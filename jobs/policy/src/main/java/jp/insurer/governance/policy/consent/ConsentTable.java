package jp.insurer.governance.policy.consent;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The point-in-time consent of a {@link ConsentBook}, on local disk, with a heap that does not grow with
 * the customers: built by a {@link ConsentTableBuilder} shard by shard with the book's own rules, so every
 * answer and count is the book's.
 *
 * <p>File: one fixed-size entry per ledger customer, sorted by the unsigned 128-bit key hash: hi, lo, then
 * per purpose the deciding time (µs), action and document version number — 16 + 13 bytes per purpose. A
 * lookup hashes the normalized key, finds its block in the in-heap sparse index (the first key of every
 * {@value #BLOCK_BYTES}-byte block) and searches the block, read with positional reads through a
 * direct-mapped block cache of a configured size. Positional reads, not a memory map: mapped pages count
 * in the process's resident set, page-cache pages read this way do not. A cache slot's buffer is read
 * into in place under the slot's lock, so a miss allocates nothing (a new buffer per miss made the
 * garbage collector grow the heap at 10 million customers); written by hand for that reason, and
 * because a general cache (Caffeine) would add bookkeeping per lookup and a dependency to this
 * framework-free core.
 *
 * <p>Memory bound (heap, per JVM, five purposes): while building, one shard's book — at most {@code
 * shardLines} customers, at most ~280 bytes each (~415 while its hash table doubles); while looking up, the block cache ({@code cacheBytes})
 * plus the sparse index, 16 bytes per {@value #BLOCK_BYTES} bytes of table (~0.3 bytes per customer: 3 MB
 * at 10 million), plus 8 bytes per ledger customer missing from the customer master (their first lines).
 * A table that fits the cache is read from disk once, block by block, and then costs what the in-heap
 * book costs. Thread-safe for lookups.
 */
public final class ConsentTable implements ConsentLookup, AutoCloseable {

    static final int BLOCK_BYTES = 4 * 1024;
    private static final String FILE = "consent.table";

    private final List<String> purposes;
    private final Instant cutoff;
    private final CustomerKey keys;
    private final DocumentVersions versions;
    private final Path folder;
    private final FileChannel channel;
    private final int entryBytes;
    private final int entriesPerBlock;
    private final long entries;
    private final long[] firstHi;
    private final long[] firstLo;
    private final Slot[] cache;
    private final int customers;
    private final long ignoredAfterCutoff;
    private final long uncertainCustomers;
    private final long unmatchedCustomers;
    private final Map<String, Map<ConsentState, Long>> countsPerPurpose;
    private final long[] unmatchedFirstLines;

    /** A cache slot: the block it holds (-1: none) and its bytes; used only under its own lock. */
    private static final class Slot {
        int number = -1;
        int entries;
        ByteBuffer data;
    }

    /** Reads one entry of a block, under the block's slot lock. */
    private interface EntryReader {
        void read(ByteBuffer block, int entry);
    }

    private ConsentTable(Writer w, List<String> purposes, Instant cutoff, CustomerKey keys, DocumentVersions versions)
            throws IOException {
        this.purposes = List.copyOf(purposes);
        this.cutoff = cutoff;
        this.keys = keys;
        this.versions = versions;
        this.folder = w.folder;
        this.entryBytes = w.entryBytes;
        this.entriesPerBlock = w.entriesPerBlock;
        this.entries = w.entries;
        this.firstHi = Arrays.copyOf(w.firstHi, w.blocks);
        this.firstLo = Arrays.copyOf(w.firstLo, w.blocks);
        // No more slots than blocks: a small table costs its own size, not the configured cache's.
        int slots = (int) Math.max(1, Math.min(w.cacheBytes / (entriesPerBlock * (long) entryBytes), w.blocks));
        this.cache = new Slot[slots];
        for (int i = 0; i < slots; i++) cache[i] = new Slot();
        this.customers = Math.toIntExact(w.customers);
        this.ignoredAfterCutoff = w.ignored;
        this.uncertainCustomers = w.uncertain;
        this.unmatchedCustomers = w.unmatched;
        this.countsPerPurpose = w.counts;
        this.unmatchedFirstLines = Arrays.copyOf(w.unmatchedLines, w.unmatchedCount);
        Arrays.sort(unmatchedFirstLines);
        this.channel = FileChannel.open(folder.resolve(FILE), StandardOpenOption.READ);
    }

    @Override
    public List<String> purposes() {
        return purposes;
    }

    public Instant cutoff() {
        return cutoff;
    }

    @Override
    public CustomerKey customerKeys() {
        return keys;
    }

    @Override
    public int customers() {
        return customers;
    }

    public long ignoredAfterCutoff() {
        return ignoredAfterCutoff;
    }

    /** Customers whose consent to at least one purpose is UNCERTAIN as of the business date. */
    public long uncertainCustomers() {
        return uncertainCustomers;
    }

    /** Ledger customers not in the customer master; 0 when the master was not read. */
    public long unmatchedCustomers() {
        return unmatchedCustomers;
    }

    /**
     * The ledger line numbers (as given to the builder), ascending, of each unmatched customer's first
     * line: the lines {@link ConsentBook#firstSeenUnmatched} is true for, read in the ledger's order.
     */
    public long[] unmatchedFirstLines() {
        return unmatchedFirstLines.clone();
    }

    /** Per purpose, customers of the ledger in each state (NOT_GIVEN: in the ledger, silent on it). */
    public Map<String, Map<ConsentState, Long>> countsPerPurpose() {
        return countsPerPurpose;
    }

    @Override
    public ConsentState[] states(String customerId) {
        ConsentState[] out = new ConsentState[purposes.size()];
        Arrays.fill(out, ConsentState.NOT_GIVEN);
        find(customerId, (block, entry) -> {
            for (int p = 0; p < out.length; p++) {
                int cell = entry + 16 + p * 13;
                out[p] = ConsentBook.state(block.getLong(cell), block.get(cell + 8));
            }
        });
        return out;
    }

    @Override
    public ConsentDecision decision(String customerId, String purpose) {
        int p = purposes.indexOf(purpose);
        if (p < 0) throw new IllegalArgumentException("purpose not configured: " + purpose);
        ConsentDecision[] out = {ConsentDecision.NOT_GIVEN};
        find(customerId, (block, entry) -> {
            int cell = entry + 16 + p * 13;
            long micros = block.getLong(cell);
            if (micros == ConsentBook.NONE) return;
            out[0] = new ConsentDecision(
                    ConsentBook.state(micros, block.get(cell + 8)),
                    micros == ConsentBook.UNPLACEABLE ? null : ConsentBook.fromMicros(micros),
                    versions.version(block.getInt(cell + 9)));
        });
        return out[0];
    }

    /** Gives the customer's entry to {@code reader}; nothing when the ledger does not know the customer. */
    private void find(String customerId, EntryReader reader) {
        String key = keys.normalize(customerId);
        if (key == null || entries == 0) return;
        long[] h = ConsentBook.hash(key);
        if (compare(h[0], h[1], firstHi[0], firstLo[0]) < 0) return;
        // The last block whose first key is not above the customer's.
        int lowBlock = 0;
        int highBlock = firstHi.length - 1;
        while (lowBlock < highBlock) {
            int mid = (lowBlock + highBlock + 1) >>> 1;
            if (compare(h[0], h[1], firstHi[mid], firstLo[mid]) >= 0) lowBlock = mid;
            else highBlock = mid - 1;
        }
        Slot slot = cache[lowBlock % cache.length];
        synchronized (slot) {
            if (slot.number != lowBlock) load(slot, lowBlock);
            ByteBuffer data = slot.data;
            int low = 0;
            int high = slot.entries - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int c = compare(data.getLong(mid * entryBytes), data.getLong(mid * entryBytes + 8), h[0], h[1]);
                if (c < 0) low = mid + 1;
                else if (c > 0) high = mid - 1;
                else {
                    reader.read(data, mid * entryBytes);
                    return;
                }
            }
        }
    }

    /** Reads a block into a slot's buffer (held under the slot's lock). */
    private void load(Slot slot, int number) {
        if (slot.data == null) slot.data = ByteBuffer.allocate(entriesPerBlock * entryBytes);
        slot.number = -1; // until read whole
        long first = (long) number * entriesPerBlock;
        int count = (int) Math.min(entriesPerBlock, entries - first);
        ByteBuffer data = slot.data.clear().limit(count * entryBytes);
        try {
            long position = first * entryBytes;
            while (data.hasRemaining()) {
                if (channel.read(data, position + data.position()) < 0)
                    throw new IOException("consent table ends early at block " + number);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("consent table " + folder.resolve(FILE) + ": " + e.getMessage(), e);
        }
        slot.entries = count;
        slot.number = number;
    }

    private static int compare(long hi, long lo, long otherHi, long otherLo) {
        int c = Long.compareUnsigned(hi, otherHi);
        return c != 0 ? c : Long.compareUnsigned(lo, otherLo);
    }

    /** Closes the file and removes the table's folder. */
    @Override
    public void close() throws IOException {
        channel.close();
        delete(folder);
    }

    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) return;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Appends resolved shards, in key order, to the table file, with the index and the counts. */
    static final class Writer implements AutoCloseable {
        private final Path folder;
        private final int width;
        private final int entryBytes;
        private final int entriesPerBlock;
        private final boolean masterRead;
        private final DataOutputStream out;
        private long entries;
        private int blocks;
        private long[] firstHi = new long[16];
        private long[] firstLo = new long[16];
        private long customers;
        private long ignored;
        private long uncertain;
        private long unmatched;
        private long[] unmatchedLines = new long[16];
        private int unmatchedCount;
        private long cacheBytes;
        private Map<String, Map<ConsentState, Long>> counts;

        Writer(Path folder, int width, boolean masterRead) throws IOException {
            this.folder = folder;
            this.width = width;
            this.entryBytes = 16 + 13 * width;
            this.entriesPerBlock = Math.max(1, BLOCK_BYTES / entryBytes);
            this.masterRead = masterRead;
            this.out = new DataOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(folder.resolve(FILE)), 64 * 1024));
        }

        boolean masterRead() {
            return masterRead;
        }

        void unmatchedFirstLine(long line) {
            unmatchedLines = ConsentTableBuilder.grow(unmatchedLines, unmatchedCount);
            unmatchedLines[unmatchedCount++] = line;
        }

        /** Appends a shard's ledger customers; its keys all sort after those of the shards before. */
        void add(ConsentBook book) throws IOException {
            customers += book.customers();
            ignored += book.ignoredAfterCutoff();
            uncertain += book.uncertainCustomers();
            if (masterRead) unmatched += book.unmatchedCustomers();
            Map<String, Map<ConsentState, Long>> shard = book.countsPerPurpose();
            if (counts == null) counts = shard;
            else
                shard.forEach((purpose, byState) ->
                        byState.forEach((state, n) -> counts.get(purpose).merge(state, n, Long::sum)));
            Integer[] slots = new Integer[book.customers()];
            int n = 0;
            for (int slot = 0; slot < book.capacity(); slot++) if (book.ledgerCustomer(slot)) slots[n++] = slot;
            Arrays.sort(slots, (a, b) -> compare(book.keyHi(a), book.keyLo(a), book.keyHi(b), book.keyLo(b)));
            for (int slot : slots) {
                if (entries % entriesPerBlock == 0) {
                    firstHi = ConsentTableBuilder.grow(firstHi, blocks);
                    firstLo = ConsentTableBuilder.grow(firstLo, blocks);
                    firstHi[blocks] = book.keyHi(slot);
                    firstLo[blocks] = book.keyLo(slot);
                    blocks++;
                }
                out.writeLong(book.keyHi(slot));
                out.writeLong(book.keyLo(slot));
                for (int p = 0; p < width; p++) {
                    out.writeLong(book.micros(slot, p));
                    out.writeByte(book.action(slot, p));
                    out.writeInt(book.version(slot, p));
                }
                entries++;
            }
        }

        ConsentTable finish(
                List<String> purposes, Instant cutoff, CustomerKey keys, DocumentVersions versions, long cacheBytes)
                throws IOException {
            out.close();
            this.cacheBytes = cacheBytes;
            if (counts == null) counts = new ConsentBook(purposes, cutoff, keys).countsPerPurpose();
            return new ConsentTable(this, purposes, cutoff, keys, versions);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
