package jp.insurer.governance.policy.extract;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A sorted run of own-identifier records that one JVM writes for part of the governed zone and every JVM
 * merges into its own index ({@link OwnIdentifierIndex#merge}): so the zone is parsed once, in parallel,
 * and each JVM only merges.
 *
 * <p>Format (big-endian): magic {@code OWNIDRN1}; a label (UTF, the writer's plan and part: a run of another
 * plan or part is refused); the kinds (count, then type, source, needs-honorific each), numbered as the
 * records' low bytes use them; the record count; the records (customer hash, form hash with kind, form
 * length), ascending by (customer, form hash) and stable; then a CRC-32C of every byte before it. A run cut
 * short, longer than its count, out of order or failing its CRC is an error naming it, never fewer records:
 * a missed identifier is a leak not found. The records are hashes, but the caller treats the file as
 * personal data.
 */
final class OwnIdentifierRuns {

    static final long MAGIC = 0x4F574E4944524E31L; // "OWNIDRN1"

    private OwnIdentifierRuns() {}

    /** Writes one run; the caller gives the record count first (the spills know it). */
    static final class Writer implements OwnIdentifierPages.Writer.Sink {
        private final OutputStream raw;
        private final CRC32C crc = new CRC32C();
        private final DataOutputStream data;
        private final long records;
        private long written;
        private long lastCustomer = Long.MIN_VALUE;
        private long lastForm = Long.MIN_VALUE;

        Writer(OutputStream raw, String label, List<OwnIdentifierIndex.Kind> kinds, long records) throws IOException {
            this.raw = raw;
            this.records = records;
            // buffered before the checksum: the CRC is updated per buffer, not per value
            data = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), LongFiles.BUFFER));
            data.writeLong(MAGIC);
            data.writeUTF(label);
            data.writeInt(kinds.size());
            for (OwnIdentifierIndex.Kind k : kinds) {
                data.writeUTF(k.type());
                data.writeUTF(k.source());
                data.writeBoolean(k.needsHonorific());
            }
            data.writeLong(records);
        }

        @Override
        public void add(long customer, long form, int length) throws IOException {
            data.writeLong(customer);
            data.writeLong(form);
            data.writeLong(length);
            written++;
        }

        void finish() throws IOException {
            if (written != records)
                throw new IllegalStateException(written + " records written, " + records + " counted");
            data.flush();
            new DataOutputStream(raw).writeLong(crc.getValue());
            raw.flush();
        }
    }

    /** Opens a run's bytes; called once per merge. */
    interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * The records of a run as longs, each record's kind renumbered into the merged kinds ({@link #kinds}).
     * {@link #hasNext} checks the trailer once every record is read.
     */
    static final class Reader implements LongFiles.Cursor {
        private final String name;
        private final InputStream raw;
        private final CRC32C crc = new CRC32C();
        private final DataInputStream data;
        private final List<OwnIdentifierIndex.Kind> kinds = new ArrayList<>();
        private int[] renumber;
        private long left; // longs
        private int field;
        private long prevCustomer;
        private long prevForm;
        private long customer;
        private boolean first = true;
        private boolean verified;

        /**
         * @param name  the run as errors name it (a path; never data)
         * @param label the label the run must carry
         * @param bytes the run's length as its file system reports it
         */
        Reader(String name, String label, long bytes, Opener opener) throws IOException {
            this.name = name;
            if (bytes < Long.BYTES * 3) throw corrupt("is " + bytes + " bytes long, shorter than any run", null);
            this.raw = opener.open();
            data = new DataInputStream(new BufferedInputStream(
                    new CheckedInputStream(limit(raw, bytes - Long.BYTES), crc), LongFiles.BUFFER));
            try {
                if (data.readLong() != MAGIC) throw corrupt("is not an own-identifier run", null);
                String found = data.readUTF();
                if (!found.equals(label))
                    throw corrupt("is " + found + ", not " + label + " (left by another run?)", null);
                int n = data.readInt();
                if (n < 0 || n > 256) throw corrupt("names " + n + " kinds", null);
                for (int i = 0; i < n; i++)
                    kinds.add(new OwnIdentifierIndex.Kind(data.readUTF(), data.readUTF(), data.readBoolean()));
                long records = data.readLong();
                if (records < 0 || records > (bytes / Long.BYTES) / 3)
                    throw corrupt("counts " + records + " records in " + bytes + " bytes", null);
                left = records * 3;
            } catch (EOFException e) {
                raw.close();
                throw corrupt("ends inside its header", e);
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        }

        List<OwnIdentifierIndex.Kind> kinds() {
            return kinds;
        }

        /** Each of this run's kind numbers → its number in the merged index. */
        void renumber(int[] renumber) {
            this.renumber = renumber;
        }

        @Override
        public boolean hasNext() throws IOException {
            if (left > 0) return true;
            if (!verified) verify();
            return false;
        }

        @Override
        public long next() throws IOException {
            if (left == 0) throw new java.util.NoSuchElementException();
            long v;
            try {
                v = data.readLong();
            } catch (EOFException e) {
                throw corrupt("ends before its last record (cut short?)", e);
            }
            left--;
            switch (field) {
                case 0 -> customer = v;
                case 1 -> {
                    int kind = (int) (v & 0xFF);
                    if (kind >= renumber.length) throw corrupt("names kind " + kind + " of " + renumber.length, null);
                    long form = v & ~0xFFL;
                    if (!first && (customer < prevCustomer || (customer == prevCustomer && form < prevForm)))
                        throw corrupt("is not in order", null);
                    first = false;
                    prevCustomer = customer;
                    prevForm = form;
                    v = form | renumber[kind];
                }
                default -> {
                    if (v < 0 || v > OwnIdentifierIndex.MAX_LENGTH) throw corrupt("holds a form of length " + v, null);
                }
            }
            field = (field + 1) % 3;
            return v;
        }

        private void verify() throws IOException {
            if (data.read() >= 0) throw corrupt("is longer than its record count", null);
            long sum = crc.getValue();
            long stored;
            try {
                stored = new DataInputStream(raw).readLong();
            } catch (EOFException e) {
                throw corrupt("has no checksum", e);
            }
            if (stored != sum) throw corrupt("fails its CRC-32C check", null);
            if (raw.read() >= 0) throw corrupt("goes on past its checksum", null);
            verified = true;
        }

        private IOException corrupt(String what, Exception cause) {
            return new IOException(
                    "own-identifier run " + name + " " + what + "; nothing is released from this index", cause);
        }

        @Override
        public void close() throws IOException {
            if (raw != null) raw.close();
        }
    }

    /** The merged kinds: every run's, in run order, each once (what one writer fed in that order numbers). */
    static List<OwnIdentifierIndex.Kind> mergeKinds(List<Reader> runs) {
        Map<OwnIdentifierIndex.Kind, Integer> merged = new LinkedHashMap<>();
        for (Reader r : runs) {
            int[] renumber = new int[r.kinds().size()];
            for (int i = 0; i < renumber.length; i++) {
                Integer at = merged.get(r.kinds().get(i));
                if (at == null) {
                    if (merged.size() == 256)
                        throw new IllegalStateException(
                                "more than 256 kinds of own identifiers; configure fewer source columns");
                    at = merged.size();
                    merged.put(r.kinds().get(i), at);
                }
                renumber[i] = at;
            }
            r.renumber(renumber);
        }
        return List.copyOf(merged.keySet());
    }

    /** At most {@code bytes} of {@code in}: the trailer is left out of the checksummed stream. */
    private static InputStream limit(InputStream in, long bytes) {
        return new FilterInputStream(in) {
            private long left = bytes;

            @Override
            public int read() throws IOException {
                if (left <= 0) return -1;
                int b = super.read();
                if (b >= 0) left--;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) return -1;
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) left -= n;
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long s = super.skip(Math.min(n, left));
                left -= s;
                return s;
            }

            @Override
            public int available() throws IOException {
                return (int) Math.min(super.available(), left);
            }

            @Override
            public void close() {
                // the raw stream is closed by the reader, after the trailer
            }
        };
    }
}
