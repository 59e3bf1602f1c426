package jp.insurer.governance.policy.extract;

import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * A sorted set of longs (person hashes, class signatures) looked up by many threads: in heap when it
 * fits {@code heapLimitBytes}, otherwise searched in its file — an index of every block's first value
 * (8 bytes per {@value #BLOCK_LONGS} values), then the block, read with positional reads (not a memory
 * map, whose pages would count in the resident set) through a direct-mapped cache of {@value
 * #CACHE_BLOCKS} blocks. Closing deletes the file.
 */
public final class SortedLongs implements Closeable {

    static final int BLOCK_LONGS = 512;
    static final int CACHE_BLOCKS = 256;

    private final long size;
    private final long[] values; // in heap; null: in the file
    private final Path file;
    private final FileChannel channel;
    private final long[] firsts;
    private final long[][] cache;
    private final long[] cached;

    private SortedLongs(long size, long[] values, Path file, FileChannel channel, long[] firsts) {
        this.size = size;
        this.values = values;
        this.file = file;
        this.channel = channel;
        this.firsts = firsts;
        this.cache = channel == null ? null : new long[CACHE_BLOCKS][];
        this.cached = channel == null ? null : new long[CACHE_BLOCKS];
    }

    static SortedLongs inHeap(long[] sorted) {
        return new SortedLongs(sorted.length, sorted, null, null, null);
    }

    /**
     * Opens a file of {@code count} ascending longs ({@link LongFiles}); loads it when it fits
     * {@code heapLimitBytes} (and deletes the file), else keeps searching it (deleted on close).
     *
     * @throws IOException when the file is missing, of another length, or not ascending (a binary
     *     search would miss values: people who must be suppressed would be released)
     */
    static SortedLongs open(Path file, long count, long heapLimitBytes) throws IOException {
        if (count * Long.BYTES <= heapLimitBytes && count <= Integer.MAX_VALUE - 8) {
            long[] values = new long[(int) count];
            try (LongFiles.Cursor in = LongFiles.reader(file, count)) {
                for (int i = 0; i < values.length; i++) values[i] = ascending(file, i, in.next(), values);
            }
            LongFiles.deleteIfExists(file);
            return inHeap(values);
        }
        long[] firsts = new long[(int) ((count + BLOCK_LONGS - 1) / BLOCK_LONGS)];
        try (LongFiles.Cursor in = LongFiles.reader(file, count)) {
            long previous = Long.MIN_VALUE;
            for (long i = 0; i < count; i++) {
                long v = in.next();
                if (v < previous) throw notAscending(file);
                previous = v;
                if (i % BLOCK_LONGS == 0) firsts[(int) (i / BLOCK_LONGS)] = v;
            }
        }
        return new SortedLongs(count, null, file, FileChannel.open(file), firsts);
    }

    private static long ascending(Path file, int i, long value, long[] before) throws IOException {
        if (i > 0 && value < before[i - 1]) throw notAscending(file);
        return value;
    }

    private static IOException notAscending(Path file) {
        return new IOException("k state file " + file + " is not in ascending order: it was not written by this suite");
    }

    /**
     * Writes every value, ascending, to {@code target} ({@link LongFiles}; replaced if present): from heap,
     * or a copy of this set's file.
     *
     * @throws IllegalArgumentException when {@code target} is this set's own file
     */
    void writeTo(Path target) throws IOException {
        if (values == null) {
            if (Files.exists(target) && Files.isSameFile(file, target))
                throw new IllegalArgumentException("a k state set cannot be saved over its own file " + file);
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (DataOutputStream out = LongFiles.writer(target, false)) {
            for (long v : values) out.writeLong(v);
        }
    }

    public long size() {
        return size;
    }

    public boolean contains(long value) {
        if (size == 0) return false;
        if (values != null) return Arrays.binarySearch(values, value) >= 0;
        int block = Arrays.binarySearch(firsts, value);
        if (block >= 0) return true;
        block = -block - 2; // the last block whose first value is below
        if (block < 0) return false;
        return Arrays.binarySearch(block(block), value) >= 0;
    }

    private synchronized long[] block(int block) {
        int slot = block % CACHE_BLOCKS;
        if (cache[slot] != null && cached[slot] == block) return cache[slot];
        long start = (long) block * BLOCK_LONGS;
        int longs = (int) Math.min(BLOCK_LONGS, size - start);
        ByteBuffer buffer = ByteBuffer.allocate(longs * Long.BYTES);
        try {
            long at = start * Long.BYTES;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, at + buffer.position());
                if (read < 0) throw new IOException("k state file " + file.getFileName() + " ends early");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long[] out = new long[longs];
        buffer.flip().asLongBuffer().get(out);
        cache[slot] = out;
        cached[slot] = block;
        return out;
    }

    /** Every value, ascending: for tests and small sets. */
    public long[] toArray() {
        if (values != null) return values.clone();
        long[] out = new long[Math.toIntExact(size)];
        for (int b = 0; b < firsts.length; b++) {
            long[] block = block(b);
            System.arraycopy(block, 0, out, b * BLOCK_LONGS, block.length);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (channel == null) return;
        channel.close();
        Files.deleteIfExists(file);
    }
}
