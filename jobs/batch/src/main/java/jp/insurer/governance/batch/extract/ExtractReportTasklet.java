package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.insurer.governance.batch.support.JobRunner;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.support.ReportPages;
import jp.insurer.governance.batch.support.ReportWriter;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.extract.ExtractManifest;
import jp.insurer.governance.policy.extract.ExtractProfiles;
import jp.insurer.governance.policy.extract.RecordVerdict;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * {@code reports/extract-DATE.json} and {@code .html}: per released extract its folder, rows, k
 * achieved, risk and excluded rows by reason, read back from the published manifests (so the report
 * describes what recipients actually get). Counts and names only; no values.
 */
class ExtractReportTasklet implements Tasklet {

    /** One extract in the report. */
    record Released(
            String extractId,
            String profile,
            String recipient,
            String purpose,
            String folder,
            long rows,
            int k,
            Long kAchieved,
            ExtractManifest.Risk risk,
            Map<String, Long> excludedRows,
            ExtractManifest.ConsentInputs consentInputs) {}

    record ExtractReport(String businessDate, String policyVersion, List<Released> extracts) {}

    private final SuiteProperties properties;
    private final Policy policy;
    private final Configuration conf;

    ExtractReportTasklet(SuiteProperties properties, Policy policy, Configuration conf) {
        this.properties = properties;
        this.policy = policy;
        this.conf = conf;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        var parameters = stepExecution.getJobParameters();
        String out = parameters.getString(SuiteJobParameters.OUT);
        String date = parameters.getString(SuiteJobParameters.DATE);
        ExtractProfiles profiles = ExtractProfiles.load(Path.of(properties.config()), policy);
        List<Released> released = new ArrayList<>();
        List<String> selected = ExtractParameters.selected(profiles, parameters.getString(ExtractParameters.PROFILE));
        for (String name : profiles.profiles().keySet()) {
            String id = ExtractPaths.extractId(name, java.time.LocalDate.parse(date));
            org.apache.hadoop.fs.Path folder =
                    FileSystems.path(ExtractPaths.release(out, id).toString());
            FileSystem fs = FileSystems.get(folder, conf);
            // The report of a date lists every extract released for it: a run of one profile (the nightly
            // makes one profile per step) must not drop the others released earlier that night.
            if (!selected.contains(name) && !fs.exists(new org.apache.hadoop.fs.Path(folder, "manifest.json")))
                continue;
            ExtractManifest m;
            try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(folder, "manifest.json"))) {
                m = Json.MAPPER.readValue(in, ExtractManifest.class);
            }
            released.add(new Released(
                    id,
                    name,
                    m.recipient().name() + " (" + m.recipient().kind() + ")",
                    m.purpose(),
                    folder.toString(),
                    m.files().stream().mapToLong(ExtractManifest.File::rows).sum(),
                    m.k(),
                    m.kAchieved(),
                    m.risk(),
                    m.excludedRows(),
                    m.consentInputs()));
        }
        ExtractReport report = new ExtractReport(date, policy.version(), released);
        ReportWriter.write(ExtractPaths.report(out, date, "json"), report, html(report), conf);

        StringBuilder summary = new StringBuilder();
        for (Released r : released) {
            summary.append(String.format(
                    Locale.ROOT,
                    "  %-45s %8d rows, k=%d achieved %s, excluded: %s%n",
                    r.extractId(),
                    r.rows(),
                    r.k(),
                    r.kAchieved() == null ? "-" : r.kAchieved().toString(),
                    byReason(r.excludedRows())));
            if (r.consentInputs() != null)
                summary.append(consentLine(r.consentInputs())).append('\n');
        }
        summary.append("  extracts: ")
                .append(ExtractPaths.extracts(out))
                .append('/')
                .append('\n');
        summary.append("  report:   ")
                .append(ExtractPaths.report(out, date, "json"))
                .append(", .html\n");
        stepExecution.getJobExecution().getExecutionContext().putString(JobRunner.SUMMARY, summary.toString());
        return RepeatStatus.FINISHED;
    }

    /** Counts only: what the consent ledger could not settle, and the records that touched. */
    static String consentLine(ExtractManifest.ConsentInputs c) {
        return String.format(
                Locale.ROOT,
                "    consent ledger: %d lines quarantined (%s), %d customers uncertain, %s ledger customers "
                        + "not in the customer master; records tagged uncertain: %s",
                c.ledgerLinesQuarantined(),
                byReason(c.ledgerQuarantinedByReason()),
                c.customersUncertain(),
                c.ledgerCustomersUnmatched() == null
                        ? "(not checked)"
                        : c.ledgerCustomersUnmatched().toString(),
                uncertainRecords(c.uncertainRecords()));
    }

    /** "claims: MARKETING 3; web_events: ANALYTICS 10, MARKETING 2" (per consent read): datasets with any, in order. */
    static String uncertainRecords(Map<String, Map<String, Long>> perDataset) {
        if (perDataset == null) return "not counted";
        String line = perDataset.entrySet().stream()
                .map(d -> Map.entry(
                        d.getKey(),
                        d.getValue().entrySet().stream()
                                .filter(e -> e.getValue() != null && e.getValue() > 0)
                                .toList()))
                .filter(d -> !d.getValue().isEmpty())
                .map(d -> d.getKey() + ": "
                        + d.getValue().stream()
                                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                                .collect(java.util.stream.Collectors.joining(", ")))
                .collect(java.util.stream.Collectors.joining("; "));
        return line.isEmpty() ? "none" : line;
    }

    /** Reasons the console names in words where their code says it poorly. */
    private static final Map<String, String> REASON_WORDS = Map.of(
            RecordVerdict.CONSENT_NOT_GIVEN.name(),
            "no consent",
            RecordVerdict.CONSENT_UNCERTAIN.name(),
            "uncertain consent",
            RecordVerdict.CONSENT_NOT_INFORMED_FOR_COUNTRY.name(),
            "consent not informed of the recipient's country",
            ExtractManifest.K_ANONYMITY,
            "suppressed for k-anonymity",
            ExtractManifest.K_ANONYMITY_CUSTOMER,
            "suppressed for k-anonymity of customers");

    /**
     * Counts by reason as a line for the console ("12 no consent, 3 uncertain consent"), in the report's order,
     * reasons with no row left out; counts and reason codes only, never a value.
     */
    static String byReason(Map<String, Long> counts) {
        if (counts == null) return "not counted";
        String line = counts.entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue() > 0)
                .map(e -> String.format(
                        Locale.ROOT,
                        "%,d %s",
                        e.getValue(),
                        REASON_WORDS.getOrDefault(
                                e.getKey(), e.getKey().toLowerCase(Locale.ROOT).replace('_', ' '))))
                .collect(java.util.stream.Collectors.joining(", "));
        return line.isEmpty() ? "none" : line;
    }

    /** The page's view of one extract: excluded rows as one count per reason of the whole report, in the same order. */
    record ExtractRow(
            String extractId,
            String recipient,
            String purpose,
            long rows,
            int k,
            String kAchieved,
            String risk,
            List<Long> excluded,
            long excludedTotal,
            String consent) {}

    record Page(
            String policyVersion,
            int extractCount,
            boolean hasReasons,
            List<String> reasons,
            List<ExtractRow> extracts) {}

    /** {@code reports/extract-DATE.html} (template {@code reports/extract}). */
    static String html(ExtractReport report) {
        java.util.Set<String> reasons = new java.util.LinkedHashSet<>();
        report.extracts().forEach(r -> reasons.addAll(r.excludedRows().keySet()));
        List<ExtractRow> rows = new ArrayList<>();
        for (Released r : report.extracts()) {
            List<Long> excluded = reasons.stream()
                    .map(reason -> r.excludedRows().getOrDefault(reason, 0L))
                    .toList();
            rows.add(new ExtractRow(
                    r.extractId(),
                    r.recipient(),
                    r.purpose(),
                    r.rows(),
                    r.k(),
                    r.kAchieved() == null ? "-" : r.kAchieved().toString(),
                    String.format(Locale.ROOT, "%.4f", r.risk().prosecutorMax()),
                    excluded,
                    excluded.stream().mapToLong(Long::longValue).sum(),
                    r.consentInputs() == null
                            ? "not reported by the tag run"
                            : consentLine(r.consentInputs()).strip()));
        }
        return ReportPages.render(
                "extract",
                "Research extracts " + report.businessDate(),
                "ja",
                new Page(report.policyVersion(), rows.size(), !reasons.isEmpty(), List.copyOf(reasons), rows));
    }
}
