package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.dataset.ColumnSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.FooterReader;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import jp.insurer.governance.policy.audit.AffectedCustomers;
import jp.insurer.governance.policy.audit.AuditEntry;
import jp.insurer.governance.policy.audit.AuditType;
import jp.insurer.governance.policy.consent.CustomerKey;
import jp.insurer.governance.policy.hash.Sha256;
import jp.insurer.governance.policy.retention.PartitionScan;
import jp.insurer.governance.policy.retention.PartitionVerdict;
import jp.insurer.governance.policy.retention.RetentionAction;
import jp.insurer.governance.policy.retention.RetentionClock;
import jp.insurer.governance.policy.retention.RetentionDecider;
import jp.insurer.governance.policy.retention.RetentionMode;
import jp.insurer.governance.policy.retention.RetentionRule;
import jp.insurer.governance.policy.retention.RetentionTally;
import jp.insurer.governance.policy.retention.RowDecision;
import jp.insurer.governance.policy.retention.RuleBinding;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import tools.jackson.core.type.TypeReference;

/**
 * Decides and (in enforce mode) applies every rule of one dataset to a group of units. Per unit:
 * one projected pass decides every row under every rule and counts (the dry-run report is exactly
 * this pass); then, if enforcing, a partition whose rows all expired is dropped, and each file with
 * rows to delete or null is rewritten through {@link RetentionCommit}.
 *
 * <p>The counts of a unit are written once, by its first decision, to the instance's state folder:
 * a unit re-decided after a crash finds its expired rows already gone, and the report must still
 * show what the run removed.
 */
class RetentionUnitTasklet implements Tasklet {

    private final RetentionRuns runs;
    private final Configuration conf;
    /** The safety valve's pass: decide and count every unit (what enforcement would remove), change nothing. */
    private final boolean decideOnly;

    private final jp.insurer.governance.batch.support.ProgressBoard progress;
    /** In a worker JVM of a remote run, which ran no prepare step: rebuilds the run from durable inputs. */
    private final RetentionPrepareTasklet prepare;

    private final String policySha256;

    RetentionUnitTasklet(
            RetentionRuns runs,
            Configuration conf,
            boolean decideOnly,
            jp.insurer.governance.batch.support.ProgressBoard progress,
            RetentionPrepareTasklet prepare,
            String policySha256) {
        this.progress = progress;
        this.prepare = prepare;
        this.policySha256 = policySha256;
        this.runs = runs;
        this.conf = conf;
        this.decideOnly = decideOnly;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
            throws IOException, org.springframework.batch.core.job.JobInterruptedException {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        var partition = stepExecution.getExecutionContext();
        String out = stepExecution.getJobParameters().getString(SuiteJobParameters.OUT);
        String sha = partition.getString(RetentionUnitPartitioner.POLICY_SHA256, policySha256);
        if (!policySha256.equals(sha)) {
            throw new IllegalStateException("partition " + stepExecution.getStepName() + ": this JVM's policy (sha256 "
                    + policySha256 + ") is not the one the job started with (" + sha + ")");
        }
        RetentionRuns.Run run = runs.inWorker(
                stepExecution.getJobExecutionId(), r -> prepare.describe(r, stepExecution.getJobExecution()));
        if (decideOnly && run.mode != RetentionMode.ENFORCE) return RepeatStatus.FINISHED; // a dry run needs no valve
        String keyId = partition.getString(RetentionUnitPartitioner.AUDIT_KEY_ID, "");
        if (run.worker && !keyId.isEmpty() && !keyId.equals(run.keyedHash.keyId())) {
            throw new IllegalStateException("partition " + stepExecution.getStepName() + ": this JVM's audit key (id "
                    + run.keyedHash.keyId() + ") is not the one the job started with (id " + keyId + ")");
        }
        // A worker stages its changes for the manager, the audit log's one writer (StagedChanges).
        List<StagedChanges.Change> staged =
                run.worker && run.mode == RetentionMode.ENFORCE && !decideOnly ? new ArrayList<>() : null;
        String name = partition.getString(RetentionUnitPartitioner.DATASET);
        DatasetScan.Dataset dataset = run.scan.datasets().get(name);
        Map<String, DatasetFile> byRelative = new HashMap<>();
        dataset.files().forEach(f -> byRelative.put(f.relative(), f));
        for (String line : partition.getString(RetentionUnitPartitioner.UNITS).split("\n")) {
            if (line.isEmpty()) continue;
            // Safe point: every unit so far is committed (or journaled for the next run to finish).
            jp.insurer.governance.batch.support.GracefulStop.checkpoint();
            List<DatasetFile> unit = new ArrayList<>();
            for (String relative : line.split("\t")) {
                DatasetFile f = byRelative.get(relative);
                // Gone since the scan: dropped by an interrupted run of this instance (its partition is done).
                if (f != null && FileSystems.get(f.path(), conf).exists(f.path())) unit.add(f);
            }
            if (unit.isEmpty()) continue;
            long rows = new Unit(run, dataset, unit, out, staged).run();
            progress.of(stepExecution.getJobExecutionId()).add(rows);
            contribution.incrementReadCount();
            contribution.incrementWriteCount(rows);
        }
        if (staged != null && !staged.isEmpty())
            StagedChanges.write(conf, run.state, partition.getInt(RetentionUnitPartitioner.INDEX), staged);
        return RepeatStatus.FINISHED;
    }

    /** One file's outcome of the deciding pass. */
    private static final class FileOutcome {
        final DatasetFile file;
        long rows;
        final BitSet delete = new BitSet();
        /** Per binding index: rows whose PURGE_COLUMNS columns are set to null. */
        final Map<Integer, BitSet> nulls = new LinkedHashMap<>();

        final Set<String> changedBy = new LinkedHashSet<>();
        AffectedCustomers affected;
        AffectedCustomers held;
        long heldRows;

        FileOutcome(DatasetFile file) {
            this.file = file;
        }

        boolean changes() {
            return !delete.isEmpty() || nulls.values().stream().anyMatch(b -> !b.isEmpty());
        }

        long nulledRows() {
            BitSet all = new BitSet();
            nulls.values().forEach(all::or);
            all.andNot(delete);
            return all.cardinality();
        }
    }

    /**
     * One rule binding as a unit applies it.
     *
     * @param index     its position among the dataset's bindings (a file's nulls are kept per binding)
     * @param enforcing whether the rule changes data in this run (its own mode, else the run's)
     * @param scan      the partition's verdict for a DROP_PARTITION rule, null for a row rule
     */
    private record BoundRule(
            int index, RetentionRule rule, RetentionDecider decider, boolean enforcing, PartitionScan scan) {

        /** Whether deciding needs the file's rows (a partition verdict may settle every row at once). */
        boolean needsRows() {
            return scan == null || scan.needsRows();
        }
    }

    /** One rule's work on one file: where its columns are in the projection, its counts, the rows it changes. */
    private static final class RuleInFile {
        final BoundRule bound;
        /** -1: not read (a partition column, absent, or not configured). */
        final int clockAt;

        final int customerAt;
        final int policyAt;
        final int[] purgeAt;
        final RetentionTally.Counts counts;
        long changed;

        RuleInFile(
                BoundRule bound,
                int clockAt,
                int customerAt,
                int policyAt,
                int[] purgeAt,
                RetentionTally.Counts counts) {
            this.bound = bound;
            this.clockAt = clockAt;
            this.customerAt = customerAt;
            this.policyAt = policyAt;
            this.purgeAt = purgeAt;
            this.counts = counts;
        }
    }

    private final class Unit {
        private final RetentionRuns.Run run;
        private final DatasetScan.Dataset dataset;
        private final List<DatasetFile> files;
        private final String out;
        /** Where a worker's changes go for the manager to commit; null: commit here. */
        private final List<StagedChanges.Change> staged;
        /** The dataset's bindings, in binding order. */
        private final List<BoundRule> rules = new ArrayList<>();

        private final RetentionTally tally = new RetentionTally();

        Unit(
                RetentionRuns.Run run,
                DatasetScan.Dataset dataset,
                List<DatasetFile> files,
                String out,
                List<StagedChanges.Change> staged) {
            this.staged = staged;
            this.run = run;
            this.dataset = dataset;
            this.files = files;
            this.out = out;
            List<RuleBinding> bindings = run.bindings.get(dataset.name());
            for (int i = 0; i < bindings.size(); i++) {
                RetentionRule rule = bindings.get(i).rule();
                RetentionDecider decider = run.deciders.get(bindings.get(i));
                PartitionScan scan = null;
                if (rule.action() == RetentionAction.DROP_PARTITION) {
                    String value =
                            files.get(0).partition().get(rule.clock().column().orElseThrow());
                    scan = decider.partition(date(value));
                }
                rules.add(new BoundRule(i, rule, decider, rule.effectiveMode(run.mode) == RetentionMode.ENFORCE, scan));
            }
        }

        long run() throws IOException {
            List<FileOutcome> outcomes = new ArrayList<>();
            long rows = 0;
            for (DatasetFile file : files) {
                FileOutcome o = decide(file);
                outcomes.add(o);
                rows += o.rows;
            }
            saveTallyOnce();
            if (run.mode != RetentionMode.ENFORCE) return rows;
            RetentionRule dropBy = null;
            for (BoundRule b : rules) {
                if (b.scan() != null && b.enforcing() && b.scan().verdict() == PartitionVerdict.DROP) {
                    dropBy = b.rule();
                    break;
                }
            }
            if (decideOnly) {
                long removed = dropBy != null
                        ? rows
                        : outcomes.stream()
                                .mapToLong(o -> o.delete.cardinality())
                                .sum();
                RetentionValve.save(run, dataset.name(), files.get(0).relative(), rows, removed, conf);
                return rows;
            }
            if (dropBy != null) {
                drop(dropBy, outcomes);
                return rows;
            }
            for (FileOutcome o : outcomes) {
                if (o.heldRows > 0) recordHeld(o);
                if (o.changes()) rewrite(o);
            }
            return rows;
        }

        private FileOutcome decide(DatasetFile file) throws IOException {
            FileOutcome o = new FileOutcome(file);
            boolean needsRows = false;
            for (BoundRule b : rules) needsRows |= b.needsRows();
            String partitionPath = file.partitionPath();
            if (!needsRows) {
                long footerRows = new FooterReader(conf).read(file.path()).rows();
                o.rows = footerRows;
                for (BoundRule b : rules) {
                    RetentionTally.Counts c = tally.counts(b.rule().id(), dataset.name(), partitionPath);
                    c.add(
                            b.scan().verdict() == PartitionVerdict.KEEP_NULL_CLOCK
                                    ? RowDecision.KEEP_NULL_CLOCK
                                    : RowDecision.KEEP,
                            footerRows);
                    c.addBytes(file.bytes(), 0);
                }
                return o;
            }
            Set<String> present = new LinkedHashSet<>();
            for (ColumnSchema c : new FooterReader(conf).read(file.path()).columns()) present.add(c.name());
            List<String> projection = new ArrayList<>();
            List<RuleInFile> inFile = new ArrayList<>(rules.size());
            for (BoundRule b : rules) {
                RetentionRule rule = b.rule();
                String clockColumn = rule.clock().column().orElse(null);
                int clockAt = clockColumn == null || dataset.partitionKeys().contains(clockColumn)
                        ? -1
                        : index(projection, present, clockColumn);
                int customerAt = index(projection, present, rule.customerColumn());
                int policyAt = rule.policyColumn() == null ? -1 : index(projection, present, rule.policyColumn());
                int[] purgeAt = new int[rule.columns().size()];
                for (int c = 0; c < rule.columns().size(); c++)
                    purgeAt[c] = index(projection, present, rule.columns().get(c));
                inFile.add(new RuleInFile(
                        b,
                        clockAt,
                        customerAt,
                        policyAt,
                        purgeAt,
                        tally.counts(rule.id(), dataset.name(), partitionPath)));
            }
            if (run.mode == RetentionMode.ENFORCE) {
                o.affected = new AffectedCustomers(run.keyedHash);
                o.held = new AffectedCustomers(run.keyedHash);
            }
            int r = 0;
            try (ParquetRowReader reader = ParquetRowReader.open(file.path(), conf, projection)) {
                for (Object[] row = reader.read(); row != null; row = reader.read(), r++) {
                    boolean rowHeld = false;
                    for (RuleInFile f : inFile) {
                        // As text whatever the column's type (a number, bytes): never a cast that fails the unit.
                        String customer = CustomerKey.text(at(row, f.customerAt));
                        String policy = CustomerKey.text(at(row, f.policyAt));
                        RowDecision d = decideRow(f.bound, row, f.clockAt, customer, policy);
                        f.counts.add(d);
                        if (d.changesRow()) f.changed++;
                        if (!f.bound.enforcing()) continue;
                        if (d == RowDecision.SPARED_LEGAL_HOLD) {
                            rowHeld = true;
                            if (o.held != null) o.held.add(customer);
                        } else if (d == RowDecision.DELETE_ROW) {
                            if (!o.delete.get(r)) o.affected.add(customer);
                            o.delete.set(r);
                            o.changedBy.add(f.bound.rule().id());
                        } else if (d == RowDecision.NULL_COLUMNS && anyNonNull(row, f.purgeAt)) {
                            o.nulls
                                    .computeIfAbsent(f.bound.index(), k -> new BitSet())
                                    .set(r);
                            o.affected.add(customer);
                            o.changedBy.add(f.bound.rule().id());
                        }
                    }
                    if (rowHeld) o.heldRows++;
                }
            }
            o.rows = r;
            for (RuleInFile f : inFile) f.counts.addBytes(file.bytes(), r == 0 ? 0 : file.bytes() * f.changed / r);
            return o;
        }

        private RowDecision decideRow(BoundRule bound, Object[] row, int clockAt, String customer, String policy) {
            RetentionRule rule = bound.rule();
            RetentionDecider decider = bound.decider();
            ReferenceFacts facts = run.facts;
            PartitionScan scan = bound.scan();
            if (scan != null) {
                if (!scan.needsRows()) {
                    return scan.verdict() == PartitionVerdict.KEEP_NULL_CLOCK
                            ? RowDecision.KEEP_NULL_CLOCK
                            : RowDecision.KEEP;
                }
                return scan.row(customer, policy, facts);
            }
            RetentionClock clock = rule.clock();
            if (clock instanceof RetentionClock.ContractEnd) {
                if (facts.contractRunning(customer)) return decider.notStarted();
                return decider.decide(facts.contractEnd(customer), customer, policy, facts);
            }
            if (clock instanceof RetentionClock.ConsentWithdrawal w) {
                Instant at = facts.withdrawnAt(customer, w.purpose());
                return at == null ? decider.notStarted() : decider.decide(at, customer, policy, facts);
            }
            Object value = clockAt >= 0
                    ? row[clockAt]
                    : files.get(0).partition().get(clock.column().orElseThrow());
            if (value instanceof LocalDate d) return decider.decide(d, customer, policy, facts);
            if (value instanceof Instant t) return decider.decide(t, customer, policy, facts);
            if (value instanceof LocalDateTime t)
                return decider.decide(t.atZone(run.zone).toInstant(), customer, policy, facts);
            if (value instanceof String s) {
                LocalDate d = date(s);
                if (d != null) return decider.decide(d, customer, policy, facts);
                try {
                    return decider.decide(OffsetDateTime.parse(s.trim()).toInstant(), customer, policy, facts);
                } catch (DateTimeParseException e) {
                    return decider.decide((LocalDate) null, customer, policy, facts);
                }
            }
            // Missing or of a type that is no time: a null clock never deletes.
            return decider.decide((LocalDate) null, customer, policy, facts);
        }

        private void drop(RetentionRule rule, List<FileOutcome> outcomes) throws IOException {
            long rows = 0;
            for (FileOutcome o : outcomes) rows += o.rows;
            // The files' keyed hashes, merged (they are hashes already: not hashed again).
            List<String> hashes = new ArrayList<>(new java.util.TreeSet<>(
                    outcomes.stream().flatMap(o -> o.affected.sorted().stream()).toList()));
            String partitionPath = outcomes.get(0).file.partitionPath();
            Path dir = outcomes.get(0).file.path().getParent();
            AuditEntry decision = AuditEntry.of(run.runId, AuditType.RETENTION_DECISION)
                    .withTarget(rule.id(), dataset.name(), partitionPath)
                    .withRowsRemoved(rows)
                    .withCustomerHashes(hashes)
                    .withDetail("DROP_PARTITION: " + outcomes.size() + " file(s), every row expired");
            Path governed = RetentionPaths.governed(out, dataset.name(), partitionPath);
            if (staged != null) {
                staged.add(new StagedChanges.Change(
                        StagedChanges.Kind.DROP_PARTITION, dir.toString(), governed.toString(), decision));
            } else {
                run.commit.drop(dir, governed, decision);
            }
        }

        private void recordHeld(FileOutcome o) throws IOException {
            AuditEntry held = AuditEntry.of(run.runId, AuditType.RETENTION_SKIPPED_LEGAL_HOLD)
                    .withTarget(String.join(",", ruleIds()), dataset.name(), o.file.relative())
                    .withCustomers(o.held)
                    .withDetail(o.heldRows + " expired row(s) kept: under legal hold");
            if (staged != null) staged.add(new StagedChanges.Change(StagedChanges.Kind.LEGAL_HOLD, null, null, held));
            else run.audit.append(held);
        }

        private void rewrite(FileOutcome o) throws IOException {
            Path source = o.file.path();
            Path staging = RetentionPaths.staging(source);
            long written = 0;
            try (ParquetRowReader reader = ParquetRowReader.open(source, conf)) {
                Set<String> nulled = new LinkedHashSet<>();
                o.nulls.keySet().forEach(i -> nulled.addAll(rules.get(i).rule().columns()));
                RowSchema schema =
                        RowSchema.fromMessageType(optional(reader.fileSchema().toMessageType(), nulled));
                Map<Integer, int[]> nullIndexes = new HashMap<>();
                o.nulls
                        .keySet()
                        .forEach(i -> nullIndexes.put(
                                i,
                                rules.get(i).rule().columns().stream()
                                        .mapToInt(schema::indexOf)
                                        .filter(x -> x >= 0)
                                        .toArray()));
                WriterOptions options = WriterOptions.defaults()
                        .withOverwrite(true)
                        .withMetadata("governance.retention.business.date", run.date.toString())
                        .withMetadata("governance.retention.rules", String.join(",", o.changedBy));
                try (ParquetRowWriter writer = ParquetRowWriter.open(staging.toString(), schema, options, conf)) {
                    int r = 0;
                    for (Object[] row = reader.read(); row != null; row = reader.read(), r++) {
                        if (o.delete.get(r)) continue;
                        for (Map.Entry<Integer, BitSet> e : o.nulls.entrySet()) {
                            if (e.getValue().get(r)) for (int c : nullIndexes.get(e.getKey())) row[c] = null;
                        }
                        writer.write(row);
                        written++;
                    }
                }
            }
            long deleted = o.delete.cardinality();
            long nulled = o.nulledRows();
            AuditEntry decision = AuditEntry.of(run.runId, AuditType.RETENTION_DECISION)
                    .withTarget(String.join(",", o.changedBy), dataset.name(), o.file.relative())
                    .withRowsRemoved(deleted)
                    .withCustomers(o.affected)
                    .withDetail("REWRITE: " + deleted + " row(s) deleted, " + nulled
                            + " row(s) with columns set to null, " + written + " row(s) kept");
            Path governed = RetentionPaths.governed(out, dataset.name(), o.file.relative());
            if (staged != null) {
                staged.add(new StagedChanges.Change(
                        StagedChanges.Kind.REWRITE, source.toString(), governed.toString(), decision));
            } else {
                run.commit.rewrite(source, governed, decision);
            }
        }

        private List<String> ruleIds() {
            return rules.stream().map(b -> b.rule().id()).toList();
        }

        private void saveTallyOnce() throws IOException {
            String key = dataset.name() + "/" + files.get(0).relative();
            Path file = new Path(run.state, "units/" + dataset.name() + "/" + hex(key) + ".json");
            FileSystem fs = FileSystems.get(file, conf);
            if (fs.exists(file)) return;
            FileSystems.writeReplacing(file, Json.MAPPER.writeValueAsBytes(tally.lines()), conf);
        }
    }

    static List<RetentionTally.Line> readTally(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return Json.MAPPER.readValue(in, new TypeReference<List<RetentionTally.Line>>() {});
        }
    }

    /** The schema with the purged columns made optional: a required column cannot hold the null it is set to. */
    static MessageType optional(MessageType schema, Set<String> columns) {
        if (columns.isEmpty()) return schema;
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (Type field : schema.getFields()) {
            if (columns.contains(field.getName())
                    && field.isPrimitive()
                    && field.getRepetition() == Type.Repetition.REQUIRED) {
                PrimitiveType p = field.asPrimitiveType();
                builder.addField(Types.primitive(p.getPrimitiveTypeName(), Type.Repetition.OPTIONAL)
                        .as(p.getLogicalTypeAnnotation())
                        .length(p.getTypeLength())
                        .named(p.getName()));
            } else {
                builder.addField(field);
            }
        }
        return builder.named(schema.getName());
    }

    private static int index(List<String> projection, Set<String> present, String column) {
        if (column == null || !present.contains(column)) return -1;
        int i = projection.indexOf(column);
        if (i >= 0) return i;
        projection.add(column);
        return projection.size() - 1;
    }

    private static Object at(Object[] row, int index) {
        return index < 0 ? null : row[index];
    }

    private static boolean anyNonNull(Object[] row, int[] columns) {
        for (int c : columns) if (c >= 0 && row[c] != null) return true;
        return false;
    }

    static LocalDate date(String value) {
        if (value == null) return null;
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String hex(String text) {
        return Sha256.hex(text).substring(0, 24);
    }
}
