package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import jp.insurer.governance.policy.audit.AffectedCustomers;
import jp.insurer.governance.policy.audit.AuditEntry;
import jp.insurer.governance.policy.audit.AuditType;
import jp.insurer.governance.policy.audit.KeyedHash;
import jp.insurer.governance.policy.classify.ClassificationPolicy;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.consent.CustomerKey;
import jp.insurer.governance.policy.retention.RetentionClock;
import jp.insurer.governance.policy.retention.RetentionDecider;
import jp.insurer.governance.policy.retention.RetentionRule;
import jp.insurer.governance.policy.retention.RetentionRules;
import jp.insurer.governance.policy.retention.RowDecision;
import jp.insurer.governance.policy.retention.RuleBinding;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * One customer's records in the raw zone, seen through retention: what each rule does to them and when,
 * and (for a data-subject erasure) their deletion through retention's own commit protocol
 * ({@link RetentionCommit}: staged rewrite, decision in the audit chain, journal, governed copy removed,
 * atomic rename, COMMITTED) — no second protocol. Legal holds and the rules named as legal retention keep
 * rows; a kept row is counted with its reason, never deleted.
 *
 * <p>A killed erasure converges: the next run recovers the journal as retention does and decides the
 * remaining rows again; the contract facts are the request's snapshot, so rows already deleted do not
 * change what the legal-retention rules decide for the rest.
 */
public final class SubjectErasure implements AutoCloseable {

    /** Audit rule name of a subject erasure's decisions. */
    public static final String RULE = "subject-request-erase";

    /** What one retention rule does to the customer's rows of one dataset. */
    public record RuleOutlook(
            String rule,
            String description,
            String action,
            String period,
            String clock,
            Map<String, Long> rowsByDecisionToday,
            String firstRemovalDate,
            String lastRemovalDate,
            long rowsWithoutClock,
            boolean legalRetention) {}

    /** The customer's rows of one raw dataset. */
    public record DatasetOutcome(
            String dataset,
            String customerColumn,
            long rows,
            List<String> columnsHeld,
            List<RuleOutlook> retention,
            long erasable,
            long keptLegalHold,
            Map<String, Long> keptByLegalRetention,
            long erased,
            boolean neverErased) {}

    private final Configuration conf;
    private final String out;
    private final LocalDate date;
    private final ZoneId zone;
    private final CustomerKey keys;
    private final ClassificationPolicy classification;
    private final DatasetScan scan;
    private final Map<String, List<RuleBinding>> bindings = new LinkedHashMap<>();
    private final Map<RuleBinding, RetentionDecider> deciders = new LinkedHashMap<>();
    private final ReferenceFacts facts;
    private final String runId;
    private KeyedHash keyedHash;
    private AuditLog audit;
    private RetentionCommit commit;
    private int recovered;
    private Path firstChangeMarker;
    private byte[] firstChangeContent;

    private SubjectErasure(
            Configuration conf,
            String out,
            LocalDate date,
            ZoneId zone,
            CustomerKey keys,
            ClassificationPolicy classification,
            DatasetScan scan,
            ReferenceFacts facts,
            String runId) {
        this.conf = conf;
        this.out = out;
        this.date = date;
        this.zone = zone;
        this.keys = keys;
        this.classification = classification;
        this.scan = scan;
        this.facts = facts;
        this.runId = runId;
    }

    /**
     * Binds the retention rules to the raw zone and loads the facts (snapshotted per request, so a
     * restarted erasure decides as the interrupted one did). With {@code enforce}: loads the audit key,
     * verifies and opens the audit chain (a broken chain refuses the run) and recovers retention's
     * journal first.
     */
    public static SubjectErasure open(
            Configuration conf,
            String data,
            String out,
            LocalDate date,
            java.nio.file.Path configDir,
            Policy policy,
            ClassificationPolicy classification,
            SuiteProperties properties,
            Map<String, String> environment,
            String requestId,
            boolean enforce)
            throws IOException {
        List<String> purposes =
                policy.purposes().stream().map(ConsentPurpose::id).toList();
        RetentionRules rules = RetentionRules.load(configDir, purposes);
        DatasetScan scan = DatasetScan.of(data, out, conf, classification);
        Path snapshot = new Path(out, "retention/state/subject-" + requestId + "/facts.parquet");
        ReferenceFacts facts = ReferenceFacts.load(
                conf,
                data,
                snapshot,
                date,
                properties.zone(),
                properties.tag().consentLedger(),
                purposes,
                ReferenceFacts.Local.of(properties, policy.customerKeys()));
        String runId = "subject-" + requestId;
        SubjectErasure e = new SubjectErasure(
                conf, out, date, properties.zone(), policy.customerKeys(), classification, scan, facts, runId);
        try {
            e.start(rules, date, policy, properties, environment, data, enforce);
        } catch (IOException | RuntimeException | Error failure) {
            try {
                e.close();
            } catch (IOException suppressed) {
                failure.addSuppressed(suppressed);
            }
            throw failure;
        }
        return e;
    }

    /** Binds the rules and, with {@code enforce}, opens the audit chain and recovers the journal. */
    private void start(
            RetentionRules rules,
            LocalDate date,
            Policy policy,
            SuiteProperties properties,
            Map<String, String> environment,
            String data,
            boolean enforce)
            throws IOException {
        for (RuleBinding b : RetentionParameters.bind(rules, scan)) {
            bindings.computeIfAbsent(b.dataset(), k -> new ArrayList<>()).add(b);
            deciders.put(b, RetentionDecider.of(b.rule(), date, properties.zone()));
        }
        if (enforce) {
            keyedHash = AuditKey.load(environment, properties);
            AuditLog.Verified verified = AuditLog.verify(conf, RetentionPaths.audit(out));
            audit = AuditLog.open(conf, RetentionPaths.audit(out), runId, Clock.systemUTC(), verified);
            audit.append(AuditEntry.of(runId, AuditType.RUN_STARTED)
                    .withDetail("subject-request erase mode=enforce date=" + date + " policy=" + policy.version()
                            + " keyId=" + keyedHash.keyId()));
            commit = new RetentionCommit(conf, audit, RetentionPaths.journal(out), runId, RetentionCommit.Faults.NONE);
            recovered = commit.recover(FileSystems.path(data), verified.committedRefs(), java.util.Set.of());
        }
    }

    /** Interrupted changes (of any retention or erasure run) this run finished or abandoned first. */
    public int recovered() {
        return recovered;
    }

    /**
     * A file written just before this run's first rewrite (not at all when nothing is erased), so that a
     * restart knows the erasure began even when no record of the customer is left.
     */
    public void markFirstChange(Path marker, byte[] content) {
        this.firstChangeMarker = marker;
        this.firstChangeContent = content.clone();
    }

    /** The raw datasets, in scan order. */
    public List<String> datasets() {
        return List.copyOf(scan.datasets().keySet());
    }

    /** The dataset's customer-key column (classification.yml), or null when its records link to nobody. */
    public String customerColumn(String dataset) {
        return classification
                .customerKey(dataset, List.copyOf(scan.datasets().get(dataset).columns()))
                .orElse(null);
    }

    /** Enforce needs the operator's audit key, as retention does (exit 2 without it, before anything starts). */
    public static void requireAuditKey(Map<String, String> environment, SuiteProperties properties) throws IOException {
        AuditKey.load(environment, properties);
    }

    /** Whether a CUSTOMER legal hold covers the customer on the business date. */
    public boolean underCustomerHold(String customerId) {
        return facts.isUnderLegalHold(customerId, null, date);
    }

    /**
     * Reads the dataset's rows of one customer (normalized key), decides every retention rule for them and,
     * when {@code erase} is set and the run enforces, deletes the erasable ones file by file: each file is read once
     * to decide, and only a file with erasable rows once more to rewrite it.
     *
     * @param legalRules retention rules that stand for a legal obligation to keep (their unexpired rows stay)
     * @param never      the dataset is never erased (e.g. legal holds)
     */
    public DatasetOutcome examine(String dataset, String customer, Set<String> legalRules, boolean never, boolean erase)
            throws IOException {
        DatasetScan.Dataset d = scan.datasets().get(dataset);
        String key = customerColumn(dataset);
        if (key == null) return null;
        List<RuleBinding> rules = bindings.getOrDefault(dataset, List.of());
        int n = rules.size();
        List<Map<String, Long>> byDecision = new ArrayList<>();
        LocalDate[] first = new LocalDate[n];
        LocalDate[] last = new LocalDate[n];
        long[] noClock = new long[n];
        for (int i = 0; i < n; i++) byDecision.add(new TreeMap<>());
        Set<String> held = new LinkedHashSet<>();
        long rows = 0;
        long erasable = 0;
        long keptHold = 0;
        long erased = 0;
        Map<String, Long> keptLegal = new TreeMap<>();
        String policyColumn = rules.stream()
                .map(b -> b.rule().policyColumn())
                .filter(p -> p != null)
                .findFirst()
                .orElse(d.columns().contains("policy_id") ? "policy_id" : null);
        List<FileErasure> pending = new ArrayList<>();
        for (DatasetFile file : d.files()) {
            if (!FileSystems.get(file.path(), conf).exists(file.path())) continue; // dropped since the scan
            BitSet delete = new BitSet();
            AffectedCustomers affected = keyedHash == null ? null : new AffectedCustomers(keyedHash);
            long fileHeld = 0;
            int r = 0;
            try (ParquetRowReader reader = ParquetRowReader.open(file.path(), conf)) {
                RowSchema schema = reader.schema();
                int keyAt = schema.indexOf(key);
                int policyAt = policyColumn == null ? -1 : schema.indexOf(policyColumn);
                if (keyAt < 0) continue;
                for (Object[] row = reader.read(); row != null; row = reader.read(), r++) {
                    Object id = row[keyAt];
                    if (id == null || !customer.equals(keys.normalizeValue(id))) continue;
                    rows++;
                    for (int c = 0; c < row.length; c++)
                        if (row[c] != null) held.add(schema.column(c).name());
                    String rawId = id.toString();
                    String policy = policyAt < 0 || row[policyAt] == null ? null : row[policyAt].toString();
                    String keptBy = null;
                    for (int i = 0; i < n; i++) {
                        RuleBinding b = rules.get(i);
                        Object clockValue = clockValue(b.rule(), row, schema, file, rawId);
                        RowDecision decision = decide(b, clockValue, rawId, policy);
                        byDecision.get(i).merge(decision.name(), 1L, Long::sum);
                        LocalDate removal = removalDate(b.rule(), clockValue);
                        if (removal == null) {
                            noClock[i]++;
                        } else {
                            if (first[i] == null || removal.isBefore(first[i])) first[i] = removal;
                            if (last[i] == null || removal.isAfter(last[i])) last[i] = removal;
                        }
                        if (keptBy == null && legalRules.contains(b.rule().id()) && !decision.changesRow())
                            keptBy = b.rule().id();
                    }
                    if (never) continue;
                    if (facts.isUnderLegalHold(rawId, policy, date)) {
                        keptHold++;
                        fileHeld++;
                    } else if (keptBy != null) {
                        keptLegal.merge(keptBy, 1L, Long::sum);
                    } else {
                        erasable++;
                        delete.set(r);
                        if (affected != null) affected.add(rawId);
                    }
                }
            }
            if (fileHeld > 0 || !delete.isEmpty()) pending.add(new FileErasure(file, delete, r, affected, fileHeld));
        }
        // The dataset was read once; its files with erasable rows are rewritten now, in file order (a dataset with
        // nothing erasable changes nothing and records nothing).
        if (erase && commit != null && erasable > 0) {
            for (FileErasure f : pending) {
                if (f.held() > 0) {
                    AffectedCustomers h = new AffectedCustomers(keyedHash);
                    h.add(customer);
                    audit.append(AuditEntry.of(runId, AuditType.RETENTION_SKIPPED_LEGAL_HOLD)
                            .withTarget(RULE, dataset, f.file().relative())
                            .withCustomers(h)
                            .withDetail(f.held() + " row(s) of an erasure request kept: under legal hold"));
                }
                if (!f.delete().isEmpty()) {
                    erased += rewrite(dataset, f.file(), f.delete(), f.rows(), f.affected());
                }
            }
        }
        List<RuleOutlook> outlook = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RetentionRule rule = rules.get(i).rule();
            outlook.add(new RuleOutlook(
                    rule.id(),
                    rule.description(),
                    rule.action().name(),
                    rule.period().toString(),
                    clockText(rule.clock()),
                    byDecision.get(i),
                    first[i] == null ? null : first[i].toString(),
                    last[i] == null ? null : last[i].toString(),
                    noClock[i],
                    legalRules.contains(rule.id())));
        }
        return new DatasetOutcome(
                dataset, key, rows, List.copyOf(held), outlook, erasable, keptHold, keptLegal, erased, never);
    }

    /** One file's part of an erasure, decided while reading it: the row positions to delete and the rows held. */
    private record FileErasure(DatasetFile file, BitSet delete, int rows, AffectedCustomers affected, long held) {}

    private long rewrite(String dataset, DatasetFile file, BitSet delete, int total, AffectedCustomers affected)
            throws IOException {
        if (firstChangeMarker != null) {
            FileSystems.writeReplacing(firstChangeMarker, firstChangeContent, conf);
            firstChangeMarker = null;
        }
        Path source = file.path();
        Path staging = RetentionPaths.staging(source);
        long written = 0;
        try (ParquetRowReader reader = ParquetRowReader.open(source, conf)) {
            RowSchema schema = RowSchema.fromMessageType(reader.fileSchema().toMessageType());
            WriterOptions options = WriterOptions.defaults()
                    .withOverwrite(true)
                    .withMetadata("governance.retention.business.date", date.toString())
                    .withMetadata("governance.retention.rules", RULE);
            try (ParquetRowWriter writer = ParquetRowWriter.open(staging.toString(), schema, options, conf)) {
                int r = 0;
                for (Object[] row = reader.read(); row != null; row = reader.read(), r++) {
                    if (delete.get(r)) continue;
                    writer.write(row);
                    written++;
                }
            }
        }
        long deleted = delete.cardinality();
        AuditEntry decision = AuditEntry.of(runId, AuditType.RETENTION_DECISION)
                .withTarget(RULE, dataset, file.relative())
                .withRowsRemoved(deleted)
                .withCustomers(affected)
                .withDetail("REWRITE: erasure request, " + deleted + " row(s) deleted, " + written + " row(s) kept");
        commit.rewrite(source, RetentionPaths.governed(out, dataset, file.relative()), decision);
        return deleted;
    }

    /** Removes the request's facts snapshot once the request completed (a restart no longer needs it). */
    public static void forgetSnapshot(Configuration conf, String out, String requestId) throws IOException {
        Path dir = new Path(out, "retention/state/subject-" + requestId);
        FileSystems.get(dir, conf).delete(dir, true);
    }

    /** Ends the audit run (enforce) and closes the chain. */
    public void finish(String detail) throws IOException {
        if (audit == null) return;
        audit.append(AuditEntry.of(runId, AuditType.RUN_FINISHED).withDetail(detail));
    }

    /** Closes the audit chain, and the facts' tables (their local folders removed). */
    @Override
    public void close() throws IOException {
        try {
            if (audit != null) audit.close();
        } finally {
            facts.close();
        }
    }

    private Object clockValue(RetentionRule rule, Object[] row, RowSchema schema, DatasetFile file, String customer) {
        RetentionClock clock = rule.clock();
        if (clock instanceof RetentionClock.ContractEnd) {
            return facts.contractRunning(customer) ? null : facts.contractEnd(customer);
        }
        if (clock instanceof RetentionClock.ConsentWithdrawal w) return facts.withdrawnAt(customer, w.purpose());
        String column = clock.column().orElse(null);
        if (column == null) return null;
        int at = schema.indexOf(column);
        Object value = at >= 0 ? row[at] : file.partition().get(column);
        if (value instanceof LocalDateTime t) return t.atZone(zone).toInstant();
        if (value instanceof String s) {
            LocalDate d = RetentionUnitTasklet.date(s);
            if (d != null) return d;
            try {
                return OffsetDateTime.parse(s.trim()).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return value instanceof LocalDate || value instanceof Instant ? value : null;
    }

    private RowDecision decide(RuleBinding b, Object clock, String customer, String policy) {
        RetentionDecider decider = deciders.get(b);
        if (b.rule().clock() instanceof RetentionClock.ContractEnd && facts.contractRunning(customer))
            return decider.notStarted();
        if (b.rule().clock() instanceof RetentionClock.ConsentWithdrawal && clock == null) return decider.notStarted();
        if (clock instanceof LocalDate d) return decider.decide(d, customer, policy, facts);
        if (clock instanceof Instant t) return decider.decide(t, customer, policy, facts);
        return decider.decide((LocalDate) null, customer, policy, facts);
    }

    /** The first business date on which the row is past its period (README: kept through the day clock + period falls on). */
    private LocalDate removalDate(RetentionRule rule, Object clock) {
        var period = rule.period();
        if (clock instanceof LocalDate d) {
            return period.period() != null
                    ? d.plus(period.period()).plusDays(1)
                    : LocalDate.ofInstant(d.atStartOfDay(zone).toInstant().plus(period.duration()), zone)
                            .plusDays(1);
        }
        if (clock instanceof Instant t) {
            return period.period() != null
                    ? LocalDate.ofInstant(t, zone).plus(period.period()).plusDays(1)
                    : LocalDate.ofInstant(t.plus(period.duration()), zone).plusDays(1);
        }
        return null;
    }

    private static String clockText(RetentionClock clock) {
        if (clock instanceof RetentionClock.ContractEnd) return "CONTRACT_END";
        if (clock instanceof RetentionClock.ConsentWithdrawal w) return "CONSENT_WITHDRAWAL of " + w.purpose();
        if (clock instanceof RetentionClock.EventTimeColumn c) return "EVENT_TIME " + c.name();
        if (clock instanceof RetentionClock.CollectionDate c) return "COLLECTION_DATE " + c.name();
        return clock.toString();
    }
}
