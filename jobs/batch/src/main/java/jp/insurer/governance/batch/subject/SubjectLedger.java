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

    /** The customer's events in ledger order, each checked as tag checks it (problem named, never dropped silently). */
    SubjectReport.Consent read(String customer, List<String> purposes, LocalDate date, ZoneId zone) throws IOException {
        ConsentBook book =
                new ConsentBook(purposes, date.plusDays(1).atStartOfDay(zone).toInstant(), keys);
        Set<String> known = Set.copyOf(purposes);
        List<SubjectReport.LedgerEvent> events = new ArrayList<>();
        long unreadable = 0;
        for (DatasetFile file : files()) {
            try (ParquetRowReader reader = ParquetRowReader.open(file.path(), conf)) {
                RowSchema schema = reader.schema();
                int[] at = new int[FIELDS.size() + 1];
                for (int i = 0; i < FIELDS.size(); i++) at[i] = schema.indexOf(columnOf.get(FIELDS.get(i)));
                at[FIELDS.size()] = schema.indexOf(EVENT_ID);
                if (at[0] < 0)
                    throw new IOException(
                            "consent ledger file " + file.relative() + " has no column " + columnOf.get("customer_id"));
                for (Object[] row = reader.read(); row != null; row = reader.read()) {
                    String id = text(row, at[0]);
                    if (id == null || !customer.equals(keys.normalize(id))) continue;
                    LedgerLine line = new LedgerLine(
                            id,
                            text(row, at[1]),
                            text(row, at[2]),
                            text(row, at[3]),
                            text(row, at[4]),
                            text(row, at[5]));
                    LedgerLine.Validated v = line.validate(known, keys);
                    if (v.event() != null) {
                        book.accept(v.event());
                    } else {
                        unreadable++;
                        if (v.uncertain()) book.uncertain(v.customer(), v.purpose(), v.earliest(), v.latest());
                    }
                    events.add(new SubjectReport.LedgerEvent(
                            text(row, at[6]),
                            line.purpose(),
                            line.action(),
                            line.timestamp(),
                            line.channel(),
                            line.documentVersion(),
                            v.problem() == null ? null : v.problem().name()));
                }
            }
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
    List<SubjectReport.Withdrawal> withdraw(
            String customer, String request, List<String> purposes, String documentVersion, Instant now)
            throws IOException {
        Path target = new Path(root, "subject-request-" + request + ".parquet");
        FileSystem fs = FileSystems.get(target, conf);
        if (!fs.exists(target)) {
            List<DatasetFile> existing = files();
            if (existing.isEmpty())
                throw new IOException("consent ledger " + root + " has no file whose schema a withdrawal can follow");
            RowSchema schema;
            try (ParquetRowReader reader = ParquetRowReader.open(existing.get(0).path(), conf)) {
                schema = RowSchema.fromMessageType(reader.fileSchema().toMessageType());
            }
            Path staging = new Path(root, "." + target.getName() + ".tmp");
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
        List<SubjectReport.Withdrawal> written = new ArrayList<>();
        try (ParquetRowReader reader = ParquetRowReader.open(target, conf)) {
            RowSchema schema = reader.schema();
            int id = schema.indexOf(EVENT_ID);
            int purpose = schema.indexOf(columnOf.get("purpose"));
            int ts = schema.indexOf(columnOf.get("event_ts"));
            for (Object[] row = reader.read(); row != null; row = reader.read()) {
                written.add(new SubjectReport.Withdrawal(
                        text(row, id), text(row, purpose), text(row, ts), target.getName()));
            }
        }
        return written;
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
        return at < 0 || row[at] == null ? null : row[at].toString();
    }
}
