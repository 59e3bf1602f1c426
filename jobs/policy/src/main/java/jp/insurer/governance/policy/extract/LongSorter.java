package jp.insurer.governance.policy.extract;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An external sort of longs in bounded heap: values gather in a chunk of at most {@code chunkLongs};
 * a full chunk is sorted and written as a run, and {@link #sorted} merges the runs (one read buffer
 * each). Values that fit one chunk never touch the disk.
 *
 * <p>Hand-written, like the rest of the k state's spill: the external sorts on Maven Central
 * (externalsortinginjava and the like) sort lines of text or boxed objects, not primitive longs.
 */
final class LongSorter {

    private final Path folder;
    private final String name;
    private final int chunkLongs;
    private long[] chunk = new long[1024];
    private int size;
    private final List<Path> runs = new ArrayList<>();
    private final List<Long> runSizes = new ArrayList<>();

    LongSorter(Path folder, String name, int chunkLongs) {
        this.folder = folder;
        this.name = name;
        this.chunkLongs = Math.max(16, chunkLongs);
    }

    void add(long value) throws IOException {
        if (size == chunk.length) {
            if (chunk.length < chunkLongs) chunk = Arrays.copyOf(chunk, (int) Math.min(chunkLongs, 2L * chunk.length));
            else spill();
        }
        chunk[size++] = value;
    }

    private void spill() throws IOException {
        Arrays.sort(chunk, 0, size);
        Path run = folder.resolve(name + "-chunk-" + runs.size());
        try (DataOutputStream out = LongFiles.writer(run, false)) {
            for (int i = 0; i < size; i++) out.writeLong(chunk[i]);
        }
        runs.add(run);
        runSizes.add((long) size);
        size = 0;
    }

    /** Every value added, ascending (duplicates kept); the sorter's chunk files go when the cursor closes. */
    LongFiles.Cursor sorted() throws IOException {
        if (runs.isEmpty()) {
            long[] values = chunk;
            int count = size;
            Arrays.sort(values, 0, count);
            chunk = null;
            return new LongFiles.Cursor() {
                private int at;

                @Override
                public boolean hasNext() {
                    return at < count;
                }

                @Override
                public long next() {
                    return values[at++];
                }

                @Override
                public void close() {}
            };
        }
        if (size > 0) spill();
        chunk = null;
        return new Merge(runs, runSizes);
    }

    /** A k-way merge of sorted runs, the smallest head first. */
    private static final class Merge implements LongFiles.Cursor {
        private final List<Path> files;
        private final LongFiles.Cursor[] runs;
        private final RunHeap heap;

        Merge(List<Path> files, List<Long> sizes) throws IOException {
            this.files = List.copyOf(files);
            runs = new LongFiles.Cursor[files.size()];
            heap = new RunHeap(files.size());
            for (int r = 0; r < runs.length; r++) {
                runs[r] = LongFiles.reader(files.get(r), sizes.get(r));
                if (runs[r].hasNext()) heap.push(r, runs[r].next());
            }
        }

        @Override
        public boolean hasNext() {
            return !heap.isEmpty();
        }

        @Override
        public long next() throws IOException {
            long value = heap.topKey();
            int r = heap.top();
            if (runs[r].hasNext()) heap.replaceTop(runs[r].next());
            else heap.pop();
            return value;
        }

        @Override
        public void close() throws IOException {
            for (LongFiles.Cursor c : runs) c.close();
            for (Path f : files) LongFiles.deleteIfExists(f);
        }
    }
}
