package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
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
import jp.insurer.governance.policy.consent.ConsentState;
import jp.insurer.governance.policy.consent.LedgerLine;
import jp.insurer.governance.policy.retention.LegalHolds;
import jp.insurer.governance.policy.retention.RetentionFacts;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The reference data the rules look up: contracts (policies), open claims, legal holds, consent.
 *
 * <p>Contract and claim facts are <em>snapshotted once per job instance</em> to
 * {@code out/retention/state/instance-N/facts.parquet} and reused on restart: enforcement deletes
 * rows of {@code policies} and {@code claims} themselves, so re-deriving the facts after a crash would
 * see a customer whose policies were already purged as "never contracted" or as having no contract
 * end, and decide differently than the interrupted run. Legal holds and consent are read fresh: no
 * rule deletes them, and they can only spare more rows.
 */
final class ReferenceFacts implements RetentionFacts {

    static final String POLICIES = "policies";
    static final String CLAIMS = "claims";
    static final String LEGAL_HOLDS = "legal_holds";
    private static final int NO_END = Integer.MIN_VALUE;
    private static final RowSchema SNAPSHOT = RowSchema.of(
            "retention_facts",
            Column.required("customer_id", ColumnType.STRING),
            Column.of("latest_end", ColumnType.DATE),
            Column.required("active", ColumnType.BOOLEAN),
            Column.required("ever", ColumnType.BOOLEAN),
            Column.required("open_claim", ColumnType.BOOLEAN));

    /** Per customer, as of the business date. */
    private static final class Customer {
        int latestEnd = NO_END;
        boolean active;
        boolean ever;
        boolean openClaim;
    }

    private final Map<String, Customer> customers;
    private final LegalHolds holds;
    private final ConsentBook consent;

    private ReferenceFacts(Map<String, Customer> customers, LegalHolds holds, ConsentBook consent) {
        this.customers = customers;
        this.holds = holds;
        this.consent = consent;
    }

    static ReferenceFacts load(
            Configuration conf,
            String data,
            Path snapshot,
            LocalDate date,
            ZoneId zone,
            String ledger,
            List<String> purposes)
            throws IOException {
        FileSystem fs = FileSystems.get(snapshot, conf);
        Map<String, Customer> customers = fs.exists(snapshot)
                ? readSnapshot(conf, snapshot)
                : writeSnapshot(conf, snapshot, derive(conf, data, date));
        return new ReferenceFacts(customers, holds(conf, data), consent(conf, data, ledger, purposes, date, zone));
    }

    private static Map<String, Customer> derive(Configuration conf, String data, LocalDate date) throws IOException {
        Map<String, Customer> customers = new HashMap<>();
        long day = date.toEpochDay();
        for (DatasetFile file : files(conf, data, POLICIES, true)) {
            try (ParquetRowReader r = ParquetRowReader.open(
                    file.path(), conf, List.of("customer_id", "start_date", "end_date", "lapse_date", "status"))) {
                for (Object[] row = r.read(); row != null; row = r.read()) {
                    if (row[0] == null) continue;
                    Customer c = customers.computeIfAbsent((String) row[0], k -> new Customer());
                    LocalDate start = (LocalDate) row[1];
                    LocalDate end = (LocalDate) row[2];
                    LocalDate lapse = (LocalDate) row[3];
                    boolean cancelled = "CANCELLED".equals(row[4]);
                    if (start != null && start.toEpochDay() <= day) c.ever = true;
                    LocalDate last = lapse != null ? lapse : end;
                    // In force on the date: started, not yet ended or lapsed, not cancelled.
                    boolean inForce = !cancelled
                            && start != null
                            && start.toEpochDay() <= day
                            && (last == null || last.toEpochDay() >= day);
                    if (inForce) c.active = true;
                    if (last != null) c.latestEnd = Math.max(c.latestEnd, Math.toIntExact(last.toEpochDay()));
                }
            }
        }
        for (DatasetFile file : files(conf, data, CLAIMS, true)) {
            try (ParquetRowReader r =
                    ParquetRowReader.open(file.path(), conf, List.of("customer_id", "claim_status"))) {
                for (Object[] row = r.read(); row != null; row = r.read()) {
                    // PENDING is the one not-closed state (PAID and REJECTED are closed).
                    if (row[0] != null && "PENDING".equals(row[1])) {
                        customers.computeIfAbsent((String) row[0], k -> new Customer()).openClaim = true;
                    }
                }
            }
        }
        return customers;
    }

    private static Map<String, Customer> writeSnapshot(
            Configuration conf, Path snapshot, Map<String, Customer> customers) throws IOException {
        FileSystem fs = FileSystems.get(snapshot, conf);
        fs.mkdirs(snapshot.getParent());
        Path temp = new Path(snapshot.getParent(), "." + snapshot.getName() + ".tmp");
        try (ParquetRowWriter w = ParquetRowWriter.open(
                temp.toString(), SNAPSHOT, WriterOptions.defaults().withOverwrite(true), conf)) {
            for (Map.Entry<String, Customer> e : customers.entrySet()) {
                Customer c = e.getValue();
                w.write(new Object[] {
                    e.getKey(),
                    c.latestEnd == NO_END ? null : LocalDate.ofEpochDay(c.latestEnd),
                    c.active,
                    c.ever,
                    c.openClaim
                });
            }
        }
        FileSystems.replace(fs, temp, snapshot);
        return customers;
    }

    private static Map<String, Customer> readSnapshot(Configuration conf, Path snapshot) throws IOException {
        Map<String, Customer> customers = new HashMap<>();
        try (ParquetRowReader r = ParquetRowReader.open(snapshot, conf)) {
            for (Object[] row = r.read(); row != null; row = r.read()) {
                Customer c = new Customer();
                if (row[1] != null) c.latestEnd = Math.toIntExact(((LocalDate) row[1]).toEpochDay());
                c.active = (Boolean) row[2];
                c.ever = (Boolean) row[3];
                c.openClaim = (Boolean) row[4];
                customers.put((String) row[0], c);
            }
        }
        return customers;
    }

    private static LegalHolds holds(Configuration conf, String data) throws IOException {
        LegalHolds holds = new LegalHolds();
        for (DatasetFile file : files(conf, data, LEGAL_HOLDS, true)) {
            try (ParquetRowReader r = ParquetRowReader.open(
                    file.path(), conf, List.of("subject_type", "subject_id", "hold_from", "hold_until"))) {
                for (Object[] row = r.read(); row != null; row = r.read()) {
                    // A hold that does not parse stops the run (LegalHolds says why, never whose).
                    holds.addRow((String) row[0], (String) row[1], text(row[2]), text(row[3]));
                }
            }
        }
        return holds;
    }

    private static ConsentBook consent(
            Configuration conf, String data, String ledger, List<String> purposes, LocalDate date, ZoneId zone)
            throws IOException {
        ConsentBook book =
                new ConsentBook(purposes, date.plusDays(1).atStartOfDay(zone).toInstant());
        Set<String> known = Set.copyOf(purposes);
        for (DatasetFile file : files(conf, data, ledger, false)) {
            try (ParquetRowReader r = ParquetRowReader.open(
                    file.path(),
                    conf,
                    List.of("customer_id", "purpose", "action", "event_ts", "channel", "document_version"))) {
                for (Object[] row = r.read(); row != null; row = r.read()) {
                    // Lines the tag job quarantines are skipped: without a withdrawal the clock never starts.
                    LedgerLine.Validated v = new LedgerLine(
                                    text(row[0]), text(row[1]), text(row[2]), text(row[3]), text(row[4]), text(row[5]))
                            .validate(known);
                    if (v.event() != null) book.accept(v.event());
                }
            }
        }
        return book;
    }

    private static List<DatasetFile> files(Configuration conf, String data, String dataset, boolean required)
            throws IOException {
        Path root = new Path(FileSystems.path(data), dataset);
        if (!FileSystems.get(root, conf).exists(root)) {
            if (required) {
                throw new IllegalStateException(
                        "reference dataset '" + dataset + "' not found under " + data
                                + ": without it no exception (contract, claim, legal hold) can be shown, so nothing is deleted");
            }
            return List.of();
        }
        return new DatasetLayout(conf).files(root);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** The CONTRACT_END clock: null without any policy; {@code running} when a policy is in force. */
    LocalDate contractEnd(String customerId) {
        Customer c = customerId == null ? null : customers.get(customerId);
        return c == null || c.latestEnd == NO_END ? null : LocalDate.ofEpochDay(c.latestEnd);
    }

    boolean contractRunning(String customerId) {
        Customer c = customerId == null ? null : customers.get(customerId);
        return c != null && c.active;
    }

    /** The CONSENT_WITHDRAWAL clock: the withdrawal time if the purpose is withdrawn as of the date, else null. */
    Instant withdrawnAt(String customerId, String purpose) {
        if (customerId == null) return null;
        ConsentDecision d = consent.decision(customerId, purpose);
        return d.state() == ConsentState.WITHDRAWN ? d.decidedAt() : null;
    }

    @Override
    public boolean isUnderLegalHold(String customerId, String policyId, LocalDate date) {
        return holds.isRowHeld(customerId, policyId, date);
    }

    @Override
    public boolean hasActiveContract(String customerId, LocalDate date) {
        return contractRunning(customerId);
    }

    @Override
    public boolean hasOpenClaim(String customerId, LocalDate date) {
        Customer c = customerId == null ? null : customers.get(customerId);
        return c != null && c.openClaim;
    }

    @Override
    public boolean hasEverContracted(String customerId, LocalDate date) {
        Customer c = customerId == null ? null : customers.get(customerId);
        return c != null && c.ever;
    }
}
