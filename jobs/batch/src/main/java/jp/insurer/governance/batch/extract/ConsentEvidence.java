package jp.insurer.governance.batch.extract;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jp.insurer.governance.batch.provision.ProvisionLog;
import jp.insurer.governance.batch.provision.ProvisionRecords;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentAction;
import jp.insurer.governance.policy.consent.ConsentDecision;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.consent.ConsentState;
import jp.insurer.governance.policy.consent.ConsentTable;
import jp.insurer.governance.policy.consent.ConsentTableBuilder;
import jp.insurer.governance.policy.consent.CustomerKey;
import jp.insurer.governance.policy.consent.LedgerLine;
import jp.insurer.governance.policy.extract.ConsentGate;
import jp.insurer.governance.policy.extract.RecordVerdict;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The consent ledger behind an outside release, as the tag run saw it (the governed copy of the
 * ledger dataset): the point-in-time consent of the business date, validated line by line as the tag
 * job does ({@link LedgerLine}), in an on-disk {@link ConsentTable} (the {@link
 * jp.insurer.governance.policy.consent.ConsentBook}'s answers with a heap that does not grow with the
 * customers). It answers what the per-record consent tags cannot: under which document version a
 * GROUP_SHARING consent was given (APPI art. 28, per recipient country), and which ledger event a
 * provision relied on (APPI art. 29 records). Owns local folders (the table, the provision's work
 * files): {@link #close} removes them.
 */
final class ConsentEvidence implements AutoCloseable {

    /** The ledger's event id column; a ledger without it gives records without event ids. */
    static final String EVENT_ID = "event_id";

    /** Deciding-event candidates sorted in heap at once before they are spilled (~200 bytes each). */
    static final int SORT_CHUNK = 200_000;

    private final ConsentTable table;
    private final java.nio.file.Path tables;
    private final List<Path> files;
    private final List<String> columns;
    private final CustomerKey keys;
    private final Set<String> purposes;
    private final Configuration conf;
    private final List<java.nio.file.Path> work = new ArrayList<>();

    private ConsentEvidence(
            ConsentTable table,
            java.nio.file.Path tables,
            List<Path> files,
            List<String> columns,
            CustomerKey keys,
            Set<String> purposes,
            Configuration conf) {
        this.table = table;
        this.tables = tables;
        this.files = files;
        this.columns = columns;
        this.keys = keys;
        this.purposes = purposes;
        this.conf = conf;
    }

    /**
     * Reads the governed ledger into a consent table for the business date.
     *
     * @param columns        the ledger's columns for customer_id, purpose, action, event_ts, channel, document_version
     * @param tables         local folder for consent tables and the provision's work files (STATE/consent)
     * @param shardCustomers ledger lines resolved in heap at once while the table is built
     * @param cacheBytes     heap for the table's block cache
     */
    static ConsentEvidence load(
            Path governedLedger,
            List<String> columns,
            Policy policy,
            LocalDate date,
            ZoneId zone,
            Configuration conf,
            java.nio.file.Path tables,
            long shardCustomers,
            long cacheBytes)
            throws IOException {
        List<String> purposes =
                policy.purposes().stream().map(ConsentPurpose::id).toList();
        List<Path> files = new ArrayList<>();
        if (!jp.insurer.governance.parquet.FileSystems.get(governedLedger, conf).exists(governedLedger)) {
            throw new IllegalStateException(
                    "the governed consent ledger '" + governedLedger.getName() + "' is missing; an outside "
                            + "release needs it for its provision record and overseas consent; run tag first");
        }
        for (DatasetFile f : new DatasetLayout(conf).files(governedLedger)) {
            if (f.relative().endsWith(".parquet")) files.add(f.path());
        }
        CustomerKey keys = policy.customerKeys();
        Set<String> known = Set.copyOf(purposes);
        ConsentTableBuilder builder = new ConsentTableBuilder(
                purposes,
                date.plusDays(1).atStartOfDay(zone).toInstant(),
                keys,
                ConsentTableBuilder.newFolder(tables),
                shardCustomers,
                cacheBytes);
        ConsentTable table;
        try {
            long[] number = {0};
            forEachLine(files, columns, conf, (line, eventId) -> {
                number[0]++;
                LedgerLine.Validated v = line.validate(known, keys);
                if (v.event() != null) builder.accept(v.event(), number[0]);
                else if (v.uncertain())
                    builder.uncertain(v.customer(), v.purpose(), v.earliest(), v.latest(), number[0]);
            });
            // No customer master: the evidence asks the ledger's own customers only.
            table = builder.build(false);
        } catch (IOException | RuntimeException e) {
            builder.discard();
            throw e;
        }
        return new ConsentEvidence(table, tables, files, columns, keys, known, conf);
    }

    ConsentDecision decision(String customerKey, String purpose) {
        return table.decision(customerKey, purpose);
    }

    /**
     * APPI art. 28 for one record of an overseas release: its customer's GROUP_SHARING consent must
     * be GRANTED under one of the country's informing document versions. The tag said GRANTED already;
     * a ledger that no longer shows the grant (changed since the tag run) is not sure, and excludes too.
     */
    RecordVerdict overseasVerdict(String customerKey, Set<String> informingVersions) {
        if (customerKey == null) return RecordVerdict.NO_CUSTOMER_LINK;
        ConsentDecision d = table.decision(customerKey, ConsentGate.GROUP_SHARING);
        if (d.state() != ConsentState.GRANTED) return RecordVerdict.CONSENT_UNCERTAIN;
        return d.documentVersion() != null && informingVersions.contains(d.documentVersion())
                ? RecordVerdict.INCLUDE
                : RecordVerdict.CONSENT_NOT_INFORMED_FOR_COUNTRY;
    }

    /**
     * The consents relied on per released customer: for each purpose that is GRANTED for them, the
     * deciding event's id (one more pass over the ledger; the smallest id when exact duplicates
     * decide, so reruns agree), time and document version. Streamed: the deciding events are sorted on
     * local disk by customer and joined with the released customers, and the result is a local file read
     * as often as the provision record needs it; the heap holds {@value #SORT_CHUNK} events at most.
     *
     * @param customers normalized keys of the customers released, ascending ({@link String#compareTo}), each once
     * @param relied    the purposes the release relied on (the gate's required consents, SENSITIVE_RND
     *                  where 機微情報 may go)
     */
    ProvisionLog.Customers relied(Iterator<String> customers, Collection<String> relied) throws IOException {
        return relied(customers, relied, SORT_CHUNK);
    }

    /** {@link #relied(Iterator, Collection)} with deciding events sorted in heap {@code sortChunk} at a time. */
    ProvisionLog.Customers relied(Iterator<String> customers, Collection<String> relied, int sortChunk)
            throws IOException {
        java.nio.file.Path folder = ConsentTableBuilder.newFolder(tables);
        work.add(folder);
        List<java.nio.file.Path> chunks = new ArrayList<>();
        List<String[]> chunk = new ArrayList<>();
        forEachLine(files, columns, conf, (line, eventId) -> {
            if (eventId == null) return;
            LedgerLine.Validated v = line.validate(purposes, keys);
            if (v.event() == null || v.event().action() != ConsentAction.GRANTED) return;
            String customer = v.event().customerId();
            String purpose = v.event().purpose();
            if (!relied.contains(purpose)) return;
            ConsentDecision d = table.decision(customer, purpose);
            if (d.state() != ConsentState.GRANTED
                    || !v.event().at().equals(d.decidedAt())
                    || !Objects.equals(emptyToNull(v.event().documentVersion()), d.documentVersion())) {
                return;
            }
            chunk.add(new String[] {customer, purpose, eventId});
            if (chunk.size() == sortChunk) spill(folder, chunk, chunks);
        });
        if (!chunk.isEmpty()) spill(folder, chunk, chunks);
        java.nio.file.Path out = folder.resolve("relied.customers");
        long count = 0;
        List<SortedMerge.Source<String[]>> sources = new ArrayList<>();
        for (java.nio.file.Path c : chunks) sources.add(new Spilled(c));
        try (SortedMerge<String[]> deciding = new SortedMerge<>(sources, DECIDING);
                DataOutputStream w =
                        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 64 * 1024))) {
            String[] next = deciding.hasNext() ? deciding.next() : null;
            Map<String, String> eventIds = new HashMap<>();
            while (customers.hasNext()) {
                String customer = customers.next();
                // Deciding events of customers not released are passed over; the first of a purpose is its smallest id.
                while (next != null && next[0].compareTo(customer) < 0)
                    next = deciding.hasNext() ? deciding.next() : null;
                eventIds.clear();
                while (next != null && next[0].equals(customer)) {
                    eventIds.putIfAbsent(next[1], next[2]);
                    next = deciding.hasNext() ? deciding.next() : null;
                }
                List<ProvisionRecords.ReliedConsent> consents = new ArrayList<>();
                for (String purpose : relied) {
                    ConsentDecision d = table.decision(customer, purpose);
                    if (d.state() != ConsentState.GRANTED) continue;
                    consents.add(new ProvisionRecords.ReliedConsent(
                            purpose, eventIds.get(purpose), d.decidedAt(), d.documentVersion()));
                }
                ReliedFile.write(w, customer, consents);
                count++;
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } finally {
            for (java.nio.file.Path c : chunks) Files.deleteIfExists(c);
        }
        return new ReliedFile(out, count);
    }

    /** Deciding events: by customer, purpose, event id; the merge drops exact duplicates. */
    private static final java.util.Comparator<String[]> DECIDING = java.util.Comparator.<String[], String>comparing(
                    e -> e[0])
            .thenComparing(e -> e[1])
            .thenComparing(e -> e[2]);

    /** Sorts a chunk of deciding events into a new spill file and empties it. */
    private static void spill(java.nio.file.Path folder, List<String[]> chunk, List<java.nio.file.Path> chunks) {
        chunk.sort(DECIDING);
        java.nio.file.Path file = folder.resolve("deciding-" + chunks.size() + ".spill");
        chunks.add(file);
        try (DataOutputStream w =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024))) {
            for (String[] e : chunk) {
                for (String field : e) ReliedFile.writeString(w, field);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(
                    "consent evidence: cannot spill deciding events: " + e.getMessage(), e);
        }
        chunk.clear();
    }

    /** One spill file of sorted deciding events. */
    private static final class Spilled implements SortedMerge.Source<String[]> {
        private final java.nio.file.Path file;
        private final DataInputStream in;

        Spilled(java.nio.file.Path file) throws IOException {
            this.file = file;
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 32 * 1024));
        }

        @Override
        public String[] next() throws IOException {
            String customer = ReliedFile.readString(in);
            if (customer == null) return null;
            return new String[] {customer, ReliedFile.readString(in), ReliedFile.readString(in)};
        }

        @Override
        public String name() {
            return file.getFileName().toString();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * The released customers with their consents, on local disk in key order: key, then per consent its purpose,
     * event id, time and document version; strings as UTF-16 units, so every key reads back exactly.
     */
    private static final class ReliedFile implements ProvisionLog.Customers {
        private final java.nio.file.Path file;
        private final long count;

        ReliedFile(java.nio.file.Path file, long count) {
            this.file = file;
            this.count = count;
        }

        @Override
        public long count() {
            return count;
        }

        @Override
        public void forEach(ProvisionLog.CustomerVisitor visitor) throws IOException {
            try (DataInputStream in =
                    new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024))) {
                for (long c = 0; c < count; c++) {
                    String key = readString(in);
                    int n = in.readInt();
                    List<ProvisionRecords.ReliedConsent> consents = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        String purpose = readString(in);
                        String eventId = readString(in);
                        Instant at = in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
                        consents.add(new ProvisionRecords.ReliedConsent(purpose, eventId, at, readString(in)));
                    }
                    visitor.visit(key, consents);
                }
            }
        }

        static void write(DataOutputStream w, String key, List<ProvisionRecords.ReliedConsent> consents)
                throws IOException {
            writeString(w, key);
            w.writeInt(consents.size());
            for (ProvisionRecords.ReliedConsent r : consents) {
                writeString(w, r.purpose());
                writeString(w, r.eventId());
                w.writeBoolean(r.eventTime() != null);
                if (r.eventTime() != null) {
                    w.writeLong(r.eventTime().getEpochSecond());
                    w.writeInt(r.eventTime().getNano());
                }
                writeString(w, r.documentVersion());
            }
        }

        /** Length (-1: null), then the UTF-16 units. */
        static void writeString(DataOutputStream w, String s) throws IOException {
            if (s == null) {
                w.writeInt(-1);
                return;
            }
            w.writeInt(s.length());
            w.writeChars(s);
        }

        /** A string as {@link #writeString} wrote it; null for null, and at the end of the file. */
        static String readString(DataInputStream in) throws IOException {
            int length;
            try {
                length = in.readInt();
            } catch (java.io.EOFException end) {
                return null;
            }
            if (length < 0) return null;
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = in.readChar();
            return new String(chars);
        }
    }

    /** Closes the table and removes its folder and the provision's work files. */
    @Override
    public void close() throws IOException {
        IOException failed = null;
        try {
            table.close();
        } catch (IOException e) {
            failed = e;
        }
        for (java.nio.file.Path folder : work) {
            try {
                deleteFolder(folder);
            } catch (IOException e) {
                if (failed == null) failed = e;
                else failed.addSuppressed(e);
            }
        }
        if (failed != null) throw failed;
    }

    private static void deleteFolder(java.nio.file.Path folder) throws IOException {
        if (!Files.exists(folder)) return;
        try (java.util.stream.Stream<java.nio.file.Path> all = Files.walk(folder)) {
            for (java.nio.file.Path p :
                    all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @FunctionalInterface
    private interface LineConsumer {
        void accept(LedgerLine line, String eventId);
    }

    private static void forEachLine(List<Path> files, List<String> columns, Configuration conf, LineConsumer consumer)
            throws IOException {
        for (Path file : files) {
            try (ParquetRowReader reader = ParquetRowReader.open(file, conf)) {
                RowSchema schema = reader.schema();
                int[] index = columns.stream().mapToInt(schema::indexOf).toArray();
                int eventId = schema.indexOf(EVENT_ID);
                for (Object[] row = reader.read(); row != null; row = reader.read()) {
                    consumer.accept(
                            new LedgerLine(
                                    text(row, index[0]),
                                    text(row, index[1]),
                                    text(row, index[2]),
                                    text(row, index[3]),
                                    text(row, index[4]),
                                    text(row, index[5])),
                            text(row, eventId));
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException("consent ledger file " + file.getName() + ": " + e.getMessage(), e);
            }
        }
    }

    private static String text(Object[] row, int index) {
        return index < 0 ? null : CustomerKey.text(row[index]);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
