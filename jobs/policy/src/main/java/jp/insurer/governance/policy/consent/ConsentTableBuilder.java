package jp.insurer.governance.policy.consent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds a {@link ConsentTable} from the customer master and the ledger with a heap bounded by {@code
 * shardLines}, whatever the number of customers.
 *
 * <p>One pass: each line goes through the {@link ConsentBook}'s own cutoff rule and is spilled, as a
 * fixed-size record with its customer's 128-bit key hash, to one of {@value #FAN_OUT} shard files by the
 * hash's leading bits. Then shard by shard, in hash order: a shard of more than {@code shardLines}
 * records is split again by the next bits into as many parts as the bound needs (records of one customer stay together, so a shard that cannot
 * shrink holds one customer); a shard within the bound is replayed into a {@link ConsentBook} — the same
 * rules, so the same answers — and its ledger customers are appended to the table sorted by key hash.
 * Only one shard's book is in heap at a time: at most {@code shardLines} customers; with five purposes
 * its arrays take 83 bytes per slot at a load of 0.3–0.6, so at most ~280 bytes per customer (~415 for
 * the moment its table doubles): 44 MB, 65 MB while doubling, at 250,000. Records keep the ledger's
 * order within a shard, so the first line of a customer missing from the master is known as the
 * in-heap book knows it.
 *
 * <p>The shard files hold key hashes, times and numbers, no customer id; the folder is the caller's,
 * removed with the table ({@link ConsentTable#close}).
 */
public final class ConsentTableBuilder {

    /** Shard files written at once (the first pass, and each split): 64 buffers of 16 KiB. */
    static final int FAN_OUT = 64;

    private static final int FAN_OUT_BITS = 6;
    private static final int BUFFER = 16 * 1024;
    /** A spilled line: hi, lo, at, ledger line (-1: a master customer), version, action, purpose. */
    private static final int RECORD = 8 + 8 + 8 + 8 + 4 + 1 + 1;
    /** Action of a spilled customer-master key. */
    private static final byte MASTER = 0;

    private final ConsentBook rules;
    private final DocumentVersions versions = new DocumentVersions();
    private final List<String> purposes;
    private final Instant cutoff;
    private final CustomerKey keys;
    private final Path folder;
    private final long shardLines;
    private final long cacheBytes;
    private final DataOutputStream[] spill = new DataOutputStream[FAN_OUT];
    private final ConsentBook.LineSink sink;
    private long line;
    private boolean built;

    /**
     * @param folder     an empty folder of this table alone, on local disk
     * @param shardLines at most this many spilled lines (ledger lines and master customers) are resolved
     *                   in heap at once
     * @param cacheBytes heap for the table's block cache during lookups
     */
    public ConsentTableBuilder(
            List<String> purposes, Instant cutoff, CustomerKey keys, Path folder, long shardLines, long cacheBytes)
            throws IOException {
        if (shardLines < 1) throw new IllegalArgumentException("shard lines must be positive, got " + shardLines);
        this.purposes = List.copyOf(purposes);
        this.cutoff = cutoff;
        this.keys = keys;
        this.folder = folder;
        this.shardLines = shardLines;
        this.cacheBytes = cacheBytes;
        this.rules = new ConsentBook(purposes, cutoff, keys, versions);
        Files.createDirectories(folder);
        for (int s = 0; s < FAN_OUT; s++) spill[s] = open(shardFile(folder, "s" + s));
        this.sink = (hi, lo, action, purpose, at, version) ->
                write(spill[shardOf(hi, 0, FAN_OUT_BITS)], hi, lo, at, line, version, action, purpose);
    }

    /** Notes a customer of the customer master; call for the whole master before the ledger. */
    public void addMasterCustomer(String customerId) {
        String key = keys.normalize(customerId);
        if (key == null) return;
        long[] h = ConsentBook.hash(key);
        write(spill[shardOf(h[0], 0, FAN_OUT_BITS)], h[0], h[1], ConsentBook.NONE, -1, 0, MASTER, 0);
    }

    /**
     * {@link ConsentBook#accept}: adds one validated event; false when it is after the business date.
     *
     * @param ledgerLine the line's number in the ledger (increasing), named back by {@link
     *                   ConsentTable#unmatchedFirstLines}
     */
    public boolean accept(ConsentEvent event, long ledgerLine) {
        line = ledgerLine;
        return rules.accept(event, sink);
    }

    /** {@link ConsentBook#uncertain}, with the line's number as in {@link #accept}. */
    public boolean uncertain(String customerId, String purpose, Instant earliest, Instant latest, long ledgerLine) {
        line = ledgerLine;
        return rules.uncertain(customerId, purpose, earliest, latest, sink);
    }

    /**
     * Resolves the shards into the table.
     *
     * @param masterRead whether the whole customer master was added: only then are ledger customers
     *                   missing from it counted and their first lines kept
     */
    public ConsentTable build(boolean masterRead) throws IOException {
        if (built) throw new IllegalStateException("the consent table is built already");
        built = true;
        for (DataOutputStream out : spill) out.close();
        try (ConsentTable.Writer table = new ConsentTable.Writer(folder, purposes.size(), masterRead)) {
            for (int s = 0; s < FAN_OUT; s++) resolve(shardFile(folder, "s" + s), FAN_OUT_BITS, table);
            return table.finish(purposes, cutoff, keys, versions, cacheBytes);
        }
    }

    /** Gives up the build (the ledger could not be read): closes and removes the folder. */
    public void discard() throws IOException {
        built = true;
        for (DataOutputStream out : spill) {
            try {
                out.close();
            } catch (IOException e) {
                // Removed below all the same.
            }
        }
        ConsentTable.delete(folder);
    }

    /** Resolves one shard file (its keys share their first {@code bits} bits), splitting it when too big. */
    private void resolve(Path shard, int bits, ConsentTable.Writer table) throws IOException {
        long records = Files.size(shard) / RECORD;
        if (records > shardLines && bits < Long.SIZE) {
            // As many parts as the bound needs (up to FAN_OUT), so shards stay near the bound, not far below.
            int by = Math.min(
                    Math.min(FAN_OUT_BITS, Long.SIZE - bits),
                    64 - Long.numberOfLeadingZeros((records - 1) / shardLines));
            Path[] parts = split(shard, bits, by);
            if (parts != null) {
                Files.delete(shard);
                for (Path part : parts) resolve(part, bits + by, table);
                return;
            }
        }
        ConsentBook book = new ConsentBook(purposes, cutoff, keys, versions);
        try (DataInputStream in = in(shard)) {
            for (long r = 0; r < records; r++) {
                long hi = in.readLong();
                long lo = in.readLong();
                long at = in.readLong();
                in.readLong();
                int version = in.readInt();
                byte action = in.readByte();
                byte purpose = in.readByte();
                if (action == MASTER) book.masterCustomer(hi, lo);
                else book.apply(hi, lo, action, purpose, at, version);
            }
        }
        if (table.masterRead()) {
            // Second read, in the ledger's order: a customer's first line is its first record here.
            try (DataInputStream in = in(shard)) {
                for (long r = 0; r < records; r++) {
                    long hi = in.readLong();
                    long lo = in.readLong();
                    in.readLong();
                    long ledgerLine = in.readLong();
                    in.skipNBytes(6);
                    if (ledgerLine >= 0 && book.firstSeenUnmatched(hi, lo)) table.unmatchedFirstLine(ledgerLine);
                }
            }
        }
        Files.delete(shard);
        table.add(book);
    }

    /**
     * Splits a shard into 2^{@code by} parts by the bits after its first {@code bits}, keeping the records'
     * order; null (and no parts left) when every record has the same next bits, so splitting cannot help.
     */
    private Path[] split(Path shard, int bits, int by) throws IOException {
        Path[] parts = new Path[1 << by];
        DataOutputStream[] outs = new DataOutputStream[parts.length];
        int first = -1;
        boolean differ = false;
        byte[] record = new byte[RECORD];
        try (DataInputStream in = in(shard)) {
            for (int p = 0; p < parts.length; p++) {
                parts[p] = shard.resolveSibling(shard.getFileName() + "." + p);
                outs[p] = open(parts[p]);
            }
            while (true) {
                try {
                    in.readFully(record);
                } catch (EOFException end) {
                    break;
                }
                long hi = java.nio.ByteBuffer.wrap(record).getLong();
                int p = shardOf(hi, bits, by);
                if (first < 0) first = p;
                differ |= p != first;
                outs[p].write(record);
            }
        } finally {
            for (DataOutputStream out : outs) if (out != null) out.close();
        }
        if (differ) return parts;
        for (Path part : parts) Files.delete(part);
        return null;
    }

    /** The {@code by} bits of {@code hi} after its first {@code bits}: shards follow the key order. */
    private static int shardOf(long hi, int bits, int by) {
        return (int) ((hi << bits) >>> (Long.SIZE - by));
    }

    private static void write(
            DataOutputStream out, long hi, long lo, long at, long line, int version, byte action, int purpose) {
        try {
            out.writeLong(hi);
            out.writeLong(lo);
            out.writeLong(at);
            out.writeLong(line);
            out.writeInt(version);
            out.writeByte(action);
            out.writeByte(purpose);
        } catch (IOException e) {
            throw new UncheckedIOException("consent table: cannot write a shard file: " + e.getMessage(), e);
        }
    }

    private static Path shardFile(Path folder, String name) {
        return folder.resolve(name + ".spill");
    }

    private static DataOutputStream open(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
    }

    private static DataInputStream in(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
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
                        if (parts.length != 3 || !parts[0].equals("consent")) return false;
                        try {
                            return ProcessHandle.of(Long.parseLong(parts[1])).isEmpty();
                        } catch (NumberFormatException e) {
                            return false;
                        }
                    })
                    .forEach(stale::add);
        }
        for (Path folder : stale) ConsentTable.delete(folder);
        return Files.createTempDirectory(
                base, "consent-" + ProcessHandle.current().pid() + "-");
    }

    static long[] grow(long[] values, int size) {
        return size < values.length ? values : Arrays.copyOf(values, Math.max(16, values.length * 2));
    }
}
