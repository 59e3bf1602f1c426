package jp.insurer.governance.batch.retention;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.audit.AffectedCustomers;
import jp.insurer.governance.policy.audit.AuditChain;
import jp.insurer.governance.policy.audit.AuditEntry;
import jp.insurer.governance.policy.audit.AuditRecord;
import jp.insurer.governance.policy.audit.AuditType;
import jp.insurer.governance.policy.audit.AuditVerification;
import jp.insurer.governance.policy.audit.AuditVerifier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import tools.jackson.databind.JsonNode;

/**
 * The append-only, hash-chained audit log under {@code out/audit/}: one segment file per job execution
 * that writes ({@code chain-SEQ.jsonl}, SEQ = its first record's sequence, so name order is chain
 * order), and {@code customers/DIGEST.txt} for decisions on more customers than a record lists.
 * Each record is written and synced (fsync locally, hsync on HDFS) before {@link #append}
 * returns, so the change it announces happens only after it is durable.
 *
 * <p>The same code keeps the third-party provision chain under {@code out/provision/}
 * ({@code jp.insurer.governance.batch.provision}): one chain implementation, two folders.
 */
public final class AuditLog implements Closeable {

    static final String PREFIX = "chain-";
    static final String SUFFIX = ".jsonl";

    /** Thrown when the chain is damaged other than by a torn last line; names the first broken record. */
    public static final class BrokenChainException extends IllegalStateException {
        public BrokenChainException(String message) {
            super(message);
        }
    }

    /** A verified chain: the verification and the decisions already marked committed. */
    public record Verified(AuditVerification verification, List<Path> segments, Set<Long> committedRefs) {}

    private final FileSystem fs;
    private final Path dir;
    private final AuditChain chain;
    private Sink sink;

    private AuditLog(FileSystem fs, Path dir, AuditChain chain) {
        this.fs = fs;
        this.dir = dir;
        this.chain = chain;
    }

    public static List<Path> segments(FileSystem fs, Path dir) throws IOException {
        if (!fs.exists(dir)) return List.of();
        return Arrays.stream(fs.listStatus(dir))
                .map(FileStatus::getPath)
                .filter(p -> p.getName().startsWith(PREFIX) && p.getName().endsWith(SUFFIX))
                .sorted(Comparator.comparing(Path::getName))
                .toList();
    }

    /** Checks the whole chain, segment by segment, and collects the refs of COMMITTED records. */
    public static Verified verify(Configuration conf, Path dir) throws IOException {
        FileSystem fs = FileSystems.get(dir, conf);
        List<Path> segments = segments(fs, dir);
        List<AuditVerifier.Source> sources = new ArrayList<>();
        List<BufferedReader> readers = new ArrayList<>();
        try {
            for (Path segment : segments) {
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(fs.open(segment), StandardCharsets.UTF_8));
                readers.add(reader);
                sources.add(new AuditVerifier.Source(segment.toString(), lines(reader)));
            }
            AuditVerification v = AuditVerifier.verify(sources, null);
            Set<Long> committed = new HashSet<>();
            if (!v.tampered()) {
                for (Path segment : segments) {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(fs.open(segment), StandardCharsets.UTF_8))) {
                        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                            if (!line.contains(AuditType.RETENTION_COMMITTED.name())) continue;
                            try {
                                JsonNode node = Json.MAPPER.readTree(line);
                                if (AuditType.RETENTION_COMMITTED
                                                .name()
                                                .equals(node.path("type").asString())
                                        && node.path("ref").isNumber()) {
                                    committed.add(node.path("ref").asLong());
                                }
                            } catch (RuntimeException torn) {
                                // the torn last line: not a record
                            }
                        }
                    }
                }
            }
            return new Verified(v, segments, committed);
        } finally {
            for (BufferedReader r : readers) r.close();
        }
    }

    private static Iterator<String> lines(BufferedReader reader) {
        return new Iterator<>() {
            private String next = read();

            private String read() {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public String next() {
                String current = next;
                next = read();
                return current;
            }
        };
    }

    /**
     * Opens the log for appending: verifies it, cuts off a torn last line (recording CHAIN_REPAIRED),
     * and refuses anything else that is wrong.
     *
     * @throws BrokenChainException naming the first broken record
     */
    public static AuditLog open(Configuration conf, Path dir, String runId, Clock clock, Verified verified)
            throws IOException {
        AuditVerification v = verified.verification();
        if (v.tampered()) {
            throw new BrokenChainException(
                    "the audit log is broken, refusing to run: " + v + " (see scripts/run-job.sh verify-audit)");
        }
        FileSystem fs = FileSystems.get(dir, conf);
        AuditLog log = new AuditLog(fs, dir, AuditChain.resume(v, clock));
        if (v.status() == AuditVerification.Status.TORN_TAIL) {
            Path torn = new Path(v.file());
            long keep = lengthOfCompleteLines(fs, torn);
            FileSystems.truncate(fs, torn, keep);
            log.append(AuditEntry.of(runId, AuditType.CHAIN_REPAIRED)
                    .withDetail("cut a torn last line (interrupted write) at " + torn.getName() + ":" + v.line()));
        }
        return log;
    }

    private static long lengthOfCompleteLines(FileSystem fs, Path file) throws IOException {
        long lastNewline = -1;
        long position = 0;
        try (InputStream in = fs.open(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) if (buffer[i] == '\n') lastNewline = position + i;
                position += n;
            }
        }
        return lastNewline + 1;
    }

    /** Seals, writes and syncs one record; returns it (its sequence is the ref for COMMITTED). */
    public synchronized AuditRecord append(AuditEntry entry) throws IOException {
        if (entry.customerHashes().size() > AuditChain.DEFAULT_LISTED_HASHES) {
            // The record lists only the first hashes; the full sorted list goes to a side file whose
            // SHA-256 is the record's customersDigest, written before the record that vouches for it.
            String digest = AffectedCustomers.digest(entry.customerHashes());
            StringBuilder text = new StringBuilder(entry.customerHashes().size() * 23);
            entry.customerHashes().forEach(h -> text.append(h).append('\n'));
            FileSystems.writeReplacing(
                    new Path(dir, "customers/" + digest + ".txt"),
                    text.toString().getBytes(StandardCharsets.UTF_8),
                    fs.getConf());
        }
        if (sink == null)
            sink = Sink.create(fs, new Path(dir, String.format("%s%012d%s", PREFIX, chain.lastSequence() + 1, SUFFIX)));
        AuditRecord record = chain.appendRecord(entry);
        sink.writeAndSync((record.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Override
    public synchronized void close() throws IOException {
        if (sink != null) sink.close();
        sink = null;
    }

    /** Local files go through a FileChannel (force() is a real fsync); others through Hadoop with hsync. */
    private interface Sink extends Closeable {
        void writeAndSync(byte[] bytes) throws IOException;

        static Sink create(FileSystem fs, Path file) throws IOException {
            fs.mkdirs(file.getParent());
            if (fs instanceof RawLocalFileSystem local) {
                FileChannel channel = FileChannel.open(
                        local.pathToFile(file).toPath(),
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
                return new Sink() {
                    @Override
                    public void writeAndSync(byte[] bytes) throws IOException {
                        ByteBuffer b = ByteBuffer.wrap(bytes);
                        while (b.hasRemaining()) channel.write(b);
                        channel.force(false);
                    }

                    @Override
                    public void close() throws IOException {
                        channel.close();
                    }
                };
            }
            FSDataOutputStream out = fs.create(file, false);
            return new Sink() {
                @Override
                public void writeAndSync(byte[] bytes) throws IOException {
                    out.write(bytes);
                    out.hsync();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }
    }
}
