package jp.insurer.governance.batch.subject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import jp.insurer.governance.batch.retention.SubjectErasure;
import jp.insurer.governance.batch.support.GracefulStop;
import jp.insurer.governance.batch.support.JobRunner;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.support.RefusedException;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.batch.tag.Catalog;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.policy.classify.ClassificationPolicy;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.subject.SubjectRequestPolicy;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * One data-subject request, start to end: finds the customer's records in the raw and governed zones,
 * their consent history and provisions, what retention does to them; then does what the action asks
 * (stop-use / stop-provision: withdrawals appended to the ledger; erase: deletion through retention's
 * commit protocol) and writes the report to {@code OUT/subject-requests/REQUEST/}. Logs name the request,
 * never the customer.
 *
 * <p>Safe to run again for the same request (restart after a kill): the withdrawal file is named after the
 * request and found again; an erasure recovers retention's journal and deletes what is left.
 */
final class SubjectRequestTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(SubjectRequestTasklet.class);
    /** Marks a request whose erasure began: a restart goes on even when no record is left to find. */
    static final String ERASE_STARTED = "erase-started";

    private final Configuration conf;
    private final Policy policy;
    private final ClassificationPolicy classification;
    private final SuiteProperties properties;
    private final java.nio.file.Path configDir;
    private final Map<String, String> environment;

    SubjectRequestTasklet(
            Configuration conf,
            Policy policy,
            ClassificationPolicy classification,
            SuiteProperties properties,
            java.nio.file.Path configDir,
            Map<String, String> environment) {
        this.conf = conf;
        this.policy = policy;
        this.classification = classification;
        this.properties = properties;
        this.configDir = configDir;
        this.environment = environment;
    }

    static Path folder(String out, String request) {
        return new Path(out, "subject-requests/" + request);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
            throws IOException, org.springframework.batch.core.job.JobInterruptedException {
        var step = chunkContext.getStepContext().getStepExecution();
        var parameters = step.getJobParameters();
        String data = parameters.getString(SuiteJobParameters.DATA);
        String out = parameters.getString(SuiteJobParameters.OUT);
        LocalDate date = SuiteJobParameters.businessDate(parameters);
        String request = parameters.getString(SubjectRequestParameters.REQUEST);
        String action = parameters.getString(SubjectRequestParameters.ACTION);
        boolean erase = SubjectRequestParameters.ERASE.equals(action);
        boolean enforce = SubjectRequestParameters.enforce(parameters);
        String customer = policy.customerKeys().normalize(parameters.getString(SubjectRequestParameters.CUSTOMER));
        SubjectRequestPolicy config = SubjectRequestParameters.policy(configDir, policy);
        List<String> purposes =
                policy.purposes().stream().map(ConsentPurpose::id).toList();
        Path folder = folder(out, request);
        FileSystem fs = FileSystems.get(folder, conf);
        Path started = new Path(folder, ERASE_STARTED);
        List<String> notes = new ArrayList<>();

        try (SubjectErasure records = SubjectErasure.open(
                conf, data, out, date, configDir, policy, classification, properties, environment, request, enforce)) {
            if (records.recovered() > 0) {
                notes.add(records.recovered()
                        + " interrupted change(s) of an earlier run finished or abandoned first (retention's journal)");
            }
            boolean held = records.underCustomerHold(customer);
            Set<String> legal = Set.copyOf(config.legalRetentionRules());
            // One pass over the raw zone: what is there and what retention does, and for an enforced erasure each
            // dataset's erasable rows deleted once it was read (each rewrite committed or journaled before the next).
            boolean eraseNow = erase && enforce && !held;
            // Written just before the first change (and kept after an erasure that changed nothing, as the request's
            // mark that its erasure ran): a restart goes on even when no record is left to find.
            byte[] startedMark = ("request " + request + "\n").getBytes(StandardCharsets.UTF_8);
            if (eraseNow) records.markFirstChange(started, startedMark);
            List<SubjectErasure.DatasetOutcome> found = new ArrayList<>();
            long total = 0;
            for (String dataset : records.datasets()) {
                GracefulStop.checkpoint(); // between datasets: every rewrite so far is committed or journaled
                SubjectErasure.DatasetOutcome o = records.examine(
                        dataset, customer, legal, config.neverErase().contains(dataset), eraseNow);
                if (o == null) continue;
                total += o.rows();
                found.add(o);
            }
            if (total == 0 && !fs.exists(started)) {
                throw new RefusedException(
                        "unknown customer: no record of the requested customer in any dataset of the raw zone"
                                + " (after customer_keys normalization); nothing was changed");
            }
            SubjectReport.Erasure erasure = null;
            if (erase) {
                long erasable = found.stream()
                        .mapToLong(SubjectErasure.DatasetOutcome::erasable)
                        .sum();
                long erased = found.stream()
                        .mapToLong(SubjectErasure.DatasetOutcome::erased)
                        .sum();
                if (eraseNow) {
                    FileSystems.writeReplacing(started, startedMark, conf);
                    records.finish("subject-request erase: " + erased + " row(s) erased");
                } else if (enforce) {
                    records.finish("subject-request erase refused: customer under legal hold, nothing erased");
                }
                long keptHold = held
                        ? found.stream()
                                .filter(o -> !o.neverErased())
                                .mapToLong(SubjectErasure.DatasetOutcome::rows)
                                .sum()
                        : found.stream()
                                .mapToLong(SubjectErasure.DatasetOutcome::keptLegalHold)
                                .sum();
                Map<String, Long> keptLegal = new TreeMap<>();
                if (!held)
                    found.forEach(o -> o.keptByLegalRetention().forEach((k, v) -> keptLegal.merge(k, v, Long::sum)));
                List<String> never = found.stream()
                        .filter(SubjectErasure.DatasetOutcome::neverErased)
                        .filter(o -> o.rows() > 0)
                        .map(SubjectErasure.DatasetOutcome::dataset)
                        .toList();
                erasure = new SubjectReport.Erasure(
                        enforce ? "enforce" : "dry-run",
                        held,
                        held ? 0 : erasable,
                        erased,
                        keptHold,
                        keptLegal,
                        never,
                        records.recovered());
                if (held)
                    notes.add("the customer is under legal hold: nothing is erased; the hold wins over the request");
                if (enforce && erased > 0)
                    notes.add("run tag next: the governed copies of the rewritten files were removed");
            }

            SubjectLedger ledger = new SubjectLedger(
                    conf,
                    data,
                    properties.tag().consentLedger(),
                    properties.tag().ledgerColumns(),
                    policy.customerKeys());
            List<SubjectReport.Withdrawal> withdrawals = List.of();
            List<SubjectLedger.Line> lines =
                    ledger.lines(customer); // the ledger read once; a withdrawal adds its own lines
            if (SubjectRequestPolicy.STOP_USE.equals(action) || SubjectRequestPolicy.STOP_PROVISION.equals(action)) {
                String version = lines.stream()
                        .map(l -> l.line().documentVersion())
                        .filter(v -> v != null && !v.isBlank())
                        .reduce((a, b) -> b)
                        .orElse(null);
                SubjectLedger.Appended appended =
                        ledger.withdraw(customer, request, config.purposes(action), version, Instant.now());
                withdrawals = appended.withdrawals();
                lines = SubjectLedger.with(lines, appended);
                notes.add("withdrawals of " + config.purposes(action) + " recorded in the consent ledger ("
                        + SubjectRequestPolicy.FILE + " actions." + action
                        + "); tag honours them for every business date from their time on");
            }
            SubjectReport.Consent consent = ledger.consent(customer, lines, purposes, date, properties.zone());
            SubjectReport.Provisions provided = ProvisionLookup.provisionsOf(customer, out, conf);
            if (!SubjectRequestParameters.DISCLOSE.equals(action)
                    && !provided.extracts().isEmpty()) {
                long recipients = provided.extracts().stream()
                        .map(x -> x.get("recipient"))
                        .distinct()
                        .count();
                notes.add(provided.extracts().size() + " past release(s) to " + recipients
                        + " recipient(s) hold this customer's data (provisions below): notify them of the request");
            }

            List<SubjectReport.DatasetHeld> held_ = new ArrayList<>();
            Map<String, Map<String, List<String>>> catalogCategories = catalogCategories(out);
            for (SubjectErasure.DatasetOutcome o : found) {
                long governed = governedRows(out, o.dataset(), o.customerColumn(), customer);
                if (o.rows() == 0 && governed == 0) continue;
                Set<String> categories = new TreeSet<>();
                Map<String, List<String>> byColumn = catalogCategories.get(o.dataset());
                for (String column : o.columnsHeld()) {
                    if (byColumn != null && byColumn.containsKey(column)) categories.addAll(byColumn.get(column));
                }
                if (byColumn == null)
                    classification.datasetCategories(o.dataset()).forEach(c -> categories.add(c.name()));
                held_.add(new SubjectReport.DatasetHeld(
                        o.dataset(),
                        o.customerColumn(),
                        o.rows(),
                        governed,
                        o.columnsHeld(),
                        List.copyOf(categories),
                        o.retention()));
            }
            SubjectReport report = new SubjectReport(
                    request,
                    action,
                    erase ? (enforce ? "enforce" : "dry-run") : null,
                    date.toString(),
                    Instant.now().toString(),
                    policy.version(),
                    customer,
                    held,
                    held_,
                    consent,
                    withdrawals,
                    provided,
                    erasure,
                    notes);
            write(folder, report);
            String summary = summary(report, folder);
            step.getJobExecution().getExecutionContext().putString(JobRunner.SUMMARY, summary);
            log.info("subject request {} ({}): report written to {}", request, action, folder);
            if (erasure != null
                    && enforce
                    && (erasure.keptLegalHold() > 0
                            || !erasure.keptByLegalRetention().isEmpty())) {
                contribution.setExitStatus(new ExitStatus(
                        JobRunner.COMPLETED_WITH_SKIPS, "records kept under legal hold or legal retention"));
            }
        }
        SubjectErasure.forgetSnapshot(conf, out, request);
        contribution.incrementReadCount();
        return RepeatStatus.FINISHED;
    }

    private void write(Path folder, SubjectReport report) throws IOException {
        FileSystems.writeReplacing(new Path(folder, "request.json"), Json.MAPPER.writeValueAsBytes(report), conf);
        FileSystems.writeReplacing(
                new Path(folder, "request.html"),
                SubjectReportHtml.render(report).getBytes(StandardCharsets.UTF_8),
                conf);
    }

    private static String summary(SubjectReport r, Path folder) {
        StringBuilder s = new StringBuilder();
        s.append("subject request ")
                .append(r.request())
                .append(" (")
                .append(r.action())
                .append(r.mode() == null ? "" : " " + r.mode())
                .append("): records in ")
                .append(r.datasets().size())
                .append(" dataset(s)");
        if (!r.withdrawals().isEmpty())
            s.append(", ").append(r.withdrawals().size()).append(" withdrawal(s) recorded");
        if (r.provisions().available())
            s.append(", provided in ").append(r.provisions().extracts().size()).append(" extract(s)");
        SubjectReport.Erasure e = r.erasure();
        if (e != null) {
            if (e.refusedUnderLegalHold()) s.append(", under legal hold: nothing erased");
            else if ("enforce".equals(e.mode()))
                s.append(", ").append(e.erasedRows()).append(" row(s) erased");
            else s.append(", ").append(e.erasableRows()).append(" row(s) would be erased (dry run)");
            long kept = e.keptLegalHold()
                    + e.keptByLegalRetention().values().stream()
                            .mapToLong(Long::longValue)
                            .sum();
            if (kept > 0) s.append(", ").append(kept).append(" kept (legal hold or legal retention)");
        }
        s.append("\n  report: ").append(new Path(folder, "request.json")).append(" and request.html\n");
        return s.toString();
    }

    /** Rows of the customer in the governed zone's copy of the dataset (its key column as in the raw zone). */
    private long governedRows(String out, String dataset, String keyColumn, String customer) throws IOException {
        Path root = new Path(FileSystems.path(out), "governed/" + dataset);
        if (!FileSystems.get(root, conf).exists(root)) return 0;
        long rows = 0;
        for (DatasetFile file : new DatasetLayout(conf).files(root)) {
            try (ParquetRowReader reader = ParquetRowReader.open(file.path(), conf)) {
                int at = reader.schema().indexOf(keyColumn);
                if (at < 0) continue;
                for (Object[] row = reader.read(); row != null; row = reader.read()) {
                    if (row[at] != null && customer.equals(policy.customerKeys().normalizeValue(row[at]))) rows++;
                }
            }
        }
        return rows;
    }

    /** dataset → column → acquisition categories from the last tag run's catalog; empty without one. */
    private Map<String, Map<String, List<String>>> catalogCategories(String out) throws IOException {
        Path file = new Path(out, "catalog/catalog.json");
        FileSystem fs = FileSystems.get(file, conf);
        Map<String, Map<String, List<String>>> m = new TreeMap<>();
        if (!fs.exists(file)) return m;
        try (InputStream in = fs.open(file)) {
            Catalog catalog = Json.MAPPER.readValue(in, Catalog.class);
            for (Catalog.Entry entry : catalog.datasets()) {
                Map<String, List<String>> columns = new TreeMap<>();
                for (Catalog.Column c : entry.columns())
                    columns.put(c.name(), List.copyOf(new LinkedHashSet<>(c.categories())));
                m.put(entry.name(), columns);
            }
        } catch (RuntimeException e) {
            throw new IOException("catalog " + file + " is unreadable: " + e.getMessage(), e);
        }
        return m;
    }
}
