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
import jp.insurer.governance.policy.classify.ClassificationPolicy;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.classify.ColumnClassifier;
import jp.insurer.governance.policy.classify.SamplePlan;
import jp.insurer.governance.policy.consent.CustomerKey;
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
 * Classifies every column of every dataset from rules, names and a sample of rows drawn at random
 * across the dataset's files and row groups (numbers and dates included, each row with its customer),
 * and notes schema drift since the last catalog. A dataset whose files cannot be
 * read, or that lacks its configured customer key, is quarantined or stops the job (fail closed).
 */
class ClassifyTasklet implements Tasklet {

    /** The physical type reported for a Hive partition key, which lives in folder names, not in files. */
    static final String PARTITION_KEY = "PARTITION_KEY";

    private static final Logger log = LoggerFactory.getLogger(ClassifyTasklet.class);

    private final TagRuns runs;
    private final ColumnClassifier classifier;
    private final Configuration conf;
    private final SuiteProperties.OnBadFile onBadFile;

    ClassifyTasklet(
            TagRuns runs, ColumnClassifier classifier, Configuration conf, SuiteProperties.OnBadFile onBadFile) {
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
        List<SamplePlan.SourceFile> sources = new ArrayList<>();
        for (DatasetFile file : files) {
            FileFooter footer;
            try {
                footer = footers.read(file.path());
            } catch (IOException e) {
                return badFile(name, dataset, file, e);
            }
            sources.add(new SamplePlan.SourceFile(file.relative(), footer.rowGroupRows()));
            for (ColumnSchema c : footer.columns()) {
                columns.putIfAbsent(c.name(), c);
                types.computeIfAbsent(c.name(), n -> new LinkedHashSet<>()).add(c.type());
            }
        }
        List<String> names = new ArrayList<>(columns.keySet());
        // Hive partition keys are columns to every reader (DuckDB, Spark): classify them too.
        List<String> partitionKeys = new ArrayList<>();
        for (DatasetFile file : files) {
            for (String key : file.partition().keySet()) {
                if (columns.containsKey(key) || partitionKeys.contains(key)) continue;
                partitionKeys.add(key);
                names.add(key);
                columns.put(key, new ColumnSchema(key, PARTITION_KEY, null, "REQUIRED"));
                types.put(key, Set.of(PARTITION_KEY));
            }
        }
        String customerKey = classifier.policy().customerKey(name, names).orElse(null);
        Sample sample;
        try {
            sample = sample(name, files, sources, names, customerKey);
        } catch (IOException e) {
            return badFile(name, dataset, null, e);
        }

        List<ColumnClassification> classified = new ArrayList<>();
        for (String column : names) {
            classified.add(classifier.classify(
                    name,
                    column,
                    columns.get(column).type(),
                    sample.values().get(column),
                    column.equals(customerKey) ? null : sample.customers()));
        }
        List<String> drift = drift(name, columns, types, previous);
        String configuredKey = classifier.policy().datasets().stream()
                .filter(d -> d.dataset().matcher(name).matches() && d.customerKey() != null)
                .map(d -> d.customerKey())
                .findFirst()
                .orElse(null);
        String problem = null;
        if (configuredKey != null && !names.contains(configuredKey)) {
            problem = "configured customer key column '" + configuredKey
                    + "' is missing, so records cannot be linked to consent";
            if (onBadFile == SuiteProperties.OnBadFile.FAIL) {
                throw new IllegalStateException("dataset '" + name + "': " + problem);
            }
        }
        for (ColumnClassification c : classified) {
            if (c.conflict() != null) log.warn("dataset {}, column {}: {}", name, c.column(), c.conflict());
        }
        return new DatasetPlan(
                name, dataset.toString(), customerKey, classified, problem == null ? files : List.of(), drift, problem);
    }

    private DatasetPlan badFile(String name, Path dataset, DatasetFile file, IOException e) throws IOException {
        String problem = (file == null ? "" : "file " + file.relative() + ": ") + e.getMessage();
        if (onBadFile == SuiteProperties.OnBadFile.FAIL) {
            throw new IOException(
                    "dataset '" + name + "': " + problem
                            + " (the source is left untouched; set governance.tag.on-bad-file=QUARANTINE_DATASET to tag the other datasets)",
                    e);
        }
        log.warn("dataset {} quarantined: {}", name, problem);
        return new DatasetPlan(name, dataset.toString(), null, List.of(), List.of(), List.of(), problem);
    }

    /**
     * Sampled rows: every column's values (null where a file lacks the column) and each row's
     * normalized customer key (null without one), in the same row order.
     */
    record Sample(Map<String, List<Object>> values, List<String> customers) {}

    /**
     * The rows {@link SamplePlan} draws at random across the dataset's files and row groups (seeded by
     * dataset, file and row group, so a rerun reads the same rows). Only the drawn row groups are read,
     * and of them only up to the last drawn row; memory is the sampled rows.
     */
    Sample sample(
            String dataset,
            List<DatasetFile> files,
            List<SamplePlan.SourceFile> sources,
            List<String> columns,
            String customerKey)
            throws IOException {
        Map<String, List<Object>> values = new LinkedHashMap<>();
        columns.forEach(c -> values.put(c, new ArrayList<>()));
        List<String> customers = new ArrayList<>();
        ClassificationPolicy.Sampling sampling = classifier.policy().sampling();
        SamplePlan plan = SamplePlan.of(dataset, sources, sampling.rows(), sampling.rowGroups(), sampling.runLength());
        for (SamplePlan.Pick pick : plan.picks()) {
            DatasetFile file = files.get(pick.file());
            try (ParquetRowReader reader = ParquetRowReader.openRowGroup(file.path(), conf, null, pick.rowGroup())) {
                List<String> fileColumns =
                        reader.schema().columns().stream().map(c -> c.name()).toList();
                int[] index = columns.stream().mapToInt(fileColumns::indexOf).toArray();
                int key = customerKey == null ? -1 : fileColumns.indexOf(customerKey);
                long[] wanted = pick.rows();
                int next = 0;
                for (long r = 0; next < wanted.length; r++) {
                    Object[] row = reader.read();
                    if (row == null) break;
                    if (r != wanted[next]) continue;
                    next++;
                    for (int c = 0; c < index.length; c++) {
                        Object v =
                                index[c] >= 0 ? row[index[c]] : file.partition().get(columns.get(c));
                        values.get(columns.get(c)).add(v);
                    }
                    customers.add(key < 0 ? null : CustomerKey.DEFAULT.normalizeValue(row[key]));
                }
            } catch (IOException e) {
                throw new IOException("file " + file.relative() + ": " + e.getMessage(), e);
            }
        }
        return new Sample(values, customers);
    }

    private static List<String> drift(
            String name, Map<String, ColumnSchema> columns, Map<String, Set<String>> types, Catalog previous) {
        List<String> drift = new ArrayList<>();
        types.forEach((column, seen) -> {
            if (seen.size() > 1) drift.add("column '" + column + "' has different types in different files: " + seen);
        });
        if (previous == null) return drift;
        Catalog.Entry before = previous.datasets().stream()
                .filter(d -> d.name().equals(name))
                .findFirst()
                .orElse(null);
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
