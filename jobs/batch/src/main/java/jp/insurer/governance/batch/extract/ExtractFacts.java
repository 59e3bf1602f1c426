package jp.insurer.governance.batch.extract;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.batch.observe.DatasetUse;
import jp.insurer.governance.batch.observe.JobFacts;
import jp.insurer.governance.batch.observe.ReportFiles;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.extract.ExtractManifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * The extract run's numbers for metrics and lineage: rows released and excluded (by reason) per profile,
 * from the run report (itself read back from the published manifests), and failed leak checks from the
 * execution's failures.
 */
@Component
class ExtractFacts implements JobFacts {

    private final Configuration conf;

    ExtractFacts(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public boolean describes(String job) {
        return ExtractJobConfiguration.JOB.equals(job);
    }

    @Override
    public void count(JobExecution execution, MeterRegistry registry) throws IOException {
        for (ExtractReportTasklet.Released r : report(execution).extracts()) {
            Counter.builder("governance.extract.rows.released")
                    .description("Rows released to the recipient of a profile")
                    .tag("profile", r.profile())
                    .tag("purpose", r.purpose())
                    .register(registry)
                    .increment(r.rows());
            for (Map.Entry<String, Long> e : r.excludedRows().entrySet()) {
                Counter.builder("governance.extract.rows.excluded")
                        .description("Rows kept out of an extract, by reason")
                        .tag("profile", r.profile())
                        .tag("reason", e.getKey())
                        .register(registry)
                        .increment(e.getValue());
            }
            if (r.kAchieved() != null) {
                long k = r.kAchieved();
                Gauge.builder("governance.extract.k.achieved", () -> k)
                        .description("Smallest group of people released (k-anonymity)")
                        .tag("profile", r.profile())
                        .register(registry);
            }
        }
    }

    /** A failed leak check fails its profile's step (nothing is published); counted per profile, never with the column's values. */
    @Override
    public void countFailures(JobExecution execution, MeterRegistry registry) {
        for (StepExecution step : execution.getStepExecutions()) {
            String profile = step.getExecutionContext().getString(ExtractParameters.PROFILE, null);
            if (profile == null) continue;
            long leaks = step.getFailureExceptions().stream()
                    .filter(ExtractFacts::isLeak)
                    .count();
            Counter.builder("governance.extract.leak.check.failures")
                    .description("Extracts withheld because the leak check found identifiers")
                    .tag("profile", profile)
                    .register(registry)
                    .increment(leaks);
        }
    }

    private static boolean isLeak(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProfileExtraction.LeakException) return true;
        }
        return false;
    }

    /** The catalog says what the governed zone holds; the datasets each profile reads are known at the end. */
    @Override
    public List<DatasetUse> planned(org.springframework.batch.core.job.parameters.JobParameters parameters) {
        return List.of(DatasetUse.input(
                ExtractPaths.catalog(parameters.getString(SuiteJobParameters.OUT))
                        .toString(),
                List.of()));
    }

    @Override
    public List<DatasetUse> datasets(JobExecution execution) throws IOException {
        String out = execution.getJobParameters().getString(SuiteJobParameters.OUT);
        List<DatasetUse> uses = new ArrayList<>();
        uses.add(DatasetUse.input(ExtractPaths.catalog(out).toString(), List.of()));
        Set<String> sources = new LinkedHashSet<>();
        for (ExtractReportTasklet.Released r : report(execution).extracts()) {
            uses.add(DatasetUse.output(r.folder(), List.of(), r.rows()));
            ExtractManifest manifest =
                    ReportFiles.read(new Path(r.folder(), "manifest.json"), ExtractManifest.class, conf);
            for (ExtractManifest.File f : manifest.files()) {
                int slash = f.path().indexOf('/');
                if (slash > 0) sources.add(f.path().substring(0, slash));
            }
        }
        for (String dataset : sources) {
            // A released dataset is named after its governed source; a renamed one has no source folder to point at.
            Path governed = FileSystems.path(new Path(ExtractPaths.governed(out), dataset).toString());
            if (FileSystems.get(governed, conf).exists(governed))
                uses.add(DatasetUse.input(governed.toString(), List.of()));
        }
        return uses;
    }

    private ExtractReportTasklet.ExtractReport report(JobExecution execution) throws IOException {
        String out = execution.getJobParameters().getString(SuiteJobParameters.OUT);
        String date = execution.getJobParameters().getString(SuiteJobParameters.DATE);
        return ReportFiles.read(ExtractPaths.report(out, date, "json"), ExtractReportTasklet.ExtractReport.class, conf);
    }
}
