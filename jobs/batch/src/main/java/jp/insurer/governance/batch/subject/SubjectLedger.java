package jp.insurer.governance.batch.subject;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.batch.support.OutputHygiene;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.ColumnType;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import jp.insurer.governance.policy.consent.ConsentBook;
import jp.insurer.governance.policy.consent.ConsentDecision;
import jp.insurer.governance.policy.consent.CustomerKey;
import jp.insurer.governance.policy.consent.LedgerLine;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One customer's lines of the consent ledger (raw zone), what tag decides from them, and the withdrawals a
 * stop request appends: a new Parquet file in the ledger dataset with the ledger's own schema, so tag and
 * every gate read it like any other export.
 */
final class SubjectLedger {

    static final String CHANNEL = "subject-request";
    /** The fields tag reads (its ledger-columns renames them); event_id is the ledger's own key. */
    static final List<String> FIELDS =
            List.of("customer_id", "purpose", "action", "event_ts", "channel", "document_version");

    static final String EVENT_ID = "event_id";

    private final Configuration conf;
    private final Path root;
    private final Map<String, String> columnOf = new LinkedHashMap<>();
    private final CustomerKey keys;

    SubjectLedger(Configuration conf, String data, String ledger, Map<String, String> renamed, CustomerKey keys) {
        this.conf = conf;
        this.root = new Path(FileSystems.path(data), ledger);
        this.keys = keys;
        for (String f : FIELDS) columnOf.put(f, renamed.getOrDefault(f, f));
        columnOf.put(EVENT_ID, EVENT_ID);
    }

    List<DatasetFile> files() throws IOException {
        if (!FileSystems.get(root, conf).exists(root)) return List.of();
        return new DatasetLayout(conf).files(root);
    }

    /** One line of the customer's in the ledger: the file it is in (relative, the ledger's order), its event id and fields. */
    record Line(String file, String eventId, LedgerLine line) {}

    /** The withdrawal file's events, for the report and as the customer's ledger lines they add. */
    record Appended(List<SubjectReport.Withdrawal> withdrawals, List<Line> lines) {}

    /** The customer's lines in ledger order (file by file, each read once). */
    List<Line> lines(String customer) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (DatasetFile file : files()) lines.addAll(lines(file.path(), file.relative(), customer));
        return lines;
    }

    private List<Line> lines(Path path, String relative, String customer) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (ParquetRowReader reader = ParquetRowReader.open(path, conf)) {
            RowSchema schema = reader.schema();
            int[] at = new int[FIELDS.size() + 1];
            for (int i = 0; i < FIELDS.size(); i++) at[i] = schema.indexOf(columnOf.get(FIELDS.get(i)));
            at[FIELDS.size()] = schema.indexOf(EVENT_ID);
            if (at[0] < 0)
                throw new IOException(
                        "consent ledger file " + relative + " has no column " + columnOf.get("customer_id"));
            for (Object[] row = reader.read(); row != null; row = reader.read()) {
                String id = text(row, at[0]);
                if (id == null || !customer.equals(keys.normalize(id))) continue;
                lines.add(new Line(
                        relative,
                        text(row, at[6]),
                        new LedgerLine(
                                id,
                                text(row, at[1]),
                                text(row, at[2]),
                                text(row, at[3]),
                                text(row, at[4]),
                                text(row, at[5]))));
            }
        }
        return lines;
    }

    /** The ledger's lines once a withdrawal file was added: its lines in place of any read before, at its place in file order. */
    static List<Line> with(List<Line> lines, Appended appended) {
        List<Line> all = new ArrayList<>();
        java.util.Set<String> added = new java.util.HashSet<>();
        appended.lines().forEach(l -> added.add(l.file()));
        lines.stream().filter(l -> !added.contains(l.file())).forEach(all::add);
        all.addAll(appended.lines());
        all.sort(java.util.Comparator.comparing(Line::file)); // stable: a file's lines keep their order
        return all;
    }

    /** The customer's events in ledger order, each checked as tag checks it (problem named, never dropped silently). */
    SubjectReport.Consent consent(
            String customer, List<Line> lines, List<String> purposes, LocalDate date, ZoneId zone) {
        ConsentBook book =
                new ConsentBook(purposes, date.plusDays(1).atStartOfDay(zone).toInstant(), keys);
        Set<String> known = Set.copyOf(purposes);
        List<SubjectReport.LedgerEvent> events = new ArrayList<>();
        long unreadable = 0;
        for (Line l : lines) {
            LedgerLine line = l.line();
            LedgerLine.Validated v = line.validate(known, keys);
            if (v.event() != null) {
                book.accept(v.event());
            } else {
                unreadable++;
                if (v.uncertain()) book.uncertain(v.customer(), v.purpose(), v.earliest(), v.latest());
            }
            events.add(new SubjectReport.LedgerEvent(
                    l.eventId(),
                    line.purpose(),
                    line.action(),
                    line.timestamp(),
                    line.channel(),
                    line.documentVersion(),
                    v.problem() == null ? null : v.problem().name()));
        }
        Map<String, SubjectReport.Decision> decisions = new LinkedHashMap<>();
        for (String purpose : purposes) {
            ConsentDecision d = book.decision(customer, purpose);
            decisions.put(
                    purpose,
                    new SubjectReport.Decision(
                            d.state().name(),
                            d.decidedAt() == null ? null : d.decidedAt().toString(),
                            d.documentVersion()));
        }
        return new SubjectReport.Consent(events, decisions, unreadable);
    }

    /**
     * Appends one WITHDRAWN event per purpose, written whole to a hidden name and renamed into the dataset
     * (readers skip hidden files), so a crash leaves either no file or the whole one. The file is named
     * after the request: a restarted request finds it and returns its events instead of writing twice.
     */
    Appended withdraw(String customer, String request, List<String> purposes, String documentVersion, Instant now)
            throws IOException {
        Path target = new Path(root, OutputHygiene.LEDGER_WITHDRAWALS + request + ".parquet");
        FileSystem fs = FileSystems.get(target, conf);
        if (!fs.exists(target)) {
            List<DatasetFile> existing = files();
            if (existing.isEmpty())
                throw new IOException("consent ledger " + root + " has no file whose schema a withdrawal can follow");
            RowSchema schema;
            try (ParquetRowReader reader = ParquetRowReader.open(existing.get(0).path(), conf)) {
                schema = RowSchema.fromMessageType(reader.fileSchema().toMessageType());
            }
            Path staging = OutputHygiene.ledgerStaging(target); // a killed request's is swept by the next job
            try (ParquetRowWriter writer = ParquetRowWriter.open(
                    staging.toString(),
                    schema,
                    WriterOptions.defaults().withOverwrite(true).withMetadata("governance.subject.request", request),
                    conf)) {
                for (String purpose : purposes) {
                    Map<String, Object> values = Map.of(
                            EVENT_ID,
                            eventId(request, purpose),
                            columnOf.get("customer_id"),
                            customer,
                            columnOf.get("purpose"),
                            purpose,
                            columnOf.get("action"),
                            "WITHDRAWN",
                            columnOf.get("event_ts"),
                            now,
                            columnOf.get("channel"),
                            CHANNEL);
                    Object[] row = new Object[schema.size()];
                    for (int c = 0; c < schema.size(); c++) {
                        Column column = schema.column(c);
                        Object v = column.name().equals(columnOf.get("document_version"))
                                ? documentVersion
                                : values.get(column.name());
                        row[c] = convert(column, v);
                        if (row[c] == null && !column.nullable()) {
                            throw new IOException("consent ledger column '" + column.name()
                                    + "' is required and a withdrawal has no value for it"
                                    + " (governance.tag.ledger-columns maps the ledger's fields)");
                        }
                    }
                    writer.write(row);
                }
            }
            FileSystems.replace(fs, staging, target);
        }
        // Read back as written (a restarted request's file holds the first run's events and times).
        List<Line> lines = lines(target, target.getName(), customer);
        List<SubjectReport.Withdrawal> written = lines.stream()
                .map(l -> new SubjectReport.Withdrawal(
                        l.eventId(), l.line().purpose(), l.line().timestamp(), target.getName()))
                .toList();
        return new Appended(written, lines);
    }

    /** Unique across requests (the request id) and purposes; the ledger's event ids are its own. */
    static String eventId(String request, String purpose) {
        return "SR-" + request + "-" + purpose;
    }

    private static Object convert(Column column, Object value) {
        if (value == null) return null;
        if (value instanceof Instant t) {
            Instant micros = t.truncatedTo(ChronoUnit.MICROS);
            return switch (column.type()) {
                case TIMESTAMP -> micros;
                case STRING ->
                    OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.SECONDS), ZoneId.of("UTC"))
                            .toString();
                default ->
                    throw new IllegalStateException("consent ledger column '" + column.name() + "' is " + column.type()
                            + ": a time can be written as STRING or TIMESTAMP only");
            };
        }
        if (column.type() != ColumnType.STRING) {
            throw new IllegalStateException(
                    "consent ledger column '" + column.name() + "' is " + column.type() + ", expected STRING");
        }
        return value.toString();
    }

    private static String text(Object[] row, int at) {
        return at < 0 ? null : CustomerKey.text(row[at]);
    }
}
