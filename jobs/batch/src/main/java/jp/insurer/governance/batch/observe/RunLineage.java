package jp.insurer.governance.batch.observe;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.CompositeConfig;
import io.openlineage.client.transports.CompositeTransport;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.TransportConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.insurer.governance.batch.support.ExitCode;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.parquet.FileSystems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/**
 * OpenLineage run events of each job execution: START when it begins, COMPLETE, FAIL or ABORT (stopped on
 * request) when it ends, with the datasets it read and wrote (namespace: the file system, name: the path;
 * column names and types; rows written). Sent through the OpenLineage client's own transports: appended to
 * {@code DATE.jsonl} in a local folder by default, and to an HTTP endpoint when one is configured.
 * Counts, names and types only: no value, no customer; a failure's event names the exception types, not
 * their messages.
 */
@Component
public class RunLineage {

    private static final Logger log = LoggerFactory.getLogger(RunLineage.class);

    /** Identifies this suite as the events' producer (OpenLineage asks for a URI). */
    static final URI PRODUCER = URI.create("https://insurer.jp/governance-suite/batch");

    private final SuiteProperties properties;
    private final List<JobFacts> facts;
    private final OpenLineage openLineage = new OpenLineage(PRODUCER);

    RunLineage(SuiteProperties properties, List<JobFacts> facts) {
        this.properties = properties;
        this.facts = facts;
    }

    public void started(JobExecution execution) {
        List<DatasetUse> planned = new ArrayList<>();
        String job = execution.getJobInstance().getJobName();
        for (JobFacts f : facts) {
            if (!f.describes(job)) continue;
            try {
                planned.addAll(f.planned(execution.getJobParameters()));
            } catch (java.io.IOException | RuntimeException e) {
                log.warn(
                        "lineage START of {} execution {}: inputs not listed ({})",
                        job,
                        execution.getId(),
                        e.getClass().getSimpleName());
            }
        }
        emit(execution, event(execution, OpenLineage.RunEvent.EventType.START, planned, null));
    }

    public void finished(JobExecution execution, ExitCode exit) {
        OpenLineage.RunEvent.EventType type = execution.getStatus() == BatchStatus.COMPLETED
                ? OpenLineage.RunEvent.EventType.COMPLETE
                : execution.getStatus() == BatchStatus.STOPPED
                        ? OpenLineage.RunEvent.EventType.ABORT
                        : OpenLineage.RunEvent.EventType.FAIL;
        List<DatasetUse> datasets = new ArrayList<>();
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            String job = execution.getJobInstance().getJobName();
            for (JobFacts f : facts) {
                if (!f.describes(job)) continue;
                try {
                    datasets.addAll(f.datasets(execution));
                } catch (java.io.IOException | RuntimeException e) {
                    log.warn(
                            "lineage of {} execution {}: the job's report could not be read ({}); datasets left out",
                            job,
                            execution.getId(),
                            e.getClass().getSimpleName());
                }
            }
        }
        emit(execution, event(execution, type, datasets, exit));
    }

    OpenLineage.RunEvent event(
            JobExecution execution, OpenLineage.RunEvent.EventType type, List<DatasetUse> datasets, ExitCode exit) {
        String job = execution.getJobInstance().getJobName();
        ZoneId zone = properties.zone();
        OpenLineage.RunFacetsBuilder runFacets = openLineage.newRunFacetsBuilder();
        String date = execution.getJobParameters().getString(SuiteJobParameters.DATE);
        if (date != null) {
            // The business date is the nominal time: the day (in the suite's zone) the run is about.
            LocalDate day = LocalDate.parse(date);
            runFacets.nominalTime(openLineage.newNominalTimeRunFacet(
                    day.atStartOfDay(zone), day.plusDays(1).atStartOfDay(zone)));
        }
        runFacets.processing_engine(openLineage.newProcessingEngineRunFacet(
                org.springframework.batch.core.job.Job.class.getPackage().getImplementationVersion(),
                "spring-batch",
                OpenLineage.class.getPackage().getImplementationVersion()));
        if (type == OpenLineage.RunEvent.EventType.FAIL) {
            List<String> types = new ArrayList<>();
            for (Throwable t : execution.getAllFailureExceptions())
                types.add(t.getClass().getName());
            runFacets.errorMessage(openLineage.newErrorMessageRunFacet(
                    job + " execution " + execution.getId() + " failed (exit "
                            + (exit == null ? "?" : exit.code()) + ") with "
                            + (types.isEmpty() ? "no exception" : String.join(", ", types))
                            + "; the job's log has the reasons",
                    "java",
                    null));
        }
        OpenLineage.Run run = openLineage
                .newRunBuilder()
                .runId(runId(execution))
                .facets(runFacets.build())
                .build();
        OpenLineage.Job lineageJob = openLineage
                .newJobBuilder()
                .namespace(properties.lineage().namespace())
                .name(job)
                .facets(openLineage
                        .newJobFacetsBuilder()
                        .jobType(openLineage.newJobTypeJobFacet("BATCH", "SPRING_BATCH", "JOB", null))
                        .build())
                .build();
        List<OpenLineage.InputDataset> inputs = new ArrayList<>();
        List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (DatasetUse d : datasets) {
            String[] id = datasetId(d.location());
            if (!seen.add(d.role() + " " + id[0] + " " + id[1])) continue; // first mention wins (it has the columns)
            OpenLineage.DatasetFacets facets = d.columns().isEmpty()
                    ? null
                    : openLineage
                            .newDatasetFacetsBuilder()
                            .schema(openLineage.newSchemaDatasetFacet(d.columns().stream()
                                    .map(c -> openLineage
                                            .newSchemaDatasetFacetFieldsBuilder()
                                            .name(c.name())
                                            .type(c.type())
                                            .build())
                                    .toList()))
                            .build();
            if (d.role() == DatasetUse.Role.INPUT) {
                inputs.add(openLineage
                        .newInputDatasetBuilder()
                        .namespace(id[0])
                        .name(id[1])
                        .facets(facets)
                        .build());
            } else {
                OpenLineage.OutputDatasetBuilder output = openLineage
                        .newOutputDatasetBuilder()
                        .namespace(id[0])
                        .name(id[1])
                        .facets(facets);
                if (d.rows() != null) {
                    output.outputFacets(openLineage
                            .newOutputDatasetOutputFacetsBuilder()
                            .outputStatistics(openLineage.newOutputStatisticsOutputDatasetFacet(d.rows(), null, null))
                            .build());
                }
                outputs.add(output.build());
            }
        }
        ZonedDateTime time = (type == OpenLineage.RunEvent.EventType.START
                        ? orNow(execution.getStartTime())
                        : orNow(execution.getEndTime()))
                .atZone(ZoneId.systemDefault());
        return openLineage
                .newRunEventBuilder()
                .eventType(type)
                .eventTime(time)
                .run(run)
                .job(lineageJob)
                .inputs(inputs)
                .outputs(outputs)
                .build();
    }

    /**
     * The same id for the START and the end of one execution, different for each execution (a restart is a
     * new run), without keeping state: derived from the job, its instance, the execution and its start.
     */
    static UUID runId(JobExecution execution) {
        String key = execution.getJobInstance().getJobName() + "/"
                + execution.getJobInstance().getInstanceId() + "/" + execution.getId() + "/"
                + execution.getCreateTime();
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * OpenLineage's naming for files: namespace {@code file} and the absolute path for the local file system,
     * else {@code scheme://authority} (hdfs://nn:8020, s3a://bucket) and the path.
     */
    static String[] datasetId(String location) {
        URI uri = FileSystems.path(location).toUri();
        if (uri.getScheme() == null || uri.getScheme().equals("file")) {
            return new String[] {
                "file", Path.of(uri.getPath()).toAbsolutePath().normalize().toString()
            };
        }
        return new String[] {
            uri.getScheme() + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority()), uri.getPath()
        };
    }

    private void emit(JobExecution execution, OpenLineage.RunEvent event) {
        List<TransportConfig> transports = new ArrayList<>();
        Path folder = eventFolder(execution);
        if (folder != null) {
            try {
                Files.createDirectories(folder);
                String date = execution.getJobParameters().getString(SuiteJobParameters.DATE);
                transports.add(new FileConfig(folder.resolve((date == null ? "undated" : date) + ".jsonl")
                        .toString()));
            } catch (java.io.IOException e) {
                log.warn("lineage folder {} cannot be created: {}", folder, e.getMessage());
            }
        }
        String url = properties.lineage().url();
        if (url != null && !url.isBlank()) {
            HttpConfig http = new HttpConfig();
            http.setUrl(URI.create(url));
            http.setEndpoint(properties.lineage().endpoint());
            http.setTimeoutInMillis((int) properties.lineage().timeout().toMillis());
            transports.add(http);
        }
        if (transports.isEmpty()) return;
        // One transport failing (the endpoint down) must not keep the event from the file, nor fail the job.
        CompositeConfig config = CompositeConfig.createFromTransportConfigs(transports, true, false);
        try (OpenLineageClient client = OpenLineageClient.builder()
                .transport(new CompositeTransport(config))
                .build()) {
            client.emit(event);
        } catch (Exception e) {
            log.warn(
                    "lineage event {} of {} execution {} not sent: {}",
                    event.getEventType(),
                    execution.getJobInstance().getJobName(),
                    execution.getId(),
                    e.getClass().getSimpleName());
        }
    }

    /** The event files' folder, or null when off: OUT/lineage for a local output root, else STATE/lineage. */
    Path eventFolder(JobExecution execution) {
        String folder = properties.lineage().folder();
        if (folder != null && folder.equals("off")) return null;
        if (folder != null && !folder.isBlank()) return Path.of(folder);
        String out = execution.getJobParameters().getString(SuiteJobParameters.OUT);
        if (out != null) {
            org.apache.hadoop.fs.Path root = FileSystems.path(out);
            if (FileSystems.isLocal(root)) return Path.of(root.toUri().getPath(), "lineage");
        }
        return Path.of(properties.state(), "lineage");
    }

    private static LocalDateTime orNow(LocalDateTime time) {
        return time == null ? LocalDateTime.now() : time;
    }
}
