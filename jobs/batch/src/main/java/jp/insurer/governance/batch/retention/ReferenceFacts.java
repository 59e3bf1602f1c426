package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.ColumnType;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import jp.insurer.governance.policy.consent.ConsentDecision;
import jp.insurer.governance.policy.consent.ConsentState;
import jp.insurer.governance.policy.consent.ConsentTable;
import jp.insurer.governance.policy.consent.ConsentTableBuilder;
import jp.insurer.governance.policy.consent.CustomerKey;
import jp.insurer.governance.policy.consent.LedgerLine;
import jp.insurer.governance.policy.retention.CustomerFacts;
import jp.insurer.governance.policy.retention.CustomerFactsSpill;
import jp.insurer.governance.policy.retention.CustomerFactsTable;
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
 *
 * <p>Heap that does not grow with the customers: the facts are combined per customer through a {@link
 * CustomerFactsSpill} (rows in key-hash order in the snapshot) and looked up in a {@link
 * CustomerFactsTable} built from the snapshot — the snapshot stays the source of truth, the same table on
 * a first run and on a restart; consent is a {@link ConsentTable}, as the tag job builds it. Both live in
 * local folders under the state folder ({@link Local}) until {@link #close}.
 */
final class ReferenceFacts implements RetentionFacts, AutoCloseable {

    static final String POLICIES = "policies";
    static final String CLAIMS = "claims";
    static final String LEGAL_HOLDS = "legal_holds";
    private static final RowSchema SNAPSHOT = RowSchema.of(
            "retention_facts",
            Column.required("customer_id", ColumnType.STRING),
            Column.of("latest_end", ColumnType.DATE),
            Column.required("active", ColumnType.BOOLEAN),
            Column.required("ever", ColumnType.BOOLEAN),
            Column.required("open_claim", ColumnType.BOOLEAN));
    private static final CustomerFacts OPEN_CLAIM = new CustomerFacts(CustomerFacts.NO_END, false, false, true);

    /**
     * Where and how big the on-disk tables are: the tag job's consent settings ({@code
     * governance.tag.consent-shard-customers}, {@code consent-cache-mb}), for the consent table and the
     * facts table alike.
     *
     * @param consent        local folder for consent tables ({@code STATE/consent}, shared with tag)
     * @param facts          local folder for facts tables and their spills ({@code STATE/retention-facts})
     * @param shardCustomers rows (ledger lines, policy and claim rows) resolved in heap at once
     * @param cacheBytes     heap for each table's block cache
     */
    record Local(
            java.nio.file.Path consent,
            java.nio.file.Path facts,
            long shardCustomers,
            long cacheBytes,
            CustomerKey keys) {
        /** @param keys {@code policy.yml customer_keys}: every key of the facts, holds and ledger, and every lookup */
        static Local of(SuiteProperties properties, CustomerKey keys) {
            return new Local(
                    java.nio.file.Path.of(properties.state(), "consent"),
                    java.nio.file.Path.of(properties.state(), "retention-facts"),
                    properties.tag().consentShardCustomers(),
                    properties.tag().consentCacheMb() * 1024L * 1024L,
                    keys);
        }
    }

    private final CustomerFactsTable customers;
    private final LegalHolds holds;
    private final ConsentTable consent;
    private final CustomerKey keys;
    /** The last customer this thread looked up: a row asks for several facts of one customer in a row. */
    private final ThreadLocal<Object[]> last = ThreadLocal.withInitial(() -> new Object[2]);

    private ReferenceFacts(CustomerFactsTable customers, LegalHolds holds, ConsentTable consent, CustomerKey keys) {
        this.keys = keys;
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
            List<String> purposes,
            Local local)
            throws IOException {
        FileSystem fs = FileSystems.get(snapshot, conf);
        if (!fs.exists(snapshot)) writeSnapshot(conf, snapshot, data, date, local);
        CustomerFactsTable customers = readSnapshot(conf, snapshot, local);
        try {
            LegalHolds holds = holds(conf, data, local.keys());
            return new ReferenceFacts(
                    customers, holds, consent(conf, data, ledger, purposes, date, zone, local), local.keys());
        } catch (IOException | RuntimeException | Error e) {
            try {
                customers.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Combines the policies and claims per customer and writes the snapshot, customers in key-hash order. */
    private static void writeSnapshot(Configuration conf, Path snapshot, String data, LocalDate date, Local local)
            throws IOException {
        FileSystem fs = FileSystems.get(snapshot, conf);
        fs.mkdirs(snapshot.getParent());
        Path temp = new Path(snapshot.getParent(), "." + snapshot.getName() + ".tmp");
        try (CustomerFactsSpill spill =
                new CustomerFactsSpill(CustomerFactsTable.newFolder(local.facts()), local.shardCustomers())) {
            derive(conf, data, date, spill, local.keys());
            try (ParquetRowWriter w = ParquetRowWriter.open(
                    temp.toString(), SNAPSHOT, WriterOptions.defaults().withOverwrite(true), conf)) {
                spill.drain((id, hi, lo, c) ->
                        w.write(new Object[] {id, c.latestEndDate(), c.active(), c.everContracted(), c.openClaim()}));
            }
        }
        FileSystems.replace(fs, temp, snapshot);
    }

    /** One row per policy of a customer, one per open claim; the spill combines them per customer. */
    private static void derive(
            Configuration conf, String data, LocalDate date, CustomerFactsSpill spill, CustomerKey keys)
            throws IOException {
        long day = date.toEpochDay();
        for (DatasetFile file : files(conf, data, POLICIES, true)) {
            try (ParquetRowReader r = ParquetRowReader.open(
                    file.path(), conf, List.of("customer_id", "start_date", "end_date", "lapse_date", "status"))) {
                for (Object[] row = r.read(); row != null; row = r.read()) {
                    if (row[0] == null) continue;
                    LocalDate start = (LocalDate) row[1];
                    LocalDate end = (LocalDate) row[2];
                    LocalDate lapse = (LocalDate) row[3];
                    boolean cancelled = "CANCELLED".equals(row[4]);
                    boolean ever = start != null && start.toEpochDay() <= day;
                    LocalDate last = lapse != null ? lapse : end;
                    // In force on the date: started, not yet ended or lapsed, not cancelled.
                    boolean inForce = !cancelled
                            && start != null
                            && start.toEpochDay() <= day
                            && (last == null || last.toEpochDay() >= day);
                    int latestEnd = last == null ? CustomerFacts.NO_END : Math.toIntExact(last.toEpochDay());
                    // A policy names its customer even when it sets no fact: the customer has a (factless) row.
                    String customer = keys.normalizeValue(row[0]);
                    if (customer != null) spill.add(customer, new CustomerFacts(latestEnd, inForce, ever, false));
                }
            }
        }
        for (DatasetFile file : files(conf, data, CLAIMS, true)) {
            try (ParquetRowReader r =
                    ParquetRowReader.open(file.path(), conf, List.of("customer_id", "claim_status"))) {
                for (Object[] row = r.read(); row != null; row = r.read()) {
                    // PENDING is the one not-closed state (PAID and REJECTED are closed).
                    String customer = keys.normalizeValue(row[0]);
                    if (customer != null && "PENDING".equals(row[1])) spill.add(customer, OPEN_CLAIM);
                }
            }
        }
    }

    /** The lookup table of the snapshot (written by this or an interrupted execution of the instance). */
    private static CustomerFactsTable readSnapshot(Configuration conf, Path snapshot, Local local) throws IOException {
        return CustomerFactsTable.build(
                CustomerFactsTable.newFolder(local.facts()), local.shardCustomers(), local.cacheBytes(), spill -> {
                    try (ParquetRowReader r = ParquetRowReader.open(snapshot, conf)) {
                        for (Object[] row = r.read(); row != null; row = r.read()) {
                            int end = row[1] == null
                                    ? CustomerFacts.NO_END
                                    : Math.toIntExact(((LocalDate) row[1]).toEpochDay());
                            // Normalized again: a snapshot of an earlier version holds the keys as read.
                            spill.add(
                                    local.keys().normalize((String) row[0]),
                                    new CustomerFacts(end, (Boolean) row[2], (Boolean) row[3], (Boolean) row[4]));
                        }
                    }
                });
    }

    /** Customer holds under normalized keys, like every lookup: a hold on {@code C00012} holds {@code c00012}'s rows. */
    private static LegalHolds holds(Configuration conf, String data, CustomerKey keys) throws IOException {
        LegalHolds holds = new LegalHolds();
        for (DatasetFile file : files(conf, data, LEGAL_HOLDS, true)) {
            try (ParquetRowReader r = ParquetRowReader.open(
                    file.path(), conf, List.of("subject_type", "subject_id", "hold_from", "hold_until"))) {
                for (Object[] row = r.read(); row != null; row = r.read()) {
                    // A hold that does not parse stops the run (LegalHolds says why, never whose).
                    String type = text(row[0]);
                    String subject = text(row[1]);
                    if (type != null && type.strip().equalsIgnoreCase("CUSTOMER") && keys.normalize(subject) != null)
                        subject = keys.normalize(subject);
                    holds.addRow(type, subject, text(row[2]), text(row[3]));
                }
            }
        }
        return holds;
    }

    /**
     * The ledger's consent as of the date, on local disk; lines the tag job quarantines are skipped here:
     * without a withdrawal the clock never starts. Keys as the in-heap book had them ({@link
     * CustomerKey#DEFAULT}).
     */
    private static ConsentTable consent(
            Configuration conf,
            String data,
            String ledger,
            List<String> purposes,
            LocalDate date,
            ZoneId zone,
            Local local)
            throws IOException {
        ConsentTableBuilder book = new ConsentTableBuilder(
                purposes,
                date.plusDays(1).atStartOfDay(zone).toInstant(),
                local.keys(),
                ConsentTableBuilder.newFolder(local.consent()),
                local.shardCustomers(),
                local.cacheBytes());
        Set<String> known = Set.copyOf(purposes);
        long line = 0;
        try {
            for (DatasetFile file : files(conf, data, ledger, false)) {
                try (ParquetRowReader r = ParquetRowReader.open(
                        file.path(),
                        conf,
                        List.of("customer_id", "purpose", "action", "event_ts", "channel", "document_version"))) {
                    for (Object[] row = r.read(); row != null; row = r.read()) {
                        line++;
                        LedgerLine.Validated v = new LedgerLine(
                                        text(row[0]),
                                        text(row[1]),
                                        text(row[2]),
                                        text(row[3]),
                                        text(row[4]),
                                        text(row[5]))
                                .validate(known, local.keys());
                        if (v.event() != null) book.accept(v.event(), line);
                    }
                }
            }
            // No customer master here: retention asks for decisions, not for unmatched customers.
            return book.build(false);
        } catch (IOException | RuntimeException | Error e) {
            try {
                book.discard();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
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
        return CustomerKey.text(value);
    }

    /** The customer's contract and claim facts; the same object for repeated asks of one thread. */
    private CustomerFacts facts(String customerId) {
        if (customerId == null) return CustomerFacts.NONE;
        Object[] memo = last.get();
        if (customerId.equals(memo[0])) return (CustomerFacts) memo[1];
        CustomerFacts facts = customers.get(keys.normalize(customerId));
        memo[0] = customerId;
        memo[1] = facts;
        return facts;
    }

    /** The CONTRACT_END clock: null without any policy; {@code running} when a policy is in force. */
    LocalDate contractEnd(String customerId) {
        return facts(customerId).latestEndDate();
    }

    boolean contractRunning(String customerId) {
        return facts(customerId).active();
    }

    /** The CONSENT_WITHDRAWAL clock: the withdrawal time if the purpose is withdrawn as of the date, else null. */
    Instant withdrawnAt(String customerId, String purpose) {
        if (customerId == null) return null;
        ConsentDecision d = consent.decision(customerId, purpose);
        return d.state() == ConsentState.WITHDRAWN ? d.decidedAt() : null;
    }

    @Override
    public boolean isUnderLegalHold(String customerId, String policyId, LocalDate date) {
        return holds.isRowHeld(keys.normalize(customerId), policyId, date);
    }

    @Override
    public boolean hasActiveContract(String customerId, LocalDate date) {
        return contractRunning(customerId);
    }

    @Override
    public boolean hasOpenClaim(String customerId, LocalDate date) {
        return facts(customerId).openClaim();
    }

    @Override
    public boolean hasEverContracted(String customerId, LocalDate date) {
        return facts(customerId).everContracted();
    }

    /** Closes both tables and removes their folders. */
    @Override
    public void close() throws IOException {
        try {
            consent.close();
        } finally {
            customers.close();
        }
    }
}
