package jp.insurer.governance.batch.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import jp.insurer.governance.batch.support.JobRunner;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.support.ReportWriter;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.config.Policy;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Assembles the staged dataset descriptions into the JSON and HTML reports, then prints a summary. */
class InventoryReportTasklet implements Tasklet {

    private final String out;
    private final String data;
    private final String date;
    private final Path staging;
    private final Configuration conf;
    private final Policy policy;

    InventoryReportTasklet(String out, String data, String date, Path staging, Configuration conf, Policy policy) {
        this.out = out;
        this.data = data;
        this.date = date;
        this.staging = staging;
        this.conf = conf;
        this.policy = policy;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        FileSystem fs = FileSystems.get(staging, conf);
        List<DatasetInventory> datasets = new ArrayList<>();
        if (fs.exists(staging)) {
            FileStatus[] staged = fs.listStatus(staging, p -> p.getName().endsWith(".json"));
            Arrays.sort(staged, Comparator.comparing(s -> s.getPath().getName()));
            for (FileStatus s : staged) {
                try (InputStream in = fs.open(s.getPath())) {
                    datasets.add(Json.MAPPER.readValue(in, DatasetInventory.class));
                }
            }
        }
        long executionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
        InventoryReport report = new InventoryReport(
                InventoryJobConfiguration.JOB,
                date,
                data,
                policy.version(),
                executionId,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                InventoryReport.Totals.of(datasets),
                datasets);

        Path json = InventoryPaths.report(out, date, "json");
        Path html = InventoryPaths.report(out, date, "html");
        ReportWriter.write(json, report, InventoryHtml.render(report), conf);
        fs.delete(staging, true);

        chunkContext
                .getStepContext()
                .getStepExecution()
                .getJobExecution()
                .getExecutionContext()
                .putString(JobRunner.SUMMARY, summary(report, json, html));
        if (report.totals().unreadableFiles() > 0) {
            contribution.setExitStatus(new ExitStatus(
                    JobRunner.COMPLETED_WITH_SKIPS, report.totals().unreadableFiles() + " unreadable files"));
        }
        return RepeatStatus.FINISHED;
    }

    static String summary(InventoryReport report, Path json, Path html) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                "Inventory of %s for %s (policy %s)%n",
                report.dataRoot(), report.businessDate(), report.policyVersion()));
        s.append(String.format(
                "  %-22s %8s %11s %14s %12s %8s  %s%n",
                "dataset", "files", "partitions", "rows", "size", "columns", "notes"));
        for (DatasetInventory d : report.datasets()) {
            List<String> notes = new ArrayList<>();
            if (!d.unreadable().isEmpty()) notes.add(d.unreadable().size() + " unreadable files");
            if (d.hasSchemaDrift()) notes.add("schema differs between files");
            if (d.files().isEmpty() && d.unreadable().isEmpty()) notes.add("no data files");
            s.append(String.format(
                    "  %-22s %8d %11d %,14d %12s %8d  %s%n",
                    d.name(),
                    d.files().size(),
                    d.partitions().size(),
                    d.rows(),
                    humanBytes(d.bytes()),
                    d.columns().size(),
                    String.join("; ", notes)));
        }
        InventoryReport.Totals t = report.totals();
        s.append(String.format(
                "  %d datasets, %d files, %,d rows, %s%s%n",
                t.datasets(),
                t.files(),
                t.rows(),
                humanBytes(t.bytes()),
                t.unreadableFiles() > 0 ? ", " + t.unreadableFiles() + " unreadable files" : ""));
        s.append("  report: ").append(json).append(System.lineSeparator());
        s.append("          ").append(html).append(System.lineSeparator());
        return s.toString();
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f %s", value, units[unit]);
    }
}
