package jp.insurer.governance.policy.retention;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines per-customer {@link CustomerFacts} rows (one per policy or claim, in any order) into one row
 * per customer id, on local disk, with a heap bounded by {@code shardRecords} whatever the number of
 * customers; gives them back in the order of the customers' 128-bit key hash ({@link
 * CustomerFactsTable#key}).
 *
 * <p>Each row is spilled with its key hash and its id to one of {@value #FAN_OUT} shard files by the
 * hash's leading bits; then shard by shard, in hash order, a shard of more than {@code shardRecords} rows
 * is split again by the next bits (rows of one customer stay together, so a shard that cannot shrink holds
 * one customer), and a shard within the bound is combined in a hash map — at most {@code shardRecords}
 * customers, ~150 bytes each — sorted and handed out. The same scheme as {@code ConsentTableBuilder},
 * whose records carry no id: these must, because the facts snapshot names its customers.
 *
 * <p>The shard files hold customer ids: the folder is the caller's, on local disk, removed by {@link #close}.
 */
public final class CustomerFactsSpill implements AutoCloseable {

    /** Shard files written at once (the first pass, and each split): 64 buffers of 16 KiB. */
    static final int FAN_OUT = 64;

    private static final int FAN_OUT_BITS = 6;
    private static final int BUFFER = 16 * 1024;
    /** Longer ids are no customer key; a longer length read back means a damaged shard file. */
    private static final int MAX_ID_BYTES = 64 * 1024;

    /** Receives the combined customers, in key order, each once. */
    public interface Sink {
        void accept(String customerId, long hi, long lo, CustomerFacts facts) throws IOException;
    }

    private final Path folder;
    private final long shardRecords;
    private final DataOutputStream[] spill = new DataOutputStream[FAN_OUT];
    private final long[] records = new long[FAN_OUT];
    private boolean drained;

    /**
     * @param folder       an empty or missing folder of this spill alone, on local disk
     * @param shardRecords at most this many rows are combined in heap at once
     */
    public CustomerFactsSpill(Path folder, long shardRecords) throws IOException {
        if (shardRecords < 1) throw new IllegalArgumentException("shard records must be positive, got " + shardRecords);
        this.folder = folder;
        this.shardRecords = shardRecords;
        Files.createDirectories(folder);
        for (int s = 0; s < FAN_OUT; s++) spill[s] = open(shardFile(s));
    }

    /** Adds one row of a customer (the id as the data holds it; null ids are no customer, the caller's to skip). */
    public void add(String customerId, CustomerFacts facts) throws IOException {
        if (drained) throw new IllegalStateException("the customer facts spill is drained already");
        long[] key = CustomerFactsTable.key(customerId);
        int s = shardOf(key[0], 0, FAN_OUT_BITS);
        write(spill[s], key[0], key[1], facts.latestEnd(), facts.flags(), customerId.getBytes(StandardCharsets.UTF_8));
        records[s]++;
    }

    /** Combines the shards and hands out each customer once, in key order; once. */
    public void drain(Sink sink) throws IOException {
        if (drained) throw new IllegalStateException("the customer facts spill is drained already");
        drained = true;
        for (DataOutputStream out : spill) out.close();
        for (int s = 0; s < FAN_OUT; s++) resolve(shardFile(s), records[s], FAN_OUT_BITS, sink);
    }

    /** Closes the shard files and removes the folder. */
    @Override
    public void close() throws IOException {
        drained = true;
        for (DataOutputStream out : spill) {
            try {
                out.close();
            } catch (IOException e) {
                // Removed below all the same.
            }
        }
        CustomerFactsTable.delete(folder);
    }

    /** One combined customer while its shard is in heap. */
    private static final class Combined {
        final String id;
        final long hi;
        final long lo;
        int latestEnd;
        int flags;

        Combined(String id, long hi, long lo, int latestEnd, int flags) {
            this.id = id;
            this.hi = hi;
            this.lo = lo;
            this.latestEnd = latestEnd;
            this.flags = flags;
        }
    }

    /** Resolves one shard file (its keys share their first {@code bits} bits), splitting it when too big. */
    private void resolve(Path shard, long count, int bits, Sink sink) throws IOException {
        if (count > shardRecords && bits < Long.SIZE) {
            // As many parts as the bound needs (up to FAN_OUT), so shards stay near the bound, not far below.
            int by = Math.min(
                    Math.min(FAN_OUT_BITS, Long.SIZE - bits),
                    64 - Long.numberOfLeadingZeros((count - 1) / shardRecords));
            long[] partCounts = new long[1 << by];
            Path[] parts = split(shard, count, bits, by, partCounts);
            if (parts != null) {
                Files.delete(shard);
                for (int p = 0; p < parts.length; p++) resolve(parts[p], partCounts[p], bits + by, sink);
                return;
            }
        }
        Map<String, Combined> customers = new HashMap<>();
        try (DataInputStream in = in(shard)) {
            for (long r = 0; r < count; r++) {
                long hi = in.readLong();
                long lo = in.readLong();
                int end = in.readInt();
                int flags = in.readByte();
                String id = new String(readId(in, shard), StandardCharsets.UTF_8);
                Combined c = customers.get(id);
                if (c == null) customers.put(id, new Combined(id, hi, lo, end, flags));
                else {
                    c.latestEnd = Math.max(c.latestEnd, end);
                    c.flags |= flags;
                }
            }
        }
        Files.delete(shard);
        List<Combined> sorted = new ArrayList<>(customers.values());
        customers = null; // the list holds them now
        sorted.sort((a, b) -> {
            int c = CustomerFactsTable.compare(a.hi, a.lo, b.hi, b.lo);
            return c != 0 ? c : a.id.compareTo(b.id);
        });
        for (Combined c : sorted) sink.accept(c.id, c.hi, c.lo, CustomerFacts.of(c.latestEnd, c.flags));
    }

    /**
     * Splits a shard into 2^{@code by} parts by the bits after its first {@code bits}, counting each part's
     * rows; null (and no parts left) when every row has the same next bits, so splitting cannot help.
     */
    private Path[] split(Path shard, long count, int bits, int by, long[] partCounts) throws IOException {
        Path[] parts = new Path[1 << by];
        DataOutputStream[] outs = new DataOutputStream[parts.length];
        int first = -1;
        boolean differ = false;
        try (DataInputStream in = in(shard)) {
            for (int p = 0; p < parts.length; p++) {
                parts[p] = shard.resolveSibling(shard.getFileName() + "." + p);
                outs[p] = open(parts[p]);
            }
            for (long r = 0; r < count; r++) {
                long hi = in.readLong();
                long lo = in.readLong();
                int end = in.readInt();
                byte flags = in.readByte();
                byte[] id = readId(in, shard);
                int p = shardOf(hi, bits, by);
                if (first < 0) first = p;
                differ |= p != first;
                write(outs[p], hi, lo, end, flags, id);
                partCounts[p]++;
            }
        } finally {
            for (DataOutputStream out : outs) if (out != null) out.close();
        }
        if (differ) return parts;
        for (Path part : parts) Files.delete(part);
        return null;
    }

    private static byte[] readId(DataInputStream in, Path shard) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_ID_BYTES) {
            throw new IOException("customer facts spill: shard file " + shard.getFileName() + " is damaged");
        }
        byte[] id = new byte[length];
        in.readFully(id);
        return id;
    }

    /** The {@code by} bits of {@code hi} after its first {@code bits}: shards follow the key order. */
    private static int shardOf(long hi, int bits, int by) {
        return (int) ((hi << bits) >>> (Long.SIZE - by));
    }

    private static void write(DataOutputStream out, long hi, long lo, int end, byte flags, byte[] id)
            throws IOException {
        if (id.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException(
                    "customer facts spill: a customer id of " + id.length + " bytes is no customer key");
        }
        out.writeLong(hi);
        out.writeLong(lo);
        out.writeInt(end);
        out.writeByte(flags);
        out.writeInt(id.length);
        out.write(id);
    }

    private Path shardFile(int s) {
        return folder.resolve("s" + s + ".spill");
    }

    private static DataOutputStream open(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
    }

    private static DataInputStream in(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
    }
}
