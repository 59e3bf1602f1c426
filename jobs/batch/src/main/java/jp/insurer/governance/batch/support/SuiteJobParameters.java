package jp.insurer.governance.batch.support;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * The parameters every job takes (README "Running jobs"): {@code date} (business date, ISO), {@code data}
 * (raw zone root) and {@code out} (output root), plus each job's own. Unknown names are rejected
 * rather than ignored: a misspelt {@code mode=enforce} must not silently run a dry run.
 */
public final class SuiteJobParameters implements JobParametersValidator {

    public static final String DATE = "date";
    public static final String DATA = "data";
    public static final String OUT = "out";
    /** Added by {@code --rerun} to make a new instance of an already completed run. */
    public static final String RUN_ID = "run.id";
    /** Added (not identifying) by {@code --allow-mass-delete}: this execution may exceed the retention safety valve. */
    public static final String ALLOW_MASS_DELETE = "allow.mass.delete";

    private final Set<String> allowed;
    private final Configuration hadoop;

    public SuiteJobParameters(Configuration hadoop, String... jobSpecific) {
        this.hadoop = hadoop;
        this.allowed = new TreeSet<>(Set.of(DATE, DATA, OUT, RUN_ID, ALLOW_MASS_DELETE));
        this.allowed.addAll(Set.of(jobSpecific));
    }

    public Set<String> allowed() {
        return allowed;
    }

    @Override
    public void validate(JobParameters parameters) throws InvalidJobParametersException {
        for (var p : parameters) {
            if (!allowed.contains(p.name())) {
                throw new InvalidJobParametersException(
                        "unknown job parameter '" + p.name() + "'; this job takes " + allowed);
            }
        }
        String date = parameters.getString(DATE);
        try {
            LocalDate.parse(date == null ? "" : date);
        } catch (DateTimeParseException e) {
            throw new InvalidJobParametersException(
                    "job parameter 'date' must be an ISO date (YYYY-MM-DD), got '" + date + "'");
        }
        String data = parameters.getString(DATA);
        try {
            Path root = new Path(data);
            FileSystem fs = root.getFileSystem(hadoop);
            if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
                throw new InvalidJobParametersException("data folder does not exist: " + data);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidJobParametersException(
                    "data folder cannot be opened: " + data + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            // An unreachable cluster or a permission problem is exit 1 (retry later), not a bad command line.
            throw new java.io.UncheckedIOException(
                    "data folder cannot be read: " + data + " (" + e.getMessage() + ")", e);
        }
        if (parameters.getString(OUT) == null || parameters.getString(OUT).isBlank()) {
            throw new InvalidJobParametersException("job parameter 'out' must name the output root");
        }
    }

    public static LocalDate businessDate(JobParameters parameters) {
        return LocalDate.parse(parameters.getString(DATE));
    }
}
