package jp.insurer.governance.batch.tag;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.observe.DatasetUse;
import jp.insurer.governance.batch.observe.JobFacts;
import jp.insurer.governance.batch.observe.ReportFiles;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import org.apache.hadoop.conf.Configuration;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/**
 * The tag run's numbers for metrics and lineage, read back from the catalog and the report it wrote:
 * records per purpose and consent state, records tagged, ledger lines and datasets quarantined.
 */
@Component
class TagFacts implements JobFacts {

    private final Configuration conf;
    private final SuiteProperties properties;

    TagFacts(Configuration conf, SuiteProperties properties) {
        this.conf = conf;
        this.properties = properties;
    }

    @Override
    public boolean describes(String job) {
        return TagJobConfiguration.JOB.equals(job);
    }

    @Override
    public void count(JobExecution execution, MeterRegistry registry) throws IOException {
        String out = execution.getJobParameters().getString(SuiteJobParameters.OUT);
        String date = execution.getJobParameters().getString(SuiteJobParameters.DATE);
        Catalog catalog = ReportFiles.read(TagPaths.catalog(out, "catalog.json"), Catalog.class, conf);
        TagReport report = ReportFiles.read(TagPaths.report(out, date, "json"), TagReport.class, conf);
        for (Catalog.Entry e : catalog.datasets()) {
            if (e.rowsByConsent() != null) {
                e.rowsByConsent()
                        .forEach((purpose, byState) ->
                                byState.forEach((state, n) -> Gauge.builder("governance.consent.records", () -> n)
                                        .description(
                                                "Records of a dataset in each consent state of a purpose (NO_CUSTOMER: linked to nobody)")
                                        .tag("dataset", e.name())
                                        .tag("purpose", purpose)
                                        .tag("state", state)
                                        .register(registry)));
            }
            if ("QUARANTINED".equals(e.status())) {
                Counter.builder("governance.quarantined.datasets")
                        .description("Datasets left untagged because a file could not be read")
                        .tag("dataset", e.name())
                        .register(registry)
                        .increment();
            }
        }
        for (Map.Entry<String, Long> e : report.rowsTagged().entrySet()) {
            Counter.builder("governance.tag.records")
                    .description("Records tagged into the governed zone")
                    .tag("dataset", e.getKey())
                    .register(registry)
                    .increment(e.getValue());
        }
        String ledger = properties.tag().consentLedger();
        Counter.builder("governance.consent.ledger.events")
                .description("Consent ledger lines read up to the business date")
                .tag("dataset", ledger)
                .register(registry)
                .increment(report.consentEvents());
        for (Map.Entry<String, Long> e : report.quarantinedByReason().entrySet()) {
            Counter.builder("governance.quarantined.records")
                    .description("Lines or records quarantined, by reason")
                    .tag("dataset", ledger)
                    .tag("reason", e.getKey())
                    .register(registry)
                    .increment(e.getValue());
        }
        long uncertain = report.uncertainCustomers();
        Gauge.builder("governance.consent.uncertain.customers", () -> uncertain)
                .description("Customers whose consent to at least one purpose is UNCERTAIN")
                .register(registry);
    }

    /** Every dataset folder of the raw zone is read (the ledger included). */
    @Override
    public List<DatasetUse> planned(org.springframework.batch.core.job.parameters.JobParameters parameters)
            throws IOException {
        org.apache.hadoop.fs.Path data =
                jp.insurer.governance.parquet.FileSystems.path(parameters.getString(SuiteJobParameters.DATA));
        List<DatasetUse> uses = new ArrayList<>();
        for (org.apache.hadoop.fs.FileStatus status :
                jp.insurer.governance.parquet.FileSystems.get(data, conf).listStatus(data)) {
            String name = status.getPath().getName();
            if (status.isDirectory() && !name.startsWith(".") && !name.startsWith("_")) {
                uses.add(DatasetUse.input(status.getPath().toString(), List.of()));
            }
        }
        return uses;
    }

    @Override
    public List<DatasetUse> datasets(JobExecution execution) throws IOException {
        String out = execution.getJobParameters().getString(SuiteJobParameters.OUT);
        String data = execution.getJobParameters().getString(SuiteJobParameters.DATA);
        Catalog catalog = ReportFiles.read(TagPaths.catalog(out, "catalog.json"), Catalog.class, conf);
        List<DatasetUse> uses = new ArrayList<>();
        uses.add(DatasetUse.input(
                new org.apache.hadoop.fs.Path(data, properties.tag().consentLedger()).toString(), List.of()));
        for (Catalog.Entry e : catalog.datasets()) {
            List<DatasetUse.Column> columns = e.columns() == null
                    ? List.of()
                    : e.columns().stream()
                            .map(c -> new DatasetUse.Column(c.name(), c.physicalType()))
                            .toList();
            uses.add(DatasetUse.input(e.uri(), columns));
            if ("TAGGED".equals(e.status())) {
                uses.add(DatasetUse.output(
                        new org.apache.hadoop.fs.Path(TagPaths.governed(out), e.name()).toString(),
                        List.of(),
                        e.rows()));
            }
        }
        uses.add(DatasetUse.output(TagPaths.catalog(out, "catalog.json").toString(), List.of(), null));
        return uses;
    }
}
