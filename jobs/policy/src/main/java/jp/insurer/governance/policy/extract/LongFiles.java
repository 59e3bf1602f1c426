package jp.insurer.governance.policy.extract;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Files of 64-bit values (big-endian, no header: the length says how many), the format of every file
 * the person-level k state spills: person runs, signature columns, sorted chunks and sorted sets.
 */
final class LongFiles {

    /** Buffer of each open reader or writer: the "merge buffers" of the k state's memory bound. */
    static final int BUFFER = 1 << 16;

    private LongFiles() {}

    static DataOutputStream writer(Path file, boolean append) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(
                append
                        ? Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                        : Files.newOutputStream(file),
                BUFFER));
    }

    /**
     * Values in order, as {@code count} values were written. A file missing or of another length is an
     * error, never read as fewer values: people left out of the count would be left out of suppression.
     */
    static Cursor reader(Path file, long count) throws IOException {
        long size = Files.size(file); // NoSuchFileException names the file
        if (size != count * Long.BYTES) {
            throw new IOException("k state file " + file + " holds " + size + " bytes where " + count * Long.BYTES
                    + " were written: another process changed the spill folder; nothing is released");
        }
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
        return new Cursor() {
            private long left = count;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public long next() throws IOException {
                left--;
                return in.readLong();
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /** Opens one part of a {@link #concat}, when the parts before it are read. */
    interface Opener {
        Cursor open() throws IOException;
    }

    /**
     * The values of every part in order. Each part is opened when the one before it is exhausted, so
     * any number of parts costs one read buffer; a part missing or of another length fails there.
     */
    static Cursor concat(List<Opener> parts) {
        return new Cursor() {
            private int next;
            private Cursor current = EMPTY;

            @Override
            public boolean hasNext() throws IOException {
                while (!current.hasNext()) {
                    if (next == parts.size()) return false;
                    current.close();
                    current = EMPTY; // a failed open leaves nothing to close
                    current = parts.get(next++).open();
                }
                return true;
            }

            @Override
            public long next() throws IOException {
                if (!hasNext()) throw new java.util.NoSuchElementException();
                return current.next();
            }

            @Override
            public void close() throws IOException {
                current.close();
            }
        };
    }

    /** A stream of longs read once. */
    interface Cursor extends Closeable {
        boolean hasNext() throws IOException;

        long next() throws IOException;
    }

    static final Cursor EMPTY = new Cursor() {
        @Override
        public boolean hasNext() {
            return false;
        }

        @Override
        public long next() {
            throw new java.util.NoSuchElementException();
        }

        @Override
        public void close() {}
    };

    static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
