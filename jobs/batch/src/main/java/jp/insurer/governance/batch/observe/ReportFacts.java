package jp.insurer.governance.batch.observe;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.parquet.FileSystems;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.core.job.JobExecution;

/**
 * The facts of one job that leaves a JSON report per run: which job it describes, its report read back into
 * the report's record (from any file system), and the dataset folders named in it; the subclass says where
 * the report is and what its numbers and datasets are.
 *
 * @param <R> the report's record
 */
public abstract class ReportFacts<R> implements JobFacts {

    /** Where the reports, catalogs and datasets are read (local or HDFS). */
    protected final Configuration conf;

    private final String job;
    private final Class<R> reportType;

    protected ReportFacts(String job, Class<R> reportType, Configuration conf) {
        this.job = job;
        this.reportType = reportType;
        this.conf = conf;
    }

    @Override
    public final boolean describes(String name) {
        return job.equals(name);
    }

    /** The report this execution wrote. */
    protected abstract Path reportFile(JobExecution execution) throws IOException;

    /** This execution's report, read back. */
    protected final R report(JobExecution execution) throws IOException {
        return read(reportFile(execution), reportType);
    }

    /** A JSON file a job wrote (report, catalog, manifest), read back into its record. */
    protected final <T> T read(Path file, Class<T> type) throws IOException {
        Path qualified = FileSystems.path(file.toString());
        try (InputStream in = FileSystems.get(qualified, conf).open(qualified)) {
            return Json.MAPPER.readValue(in, type);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IOException(
                    "report " + file + " cannot be read as " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The execution's {@code out}, {@code data} or {@code date} parameter (by its name in {@link SuiteJobParameters}). */
    protected static String parameter(JobExecution execution, String name) {
        return execution.getJobParameters().getString(name);
    }

    /** The dataset folders {@code names} under {@code root}, as inputs (columns not known). */
    protected static List<DatasetUse> inputs(String root, Collection<String> names) {
        return names.stream()
                .map(d -> DatasetUse.input(new Path(root, d).toString(), List.of()))
                .toList();
    }

    /** The dataset folders {@code names} under {@code root}, as outputs (columns and rows not known). */
    protected static List<DatasetUse> outputs(String root, Collection<String> names) {
        return names.stream()
                .map(d -> DatasetUse.output(new Path(root, d).toString(), List.of(), null))
                .toList();
    }
}
