package jp.insurer.governance.policy.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import jp.insurer.governance.policy.hash.Sha256;

/**
 * Per-customer {@link CustomerFacts} on local disk, with a heap that does not grow with the customers:
 * the retention job's lookup of contract and claim facts at ten million customers and more.
 *
 * <p>Customers are keyed by 128 bits of SHA-256 of their id exactly as given (no normalization: the facts
 * snapshot's ids are looked up as the datasets spell them), as the consent table keys its customers; a
 * collision is ~2^-80 likely at 10 million customers, and would stop the build, not merge two customers.
 *
 * <p>File: fixed-size entries (hi, lo, latest end, flags: {@value #ENTRY} bytes) sorted by the unsigned
 * key, in blocks of {@value #ENTRIES_PER_BLOCK} entries each followed by its CRC32C. A lookup finds its
 * block in the in-heap sparse index (the first key of every block: 16 bytes per block, ~0.9 MB at 10
 * million customers), reads it with a positional read into a direct-mapped block cache of a configured
 * size, checks its checksum and first key, and searches it. A block that fails the check is an error,
 * never a missing customer: a missing customer would read as "never contracted" and let rows be deleted.
 * Positional reads, not a memory map, so the table's pages do not count in the resident set; a
 * direct-mapped cache because lookups come in dataset order, random to the key order, so LRU would keep
 * no better blocks, and a slot is reused in place without allocating (as {@code ConsentTable} does, and
 * written by hand for the same reasons). Thread-safe for lookups.
 *
 * <p>Built by {@link #build}: rows through a {@link CustomerFactsSpill} (heap bounded by its shard size),
 * appended in key order by a {@link Writer}. The folder is the caller's, removed by {@link #close}.
 */
public final class CustomerFactsTable implements AutoCloseable {

    static final int ENTRY = 8 + 8 + 4 + 1;
    static final int ENTRIES_PER_BLOCK = 192;
    /** A full block on disk: its entries and their CRC32C. */
    static final int BLOCK_BYTES = ENTRIES_PER_BLOCK * ENTRY + 4;

    static final String FILE = "facts.table";
    private static final String PREFIX = "facts";
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Sha256::newDigest);

    /** Feeds the customers' rows to the build. */
    public interface Source {
        void feed(CustomerFactsSpill spill) throws IOException;
    }

    private final Path folder;
    private final FileChannel channel;
    private final long entries;
    private final long[] firstHi;
    private final long[] firstLo;
    private final Slot[] cache;

    /** A cache slot: the block it holds (-1: none) and its bytes; used only under its own lock. */
    private static final class Slot {
        int number = -1;
        int entries;
        ByteBuffer data;
    }

    private CustomerFactsTable(Writer w, long cacheBytes) throws IOException {
        this.folder = w.folder;
        this.entries = w.entries;
        this.firstHi = Arrays.copyOf(w.firstHi, w.blocks);
        this.firstLo = Arrays.copyOf(w.firstLo, w.blocks);
        // No more slots than blocks: a small table costs its own size, not the configured cache's.
        int slots = (int) Math.max(1, Math.min(cacheBytes / BLOCK_BYTES, w.blocks));
        this.cache = new Slot[slots];
        for (int i = 0; i < slots; i++) cache[i] = new Slot();
        Path file = folder.resolve(FILE);
        long expected = w.blocks == 0 ? 0 : (long) (w.blocks - 1) * BLOCK_BYTES + blockBytes(w.blocks - 1);
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        if (channel.size() != expected) {
            channel.close();
            throw new IOException("customer facts table " + file + ": " + channel.size() + " bytes written, " + expected
                    + " expected");
        }
    }

    /**
     * Builds a table in {@code folder} (created; removed again when the build fails) from the rows {@code
     * source} feeds: several rows of one customer combine ({@link CustomerFacts#merge}).
     *
     * @param shardRecords at most this many rows are combined in heap at once
     * @param cacheBytes   heap for the block cache during lookups
     */
    public static CustomerFactsTable build(Path folder, long shardRecords, long cacheBytes, Source source)
            throws IOException {
        Files.createDirectories(folder);
        try (CustomerFactsSpill spill = new CustomerFactsSpill(folder.resolve("spill"), shardRecords);
                Writer writer = new Writer(folder)) {
            source.feed(spill);
            spill.drain((id, hi, lo, facts) -> writer.add(hi, lo, facts));
            return writer.finish(cacheBytes);
        } catch (IOException | RuntimeException | Error e) {
            try {
                delete(folder);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Customers in the table. */
    public long customers() {
        return entries;
    }

    /** The customer's facts; {@link CustomerFacts#NONE} for a customer without any (or a null id). */
    public CustomerFacts get(String customerId) {
        if (customerId == null || entries == 0) return CustomerFacts.NONE;
        long[] h = key(customerId);
        if (compare(h[0], h[1], firstHi[0], firstLo[0]) < 0) return CustomerFacts.NONE;
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
                int at = mid * ENTRY;
                int c = compare(data.getLong(at), data.getLong(at + 8), h[0], h[1]);
                if (c < 0) low = mid + 1;
                else if (c > 0) high = mid - 1;
                else return CustomerFacts.of(data.getInt(at + 16), data.get(at + 20));
            }
        }
        return CustomerFacts.NONE;
    }

    /** Reads a block into a slot's buffer (held under the slot's lock) and checks it. */
    private void load(Slot slot, int number) {
        if (slot.data == null) slot.data = ByteBuffer.allocate(BLOCK_BYTES);
        slot.number = -1; // until read whole and checked
        int bytes = blockBytes(number);
        ByteBuffer data = slot.data.clear().limit(bytes);
        Path file = folder.resolve(FILE);
        try {
            long position = (long) number * BLOCK_BYTES;
            while (data.hasRemaining()) {
                if (channel.read(data, position + data.position()) < 0) {
                    throw new IOException("ends early at block " + number);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("customer facts table " + file + ": " + e.getMessage(), e);
        }
        CRC32C crc = new CRC32C();
        crc.update(data.array(), 0, bytes - 4);
        if ((int) crc.getValue() != data.getInt(bytes - 4)
                || data.getLong(0) != firstHi[number]
                || data.getLong(8) != firstLo[number]) {
            throw new UncheckedIOException(new IOException("customer facts table " + file + ": block " + number
                    + " is damaged (checksum or first key differs); the table is not trusted"));
        }
        slot.entries = (bytes - 4) / ENTRY;
        slot.number = number;
    }

    /** Bytes of a block on disk: full, or the last one's entries and checksum. */
    private int blockBytes(int number) {
        long first = (long) number * ENTRIES_PER_BLOCK;
        return (int) Math.min(ENTRIES_PER_BLOCK, entries - first) * ENTRY + 4;
    }

    /** Closes the file and removes the table's folder. */
    @Override
    public void close() throws IOException {
        channel.close();
        delete(folder);
    }

    /** 128 bits of SHA-256 of the customer id's UTF-8 ({hi, lo}): the customer's key in the table. */
    public static long[] key(String customerId) {
        byte[] d = SHA256.get().digest(customerId.getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.wrap(d);
        return new long[] {b.getLong(0), b.getLong(8)};
    }

    static int compare(long hi, long lo, long otherHi, long otherLo) {
        int c = Long.compareUnsigned(hi, otherHi);
        return c != 0 ? c : Long.compareUnsigned(lo, otherLo);
    }

    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) return;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /**
     * A new folder for one table under {@code base}, named after this process; removes the folders of
     * processes no longer alive (a killed run leaves its table behind), never another live process's.
     */
    public static Path newFolder(Path base) throws IOException {
        Files.createDirectories(base);
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> children = Files.list(base)) {
            children.filter(p -> {
                        String[] parts = p.getFileName().toString().split("-");
                        if (parts.length != 3 || !parts[0].equals(PREFIX)) return false;
                        try {
                            return ProcessHandle.of(Long.parseLong(parts[1])).isEmpty();
                        } catch (NumberFormatException e) {
                            return false;
                        }
                    })
                    .forEach(stale::add);
        }
        for (Path folder : stale) delete(folder);
        return Files.createTempDirectory(
                base, PREFIX + "-" + ProcessHandle.current().pid() + "-");
    }

    /** Appends entries, in strictly increasing key order, to the table file, block by block, with the index. */
    static final class Writer implements AutoCloseable {
        private final Path folder;
        private final FileChannel out;
        private final ByteBuffer block = ByteBuffer.allocate(BLOCK_BYTES);
        private final CRC32C crc = new CRC32C();
        private long entries;
        private int blocks;
        private long[] firstHi = new long[16];
        private long[] firstLo = new long[16];
        private long lastHi;
        private long lastLo;

        Writer(Path folder) throws IOException {
            this.folder = folder;
            this.out = FileChannel.open(folder.resolve(FILE), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        void add(long hi, long lo, CustomerFacts facts) throws IOException {
            if (entries > 0 && compare(lastHi, lastLo, hi, lo) >= 0) {
                // Two ids of one key hash (or a spill out of order): refuse rather than answer for the wrong one.
                throw new IllegalStateException(
                        "customer facts table: keys not strictly increasing at entry " + entries);
            }
            if (entries % ENTRIES_PER_BLOCK == 0) {
                if (blocks == firstHi.length) {
                    firstHi = Arrays.copyOf(firstHi, blocks * 2);
                    firstLo = Arrays.copyOf(firstLo, blocks * 2);
                }
                firstHi[blocks] = hi;
                firstLo[blocks] = lo;
                blocks++;
            }
            block.putLong(hi).putLong(lo).putInt(facts.latestEnd()).put(facts.flags());
            lastHi = hi;
            lastLo = lo;
            entries++;
            if (entries % ENTRIES_PER_BLOCK == 0) flushBlock();
        }

        private void flushBlock() throws IOException {
            if (block.position() == 0) return;
            crc.reset();
            crc.update(block.array(), 0, block.position());
            block.putInt((int) crc.getValue());
            block.flip();
            while (block.hasRemaining()) out.write(block);
            block.clear();
        }

        CustomerFactsTable finish(long cacheBytes) throws IOException {
            flushBlock();
            out.close();
            return new CustomerFactsTable(this, cacheBytes);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
