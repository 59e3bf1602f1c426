package jp.insurer.governance.policy.extract;

import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The on-disk store of {@link OwnIdentifierIndex}: one file of customer blocks — customer key hash, length
 * mask, form count, the sorted form hashes — ascending by key hash, in pages of {@value #PAGE_BYTES} bytes
 * (a CRC-32C of the page, then {@value #PAGE_LONGS} longs; a block may span pages).
 *
 * <p>Heap bound, independent of the number of customers but for the sparse index: the sparse index holds,
 * per page where a block starts, its first key, page number and offset (16 bytes per 8 KiB page, ~2 MB per
 * GB of file), plus an LRU cache of {@value #CACHE_PAGES} pages (~2 MB), plus the block being returned.
 * Building holds the spill buffer (twice, for the stable sort), one read buffer per run while merging
 * ({@link LongFiles#BUFFER}) and one customer's forms.
 *
 * <p>A page whose CRC does not match is an {@link IllegalStateException} naming the file, never a miss: a
 * miss would release a customer's own identifiers unmasked. Lookups are thread-safe (positional reads).
 * Hand-written like {@link LongSorter}: no library on Maven Central sorts and pages primitive records.
 */
final class OwnIdentifierPages implements Closeable {

    static final int PAGE_BYTES = 8192;
    static final int PAGE_LONGS = PAGE_BYTES / Long.BYTES - 1;
    static final int CACHE_PAGES = 256;
    private static final String FILE = "own-identifiers.pages";

    private final Path folder;
    private final Path file;
    private final FileChannel channel;
    private final long[] sparseKeys;
    private final int[] sparsePages;
    private final int[] sparseOffsets;
    private final long dataLongs;
    private final long customers;
    private final long forms;
    private final Map<Integer, long[]> cache = new LinkedHashMap<>(CACHE_PAGES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, long[]> eldest) {
            return size() > CACHE_PAGES;
        }
    };

    private OwnIdentifierPages(Path folder, Path file, Sparse sparse, long dataLongs, long customers, long forms)
            throws IOException {
        this.folder = folder;
        this.file = file;
        this.sparseKeys = Arrays.copyOf(sparse.keys, sparse.size);
        this.sparsePages = Arrays.copyOf(sparse.pages, sparse.size);
        this.sparseOffsets = Arrays.copyOf(sparse.offsets, sparse.size);
        this.dataLongs = dataLongs;
        this.customers = customers;
        this.forms = forms;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    long customers() {
        return customers;
    }

    long forms() {
        return forms;
    }

    long fileBytes() {
        return (dataLongs + PAGE_LONGS - 1) / PAGE_LONGS * PAGE_BYTES;
    }

    /** Heap held at most: the sparse index and a full cache. */
    long heapBytes() {
        return 3 * 16 + 16L * sparseKeys.length + CACHE_PAGES * (16L + 8L * PAGE_LONGS + 64);
    }

    /** The customer's [length mask, sorted form hashes…], or null when the index holds none. */
    long[] identifiers(long hash) {
        int lo = 0;
        int hi = sparseKeys.length; // last entry whose key ≤ hash
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sparseKeys[mid] <= hash) lo = mid + 1;
            else hi = mid;
        }
        if (lo == 0) return null;
        long at = (long) sparsePages[lo - 1] * PAGE_LONGS + sparseOffsets[lo - 1];
        while (at < dataLongs) {
            long key = at(at);
            long count = at(at + 2);
            if (key == hash) {
                long[] out = new long[1 + (int) count];
                out[0] = at(at + 1);
                for (int i = 0; i < count; i++) out[1 + i] = at(at + 3 + i);
                return out;
            }
            if (key > hash) return null;
            at += 3 + count;
        }
        return null;
    }

    private long at(long position) {
        return page((int) (position / PAGE_LONGS))[(int) (position % PAGE_LONGS)];
    }

    private long[] page(int number) {
        synchronized (cache) {
            long[] page = cache.get(number);
            if (page != null) return page;
        }
        long[] page = read(number);
        synchronized (cache) {
            cache.put(number, page);
        }
        return page;
    }

    private long[] read(int number) {
        ByteBuffer buffer = ByteBuffer.allocate(PAGE_BYTES);
        try {
            long position = (long) number * PAGE_BYTES;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n < 0) throw new IOException("own-identifier index " + file + " ends inside page " + number);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), Long.BYTES, PAGE_BYTES - Long.BYTES);
        buffer.flip();
        if (buffer.getLong() != crc.getValue()) {
            throw new IllegalStateException("own-identifier index " + file + " page " + number
                    + " fails its CRC-32C check: the file changed on disk; nothing is released");
        }
        long[] page = new long[PAGE_LONGS];
        buffer.asLongBuffer().get(page);
        return page;
    }

    /** Deletes the file, and the folder when nothing else is left in it. */
    @Override
    public void close() throws IOException {
        synchronized (cache) {
            cache.clear();
        }
        channel.close();
        Files.deleteIfExists(file);
        deleteIfEmpty(folder);
    }

    private static void deleteIfEmpty(Path folder) throws IOException {
        try {
            Files.deleteIfExists(folder);
        } catch (DirectoryNotEmptyException e) {
            // the caller's folder holds more: it deletes it
        }
    }

    static Path createOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createFile(
                    file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createFile(file);
    }

    private static final class Sparse {
        long[] keys = new long[64];
        int[] pages = new int[64];
        int[] offsets = new int[64];
        int size;

        void add(long key, int page, int offset) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                pages = Arrays.copyOf(pages, size * 2);
                offsets = Arrays.copyOf(offsets, size * 2);
            }
            keys[size] = key;
            pages[size] = page;
            offsets[size] = offset;
            size++;
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Gathers (customer hash, form hash with kind, form length) records in a bounded buffer, spills stably
     * sorted runs and merges them into pages. Stable sorts and a merge that takes equal records from the
     * earlier run first keep the order records were added in, so "the first kind wins" for a form a
     * customer has twice, as in heap.
     */
    static final class Writer {
        private static final int STRIDE = 3;
        private final Path folder;
        private long[] buffer;
        private long[] scratch;
        private int size; // longs
        private final List<Path> runs = new ArrayList<>();
        private final List<Long> runLongs = new ArrayList<>();

        Writer(Path folder, int spillLongs) {
            this.folder = folder;
            int longs = Math.max(STRIDE * 16, spillLongs / STRIDE * STRIDE);
            buffer = new long[longs];
        }

        void add(long customer, long form, int length) throws IOException {
            if (size == buffer.length) spill();
            buffer[size] = customer;
            buffer[size + 1] = form;
            buffer[size + 2] = length;
            size += STRIDE;
        }

        private void sort() {
            if (scratch == null) scratch = new long[buffer.length];
            int n = size / STRIDE;
            long[] src = buffer;
            long[] dst = scratch;
            for (int width = 1; width < n; width *= 2) {
                for (int lo = 0; lo < n; lo += 2 * width) {
                    int mid = Math.min(lo + width, n);
                    int hi = Math.min(lo + 2 * width, n);
                    merge(src, dst, lo, mid, hi);
                }
                long[] t = src;
                src = dst;
                dst = t;
            }
            if (src != buffer) System.arraycopy(src, 0, buffer, 0, size);
        }

        private static void merge(long[] src, long[] dst, int lo, int mid, int hi) {
            int i = lo;
            int j = mid;
            int k = lo * STRIDE;
            while (i < mid || j < hi) {
                int take = j >= hi || (i < mid && compare(src, i * STRIDE, src, j * STRIDE) <= 0) ? i++ : j++;
                System.arraycopy(src, take * STRIDE, dst, k, STRIDE);
                k += STRIDE;
            }
        }

        private static int compare(long[] a, int i, long[] b, int j) {
            int c = Long.compare(a[i], b[j]);
            return c != 0 ? c : Long.compare(a[i + 1] & ~0xFFL, b[j + 1] & ~0xFFL);
        }

        private void spill() throws IOException {
            sort();
            Path run = createOwnerOnly(folder.resolve("own-identifiers-run-" + runs.size()));
            try (DataOutputStream out = LongFiles.writer(run, false)) {
                for (int i = 0; i < size; i++) out.writeLong(buffer[i]);
            }
            runs.add(run);
            runLongs.add((long) size);
            size = 0;
        }

        OwnIdentifierPages finish() throws IOException {
            Path file = folder.resolve(FILE);
            try {
                if (runs.isEmpty()) {
                    sort();
                } else if (size > 0) spill();
                scratch = null;
                return write(file);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            } finally {
                buffer = null;
                for (Path run : runs) Files.deleteIfExists(run);
            }
        }

        /**
         * Writes every record added, sorted by (customer, form hash) and stable, as one run
         * ({@link OwnIdentifierRuns}) to {@code out}, then deletes the spills; the writer is done.
         */
        void writeRun(java.io.OutputStream out, String label, List<OwnIdentifierIndex.Kind> kinds) throws IOException {
            try {
                if (runs.isEmpty()) sort();
                else if (size > 0) spill();
                scratch = null;
                long records = runs.isEmpty() ? size / STRIDE : 0;
                for (long n : runLongs) records += n / STRIDE;
                OwnIdentifierRuns.Writer run = new OwnIdentifierRuns.Writer(out, label, kinds, records);
                if (runs.isEmpty()) {
                    for (int i = 0; i < size; i += STRIDE) run.add(buffer[i], buffer[i + 1], (int) buffer[i + 2]);
                } else {
                    LongFiles.Cursor[] cursors = new LongFiles.Cursor[runs.size()];
                    try {
                        for (int r = 0; r < cursors.length; r++)
                            cursors[r] = LongFiles.reader(runs.get(r), runLongs.get(r));
                        mergeRuns(cursors, run);
                    } finally {
                        for (LongFiles.Cursor c : cursors) if (c != null) c.close();
                    }
                }
                run.finish();
            } finally {
                buffer = null;
                for (Path r : runs) Files.deleteIfExists(r);
            }
        }

        private OwnIdentifierPages write(Path file) throws IOException {
            createOwnerOnly(file);
            Pages pages = new Pages(file);
            LongFiles.Cursor[] cursors = new LongFiles.Cursor[runs.size()];
            try {
                for (int r = 0; r < cursors.length; r++) cursors[r] = LongFiles.reader(runs.get(r), runLongs.get(r));
                Blocks blocks = new Blocks(pages);
                if (cursors.length == 0) {
                    for (int i = 0; i < size; i += STRIDE) blocks.add(buffer[i], buffer[i + 1], (int) buffer[i + 2]);
                } else {
                    mergeRuns(cursors, blocks);
                }
                blocks.flush();
                pages.finish();
                return new OwnIdentifierPages(folder, file, pages.sparse, pages.longs, blocks.customers, blocks.forms);
            } finally {
                pages.close();
                for (LongFiles.Cursor c : cursors) if (c != null) c.close();
            }
        }

        /** Where merged records go: the pages' customer blocks, or a run for another JVM. */
        interface Sink {
            void add(long customer, long form, int length) throws IOException;
        }

        /** A k-way merge over runs by (customer, form hash); equal records come from the earlier run first. */
        static void mergeRuns(LongFiles.Cursor[] cursors, Sink blocks) throws IOException {
            int k = cursors.length;
            long[] heads = new long[k * STRIDE];
            int[] heap = new int[k];
            int n = 0;
            for (int r = 0; r < k; r++) {
                if (!cursors[r].hasNext()) continue;
                for (int i = 0; i < STRIDE; i++) heads[r * STRIDE + i] = cursors[r].next();
                heap[n] = r;
                siftUp(heap, n++, heads);
            }
            while (n > 0) {
                int r = heap[0];
                blocks.add(heads[r * STRIDE], heads[r * STRIDE + 1], (int) heads[r * STRIDE + 2]);
                if (cursors[r].hasNext()) {
                    for (int i = 0; i < STRIDE; i++) heads[r * STRIDE + i] = cursors[r].next();
                } else {
                    heap[0] = heap[--n];
                }
                siftDown(heap, n, heads);
            }
        }

        private static boolean less(int a, int b, long[] heads) {
            int c = compare(heads, a * STRIDE, heads, b * STRIDE);
            return c < 0 || (c == 0 && a < b);
        }

        private static void siftUp(int[] heap, int at, long[] heads) {
            int run = heap[at];
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (!less(run, heap[parent], heads)) break;
                heap[at] = heap[parent];
                at = parent;
            }
            heap[at] = run;
        }

        private static void siftDown(int[] heap, int n, long[] heads) {
            if (n == 0) return;
            int run = heap[0];
            int at = 0;
            while (true) {
                int child = 2 * at + 1;
                if (child >= n) break;
                if (child + 1 < n && less(heap[child + 1], heap[child], heads)) child++;
                if (!less(heap[child], run, heads)) break;
                heap[at] = heap[child];
                at = child;
            }
            heap[at] = run;
        }
    }

    /**
     * The pages of {@code runs} merged ({@link OwnIdentifierRuns}), written into {@code folder}: runs in the
     * order given, equal records from the earlier run first, as one writer fed in that order would write them.
     */
    static OwnIdentifierPages merge(Path folder, LongFiles.Cursor[] runs) throws IOException {
        Path file = folder.resolve(FILE);
        createOwnerOnly(file);
        Pages pages = new Pages(file);
        try {
            Blocks blocks = new Blocks(pages);
            Writer.mergeRuns(runs, blocks);
            blocks.flush();
            pages.finish();
            return new OwnIdentifierPages(folder, file, pages.sparse, pages.longs, blocks.customers, blocks.forms);
        } catch (IOException | RuntimeException e) {
            pages.close();
            Files.deleteIfExists(file);
            throw e;
        } finally {
            pages.close();
        }
    }

    /** Records in (customer, form) order to customer blocks; a form a customer has twice keeps its first kind. */
    private static final class Blocks implements Writer.Sink {
        private final Pages pages;
        private boolean open;
        private long key;
        private long mask;
        private long[] held = new long[64];
        private int count;
        long customers;
        long forms;

        Blocks(Pages pages) {
            this.pages = pages;
        }

        @Override
        public void add(long customer, long form, int length) throws IOException {
            if (!open || customer != key) {
                flush();
                open = true;
                key = customer;
                mask = 0;
                count = 0;
            } else if ((held[count - 1] & ~0xFFL) == (form & ~0xFFL)) {
                return; // first kind wins
            }
            if (count == held.length) held = Arrays.copyOf(held, count * 2);
            held[count++] = form;
            mask |= 1L << (length - 1);
        }

        void flush() throws IOException {
            if (!open) return;
            pages.blockStart(key);
            pages.put(key);
            pages.put(mask);
            pages.put(count);
            for (int i = 0; i < count; i++) pages.put(held[i]);
            customers++;
            forms += count;
            open = false;
        }
    }

    /** Longs to CRC-checked pages, noting where blocks start. */
    private static final class Pages implements Closeable {
        private final Path file;
        private final FileChannel out;
        private final ByteBuffer page = ByteBuffer.allocate(PAGE_BYTES);
        private final Sparse sparse = new Sparse();
        private int inPage; // longs in the current page
        private int pageNumber;
        private boolean pageHasStart;
        long longs;

        Pages(Path file) throws IOException {
            this.file = file;
            out = FileChannel.open(file, StandardOpenOption.WRITE);
            page.position(Long.BYTES);
        }

        void blockStart(long key) {
            if (!pageHasStart) {
                sparse.add(key, pageNumber, inPage);
                pageHasStart = true;
            }
        }

        void put(long value) throws IOException {
            page.putLong(value);
            inPage++;
            longs++;
            if (inPage == PAGE_LONGS) writePage();
        }

        private void writePage() throws IOException {
            CRC32C crc = new CRC32C();
            crc.update(page.array(), Long.BYTES, PAGE_BYTES - Long.BYTES);
            page.putLong(0, crc.getValue());
            page.clear();
            while (page.hasRemaining()) out.write(page);
            page.clear();
            Arrays.fill(page.array(), (byte) 0);
            page.position(Long.BYTES);
            inPage = 0;
            pageNumber++;
            pageHasStart = false;
        }

        void finish() throws IOException {
            if (inPage > 0) writePage();
            out.force(false);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
