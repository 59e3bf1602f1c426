package jp.insurer.governance.batch.tag;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.dataset.ColumnSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.dataset.FileFooter;
import jp.insurer.governance.parquet.dataset.FooterReader;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.classify.ColumnClassifier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Classifies every column of every dataset from rules, names and a sample of values spread over the
 * dataset's files, and notes schema drift since the last catalog. A dataset whose files cannot be
 * read, or that lacks its configured customer key, is quarantined or stops the job (fail closed).
 */
class ClassifyTasklet implements Tasklet {

    /** At most this many files are opened for samples; the sample is spread evenly over them. */
    static final int MAX_SAMPLED_FILES = 24;
    /** The physical type reported for a Hive partition key, which lives in folder names, not in files. */
    static final String PARTITION_KEY = "PARTITION_KEY";

    private static final Logger log = LoggerFactory.getLogger(ClassifyTasklet.class);

    private final TagRuns runs;
    private final ColumnClassifier classifier;
    private final Configuration conf;
    private final SuiteProperties.OnBadFile onBadFile;

    ClassifyTasklet(TagRuns runs, ColumnClassifier classifier, Configuration conf, SuiteProperties.OnBadFile onBadFile) {
        this.runs = runs;
        this.classifier = classifier;
        this.conf = conf;
        this.onBadFile = onBadFile;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        var parameters = stepExecution.getJobParameters();
        String data = parameters.getString(SuiteJobParameters.DATA);
        String out = parameters.getString(SuiteJobParameters.OUT);
        Catalog previous = previousCatalog(out);
        DatasetLayout layout = new DatasetLayout(conf);
        Map<String, DatasetPlan> plans = new LinkedHashMap<>();
        for (Path dataset : layout.datasets(FileSystems.path(data))) {
            plans.put(dataset.getName(), plan(dataset, layout, previous));
        }
        runs.of(stepExecution.getJobExecutionId()).plans = java.util.Collections.unmodifiableMap(plans);
        contribution.incrementReadCount();
        return RepeatStatus.FINISHED;
    }

    private DatasetPlan plan(Path dataset, DatasetLayout layout, Catalog previous) throws IOException {
        String name = dataset.getName();
        List<DatasetFile> files = layout.files(dataset);
        FooterReader footers = new FooterReader(conf);
        Map<String, ColumnSchema> columns = new LinkedHashMap<>();
        Map<String, Set<String>> types = new LinkedHashMap<>();
        for (DatasetFile file : files) {
            FileFooter footer;
            try {
                footer = footers.read(file.path());
            } catch (IOException e) {
                return badFile(name, dataset, file, e);
            }
            for (ColumnSchema c : footer.columns()) {
                columns.putIfAbsent(c.name(), c);
                types.computeIfAbsent(c.name(), n -> new LinkedHashSet<>()).add(c.type());
            }
        }
        List<String> names = new ArrayList<>(columns.keySet());
        Map<String, List<String>> samples;
        try {
            samples = sample(files, names);
        } catch (IOException e) {
            return badFile(name, dataset, null, e);
        }
        // Hive partition keys are columns to every reader (DuckDB, Spark): classify them too.
        for (DatasetFile file : files) {
            for (Map.Entry<String, String> key : file.partition().entrySet()) {
                if (columns.containsKey(key.getKey())) continue;
                if (!samples.containsKey(key.getKey())) {
                    names.add(key.getKey());
                    samples.put(key.getKey(), new ArrayList<>());
                    columns.put(key.getKey(), new ColumnSchema(key.getKey(), PARTITION_KEY, null, "REQUIRED"));
                    types.put(key.getKey(), Set.of(PARTITION_KEY));
                }
                List<String> values = samples.get(key.getKey());
                if (values.size() < classifier.policy().sampling().rows()) values.add(key.getValue());
            }
        }

        List<ColumnClassification> classified = new ArrayList<>();
        for (String column : names) {
            classified.add(classifier.classify(name, column, columns.get(column).type(), samples.get(column)));
        }
        List<String> drift = drift(name, columns, types, previous);
        String customerKey = classifier.policy().customerKey(name, names).orElse(null);
        String configuredKey = classifier.policy().datasets().stream()
                .filter(d -> d.dataset().matcher(name).matches() && d.customerKey() != null)
                .map(d -> d.customerKey()).findFirst().orElse(null);
        String problem = null;
        if (configuredKey != null && !names.contains(configuredKey)) {
            problem = "configured customer key column '" + configuredKey + "' is missing, so records cannot be linked to consent";
            if (onBadFile == SuiteProperties.OnBadFile.FAIL) {
                throw new IllegalStateException("dataset '" + name + "': " + problem);
            }
        }
        for (ColumnClassification c : classified) {
            if (c.conflict() != null) log.warn("dataset {}, column {}: {}", name, c.column(), c.conflict());
        }
        return new DatasetPlan(name, dataset.toString(), customerKey, classified, problem == null ? files : List.of(),
                drift, problem);
    }

    private DatasetPlan badFile(String name, Path dataset, DatasetFile file, IOException e) throws IOException {
        String problem = (file == null ? "" : "file " + file.relative() + ": ") + e.getMessage();
        if (onBadFile == SuiteProperties.OnBadFile.FAIL) {
            throw new IOException("dataset '" + name + "': " + problem
                    + " (the source is left untouched; set governance.tag.on-bad-file=QUARANTINE_DATASET to tag the other datasets)", e);
        }
        log.warn("dataset {} quarantined: {}", name, problem);
        return new DatasetPlan(name, dataset.toString(), null, List.of(), List.of(), List.of(), problem);
    }

    /** Up to the configured number of values per column, read from files spread over the dataset. */
    private Map<String, List<String>> sample(List<DatasetFile> files, List<String> columns) throws IOException {
        Map<String, List<String>> samples = new LinkedHashMap<>();
        columns.forEach(c -> samples.put(c, new ArrayList<>()));
        if (files.isEmpty()) return samples;
        int target = classifier.policy().sampling().rows();
        int fileCount = Math.min(files.size(), MAX_SAMPLED_FILES);
        int perFile = (target + fileCount - 1) / fileCount;
        for (int i = 0; i < fileCount; i++) {
            DatasetFile file = files.get((int) ((long) i * files.size() / fileCount));
            try (ParquetRowReader reader = ParquetRowReader.open(file.path(), conf)) {
                List<String> fileColumns = reader.schema().columns().stream().map(c -> c.name()).toList();
                for (int r = 0; r < perFile; r++) {
                    Object[] row = reader.read();
                    if (row == null) break;
                    for (int c = 0; c < row.length; c++) {
                        List<String> values = samples.get(fileColumns.get(c));
                        if (values != null && values.size() < target) values.add(render(row[c]));
                    }
                }
            } catch (IOException e) {
                throw new IOException("file " + file.relative() + ": " + e.getMessage(), e);
            }
        }
        return samples;
    }

    private static String render(Object value) {
        if (value == null || value instanceof byte[]) return null;
        return value.toString();
    }

    private static List<String> drift(String name, Map<String, ColumnSchema> columns, Map<String, Set<String>> types,
                                      Catalog previous) {
        List<String> drift = new ArrayList<>();
        types.forEach((column, seen) -> {
            if (seen.size() > 1) drift.add("column '" + column + "' has different types in different files: " + seen);
        });
        if (previous == null) return drift;
        Catalog.Entry before = previous.datasets().stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
        if (before == null) {
            drift.add("new dataset since the last catalog (" + previous.businessDate() + ")");
            return drift;
        }
        Map<String, Catalog.Column> old = new LinkedHashMap<>();
        before.columns().forEach(c -> old.put(c.name(), c));
        for (ColumnSchema c : columns.values()) {
            Catalog.Column was = old.get(c.name());
            if (was == null) drift.add("new column '" + c.name() + "' (" + c.type() + ")");
            else if (!Objects.equals(was.physicalType(), c.type())) {
                drift.add("column '" + c.name() + "' changed type: " + was.physicalType() + " -> " + c.type());
            }
        }
        for (String gone : old.keySet()) {
            if (!columns.containsKey(gone)) drift.add("column '" + gone + "' removed");
        }
        return drift;
    }

    private Catalog previousCatalog(String out) throws IOException {
        Path file = TagPaths.catalog(out, "catalog.json");
        FileSystem fs = FileSystems.get(file, conf);
        if (!fs.exists(file)) return null;
        try (InputStream in = fs.open(file)) {
            return Json.MAPPER.readValue(in, Catalog.class);
        } catch (RuntimeException e) {
            log.warn("previous catalog {} is unreadable; drift is reported against nothing: {}", file, e.getMessage());
            return null;
        }
    }
}
