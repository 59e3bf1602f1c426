package jp.insurer.governance.batch.tag;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.ColumnType;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import jp.insurer.governance.policy.classify.ClassificationPolicy;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentLookup;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.consent.ConsentTable;
import jp.insurer.governance.policy.consent.ConsentTableBuilder;
import jp.insurer.governance.policy.consent.CustomerKey;
import jp.insurer.governance.policy.consent.DoubtfulWithdrawals;
import jp.insurer.governance.policy.consent.LedgerLine;
import jp.insurer.governance.policy.hash.Sha256;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Reads the consent ledger once into a {@link ConsentTable} for the business date (on local disk under
 * {@code STATE/consent/}, its heap bounded by {@code governance.tag.consent-shard-customers} and
 * {@code consent-cache-mb}, whatever the number of customers; the same answers as the in-heap
 * {@link jp.insurer.governance.policy.consent.ConsentBook}). Lines that cannot
 * be trusted (unknown purpose or action, no customer, unparsable or zone-less time, a time before
 * {@code policy.yml consent_ledger.earliest_event} or more than a day after its file was last written) are quarantined
 * with their reason to {@code out/quarantine/LEDGER/date=DATE/}, counted, never guessed; a line that
 * still names a customer makes that customer's consent UNCERTAIN (for its purpose, or every purpose
 * when that is unreadable). Customer keys are normalized as {@code policy.yml customer_keys:} says.
 * The customer master's keys are read first, so that ledger customers matching no customer are
 * counted, and their ids written once to {@code out/quarantine/LEDGER.unmatched_customers/date=DATE/}
 * (their first lines, found by the table, read again from the ledger: only when there are any).
 */
class ConsentLedgerTasklet implements Tasklet {

    static final List<String> LEDGER_COLUMNS =
            List.of("customer_id", "purpose", "action", "event_ts", "channel", "document_version");
    static final String QUARANTINED = "tag.consent.quarantined";
    static final String IGNORED_AFTER_DATE = "tag.consent.ignoredAfterDate";
    static final String EVENTS = "tag.consent.events";
    static final String UNCERTAIN_CUSTOMERS = "tag.consent.uncertainCustomers";
    /** SHA-256 of what the ledger step built consent from: the date's end, the master's keys, the ledger ({@link LedgerDigest}). */
    static final String LEDGER_SHA256 = "tag.consent.ledgerSha256";
    /** Ledger customers not in the customer master; absent when the master could not be read. */
    static final String UNMATCHED_CUSTOMERS = "tag.consent.unmatchedCustomers";
    /** Ledger lines that may withdraw a consent and name no customer ({@link DoubtfulWithdrawals}). */
    static final String UNATTRIBUTED_WITHDRAWALS = "tag.consent.unattributedWithdrawals";
    /** Unmatched ledger customers whose withdrawals put look-alike keys in doubt. */
    static final String LOOKALIKE_CUSTOMERS = "tag.consent.lookalikeCustomers";

    static final String UNMATCHED_SUFFIX = ".unmatched_customers";

    private static final Logger log = LoggerFactory.getLogger(ConsentLedgerTasklet.class);
    private static final RowSchema QUARANTINE = RowSchema.of(
            "quarantined_consent_events",
            Column.of("source_file", ColumnType.STRING),
            Column.of("row_number", ColumnType.INT64),
            Column.of("reason", ColumnType.STRING),
            Column.of("customer_id", ColumnType.STRING),
            Column.of("purpose", ColumnType.STRING),
            Column.of("action", ColumnType.STRING),
            Column.of("event_ts", ColumnType.STRING),
            Column.of("channel", ColumnType.STRING),
            Column.of("document_version", ColumnType.STRING));
    private static final RowSchema UNMATCHED = RowSchema.of(
            "unmatched_ledger_customers",
            Column.of("source_file", ColumnType.STRING),
            Column.of("row_number", ColumnType.INT64),
            Column.of("customer_key", ColumnType.STRING),
            Column.of("customer_id", ColumnType.STRING));

    private final TagRuns runs;
    private final Policy policy;
    private final Configuration conf;
    private final String ledger;
    private final ZoneId zone;
    private final List<String> columns;
    private final ClassificationPolicy classification;
    private final java.nio.file.Path tables;
    private final long shardCustomers;
    private final long cacheBytes;

    /**
     * @param renamed        the ledger's own column names for fields whose export names them differently
     * @param tables         local folder for consent tables (one subfolder per table)
     * @param shardCustomers ledger lines and master keys resolved in heap at once
     * @param cacheBytes     heap for a table's block cache
     */
    ConsentLedgerTasklet(
            TagRuns runs,
            Policy policy,
            Configuration conf,
            String ledger,
            ZoneId zone,
            Map<String, String> renamed,
            ClassificationPolicy classification,
            java.nio.file.Path tables,
            long shardCustomers,
            long cacheBytes) {
        this.classification = classification;
        this.tables = tables;
        this.shardCustomers = shardCustomers;
        this.cacheBytes = cacheBytes;
        this.runs = runs;
        this.policy = policy;
        this.conf = conf;
        this.ledger = ledger;
        this.zone = zone;
        for (String field : renamed.keySet()) {
            if (!LEDGER_COLUMNS.contains(field)) {
                throw new IllegalArgumentException(
                        "governance.tag.ledger-columns: unknown field '" + field + "'; fields are " + LEDGER_COLUMNS);
            }
        }
        this.columns =
                LEDGER_COLUMNS.stream().map(f -> renamed.getOrDefault(f, f)).toList();
    }

    /**
     * What one reading of the ledger found: the table, the lookup tagging uses (the table with its
     * doubtful withdrawals), the lines to quarantine, and the ledger customers matching no customer.
     */
    record Reading(
            ConsentTable book,
            ConsentLookup consent,
            long events,
            Map<LedgerLine.Problem, Long> problems,
            List<Object[]> quarantined,
            boolean masterRead,
            List<Object[]> unmatched,
            long unattributedWithdrawals,
            long lookalikeCustomers,
            String sha256) {}

    /**
     * A worker's own reading of the ledger, refused unless its digest is the one the job's ledger step
     * recorded: a ledger or customer master replaced, edited or appended to mid-run, or a worker whose
     * {@code governance.zone} ends the business date elsewhere, would tag the worker's files with other
     * consent (or other doubts), even when the counts stayed the same. The counts are in the message, to
     * tell an edit from an append.
     */
    ConsentLookup readAsLedgerStep(
            org.springframework.batch.core.job.parameters.JobParameters parameters, ExecutionContext job)
            throws IOException {
        Reading reading = read(parameters);
        ConsentTable book = reading.book();
        String then = job.containsKey(LEDGER_SHA256) ? job.getString(LEDGER_SHA256) : "(none recorded)";
        if (!then.equals(reading.sha256())) {
            long[] counted = {
                job.getLong(EVENTS, -1), job.getLong(IGNORED_AFTER_DATE, -1), job.getLong(UNCERTAIN_CUSTOMERS, -1)
            };
            long[] now = {reading.events(), book.ignoredAfterCutoff(), book.uncertainCustomers()};
            book.close();
            throw new IllegalStateException("consent ledger '" + ledger
                    + "', its customer master or the end of the business date (governance.zone) is not the one "
                    + "this job's ledger step read (sha256 " + then + " then, "
                    + reading.sha256() + " now; events, ignored after the date, uncertain customers: "
                    + java.util.Arrays.toString(counted) + " then, " + java.util.Arrays.toString(now)
                    + " now); the partition is refused: restart the job (--restart) once the ledger is settled");
        }
        return reading.consent();
    }

    /**
     * SHA-256 of what the consent was built from: the end of the business date, the customer master's keys
     * (whether it was read, then each key as read), the dates each ledger file's lines may bear (from its
     * modification time), and the ledger's content: each file's name, then each
     * line's six fields (length-prefixed, null marked), in reading order. Of the decoded lines rather than
     * the files' bytes: the Parquet reader
     * reads only the six columns' pages, so hashing the bytes would be a second read of every file, and the
     * file could change between that read and the one that builds the table; this digest is of exactly
     * what the table was built from.
     */
    private static final class LedgerDigest {
        private final java.security.MessageDigest sha = Sha256.newDigest();
        private final java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), sha), 64 * 1024));
        private DatasetFile file;

        /** A value that decides consent besides the lines (the cutoff, a master key, whether it was read). */
        void add(String value) {
            try {
                field(value);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // a null stream and a digest: not reached
            }
        }

        void add(DatasetFile file, LedgerLine line) {
            try {
                if (file != this.file) {
                    this.file = file;
                    field(file.relative());
                }
                field(line.customerId());
                field(line.purpose());
                field(line.action());
                field(line.timestamp());
                field(line.channel());
                field(line.documentVersion());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // a null stream and a digest: not reached
            }
        }

        private void field(String value) throws IOException {
            out.writeBoolean(value != null);
            if (value == null) return;
            byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        String hex() throws IOException {
            out.flush();
            return Sha256.hex(sha);
        }
    }

    /** One line of the ledger, as read: its file, its row number there, its number in the whole ledger. */
    private interface LineVisitor {
        /** @return false to stop reading */
        boolean visit(DatasetFile file, long row, long number, LedgerLine line);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        var parameters = stepExecution.getJobParameters();
        LocalDate date = SuiteJobParameters.businessDate(parameters);
        String out = parameters.getString(SuiteJobParameters.OUT);
        Reading reading = read(parameters);
        ConsentTable book = reading.book();
        TagRuns.TagRun run = runs.of(stepExecution.getJobExecutionId());
        run.consent = reading.consent(); // from here the job's end removes the table, whatever fails below
        List<Object[]> quarantined = reading.quarantined();
        Map<LedgerLine.Problem, Long> problems = reading.problems();
        boolean masterRead = reading.masterRead();
        long events = reading.events();
        writeQuarantine(TagPaths.quarantine(out, ledger, date.toString()), QUARANTINE, quarantined);
        writeQuarantine(
                TagPaths.quarantine(out, ledger + UNMATCHED_SUFFIX, date.toString()), UNMATCHED, reading.unmatched());

        ExecutionContext context = stepExecution.getJobExecution().getExecutionContext();
        context.putLong(EVENTS, events);
        context.putLong(IGNORED_AFTER_DATE, book.ignoredAfterCutoff());
        context.putLong(UNCERTAIN_CUSTOMERS, book.uncertainCustomers());
        context.putString(LEDGER_SHA256, reading.sha256());
        if (masterRead) context.putLong(UNMATCHED_CUSTOMERS, book.unmatchedCustomers());
        else context.remove(UNMATCHED_CUSTOMERS);
        context.putLong(UNATTRIBUTED_WITHDRAWALS, reading.unattributedWithdrawals());
        context.putLong(LOOKALIKE_CUSTOMERS, reading.lookalikeCustomers());
        context.putString(
                QUARANTINED,
                problems.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",")));
        contribution.incrementReadCount();
        log.info(
                "consent ledger: {} events, {} customers, {} after the business date ignored, {} quarantined, "
                        + "{} customers with uncertain consent, {} ledger customers not in the customer master "
                        + "({} of them withdrew: look-alike keys in doubt), {} withdrawals without a customer",
                events,
                book.customers(),
                book.ignoredAfterCutoff(),
                quarantined.size(),
                book.uncertainCustomers(),
                masterRead ? book.unmatchedCustomers() : "(not checked)",
                reading.lookalikeCustomers(),
                reading.unattributedWithdrawals());
        return RepeatStatus.FINISHED;
    }

    /**
     * Reads the customer master and the ledger into the business date's table. Deterministic: a worker JVM
     * of a remote run ({@link TagRuns#consent}) builds the same table as this step did in the manager.
     */
    Reading read(org.springframework.batch.core.job.parameters.JobParameters parameters) throws IOException {
        LocalDate date = SuiteJobParameters.businessDate(parameters);
        String data = parameters.getString(SuiteJobParameters.DATA);
        Instant cutoff = date.plusDays(1).atStartOfDay(zone).toInstant();

        List<String> purposes =
                policy.purposes().stream().map(ConsentPurpose::id).toList();
        Set<String> known = Set.copyOf(purposes);
        CustomerKey keys = policy.customerKeys();
        Map<LedgerLine.Problem, Long> problems = new EnumMap<>(LedgerLine.Problem.class);
        List<Object[]> quarantined = new ArrayList<>();
        long[] events = {0};
        java.nio.file.Path folder = ConsentTableBuilder.newFolder(tables);
        ConsentTableBuilder book = new ConsentTableBuilder(purposes, cutoff, keys, folder, shardCustomers, cacheBytes);
        DoubtfulWithdrawals.Builder doubts = new DoubtfulWithdrawals.Builder(purposes, cutoff);
        LedgerDigest digest = new LedgerDigest();
        digest.add(cutoff.toString());
        try {
            boolean masterRead = readMaster(book, data, digest);
            digest.add(masterRead ? "master read" : "no master");
            List<LedgerFile> files = ledgerFiles(data);
            // A line cannot be dated after its file was written: each file's own time bounds its lines, the
            // same for a restart and a remote worker (the digest holds the bounds, so a touched file is seen).
            Instant earliest = policy.earliestLedgerEvent().atStartOfDay(zone).toInstant();
            Map<String, LedgerLine.Dates> dates = new java.util.HashMap<>();
            Instant latestFileTime = Instant.now().plus(LedgerLine.Dates.CLOCK_SKEW);
            for (LedgerFile f : files) {
                // A file dated in the future (a writer's wrong clock, a touch) would lift the bound of its lines.
                if (Instant.ofEpochMilli(f.modified()).isAfter(latestFileTime)) {
                    throw new IllegalStateException("consent ledger file '" + ledger + "/" + f.relative()
                            + "' is dated " + Instant.ofEpochMilli(f.modified())
                            + ", after now: its lines' times cannot be judged, so nothing is tagged; correct the"
                            + " file's time (or the clock of the system that wrote it) and run tag again");
                }
                LedgerLine.Dates d = LedgerLine.Dates.ofFile(earliest, Instant.ofEpochMilli(f.modified()));
                dates.put(f.relative(), d);
                digest.add(f.relative() + " dated " + d.earliest() + " to " + d.latest());
            }
            forEachLine(data, (file, row, number, line) -> {
                events[0] = number;
                digest.add(file, line);
                LedgerLine.Dates d = dates.get(file.relative());
                if (d == null) {
                    throw new IllegalStateException(
                            "consent ledger '" + ledger + "' changed while it was read (a file"
                                    + " added): nothing is tagged from a ledger read half before and half after; run tag again");
                }
                LedgerLine.Validated v = line.validate(known, keys, d);
                if (v.event() != null) {
                    book.accept(v.event(), number);
                } else {
                    problems.merge(v.problem(), 1L, Long::sum);
                    quarantined.add(new Object[] {
                        file.relative(),
                        row,
                        v.problem().name(),
                        line.customerId(),
                        line.purpose(),
                        line.action(),
                        line.timestamp(),
                        line.channel(),
                        line.documentVersion()
                    });
                    if (v.uncertain()) book.uncertain(v.customer(), v.purpose(), v.earliest(), v.latest(), number);
                    else doubts.line(v);
                }
                return true;
            });
            String sha256 = digest.hex();
            ConsentTable table = book.build(masterRead);
            try {
                List<Object[]> unmatched = masterRead ? unmatched(data, table) : List.of();
                // the unmatched customers' ids were read again by line number: from the same files only
                if (!ledgerFiles(data).equals(files)) {
                    throw new IllegalStateException("consent ledger '" + ledger
                            + "' changed while it was read (a file added, replaced or removed): nothing is tagged "
                            + "from a ledger read half before and half after; run tag again");
                }
                for (Object[] u : unmatched) doubts.unmatchedCustomer((String) u[2], table);
                return new Reading(
                        table,
                        doubts.wrap(table),
                        events[0],
                        problems,
                        quarantined,
                        masterRead,
                        unmatched,
                        doubts.unattributedLines(),
                        doubts.lookalikeCustomers(),
                        sha256);
            } catch (IOException | RuntimeException e) {
                table.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            book.discard();
            throw e;
        }
    }

    /**
     * The first line of each ledger customer missing from the customer master, in the ledger's order: the
     * table knows their numbers; their ids are read again from the ledger (only when there are any).
     */
    private List<Object[]> unmatched(String data, ConsentTable book) throws IOException {
        long[] first = book.unmatchedFirstLines();
        List<Object[]> unmatched = new ArrayList<>();
        if (first.length == 0) return unmatched;
        Set<String> known = policy.purposes().stream().map(ConsentPurpose::id).collect(Collectors.toSet());
        int[] next = {0};
        forEachLine(data, (file, row, number, line) -> {
            if (number == first[next[0]]) {
                next[0]++;
                LedgerLine.Validated v = line.validate(known, policy.customerKeys());
                String customer = v.event() != null ? v.event().customerId() : v.customer();
                // null only if the ledger changed since the first reading: that line names no one now.
                if (customer != null) unmatched.add(new Object[] {file.relative(), row, customer, line.customerId()});
            }
            return next[0] < first.length;
        });
        return unmatched;
    }

    /** A ledger file as listed: its path under the ledger, its length and modification time (epoch ms). */
    record LedgerFile(String relative, long length, long modified) {}

    /** The ledger's files as listed now, each with its length and modification time; empty without a ledger. */
    private List<LedgerFile> ledgerFiles(String data) throws IOException {
        Path root = new Path(FileSystems.path(data), ledger);
        FileSystem fs = FileSystems.get(root, conf);
        if (!fs.exists(root)) return List.of();
        List<LedgerFile> files = new ArrayList<>();
        for (DatasetFile file : new DatasetLayout(conf).files(root)) {
            FileStatus status = fs.getFileStatus(file.path());
            files.add(new LedgerFile(file.relative(), status.getLen(), status.getModificationTime()));
        }
        return files;
    }

    /** Reads the ledger's lines in order, numbering them from 1 across its files. */
    private void forEachLine(String data, LineVisitor visitor) throws IOException {
        Path ledgerRoot = new Path(FileSystems.path(data), ledger);
        if (!FileSystems.get(ledgerRoot, conf).exists(ledgerRoot)) {
            throw new IllegalStateException("consent ledger dataset '" + ledger + "' not found under " + data
                    + ": without it no consent can be shown, so nothing is tagged");
        }
        long number = 0;
        for (DatasetFile file : new DatasetLayout(conf).files(ledgerRoot)) {
            try (ParquetRowReader reader = ParquetRowReader.open(file.path(), conf, columns)) {
                for (Object[] row = reader.read(); row != null; row = reader.read()) {
                    LedgerLine line = new LedgerLine(
                            CustomerKey.text(row[0]),
                            CustomerKey.text(row[1]),
                            CustomerKey.text(row[2]),
                            CustomerKey.text(row[3]),
                            CustomerKey.text(row[4]),
                            CustomerKey.text(row[5]));
                    if (!visitor.visit(file, reader.rowsRead(), ++number, line)) return;
                }
            } catch (IOException e) {
                throw new IOException(
                        "consent ledger '" + ledger + "', file " + file.relative() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Notes every customer of the customer master ({@code policy.yml customer_keys.master}, its key
     * column as classification.yml configures it) in the book; false when there is no master to read,
     * and then unmatched ledger customers are not counted.
     */
    private boolean readMaster(ConsentTableBuilder book, String data, LedgerDigest digest) throws IOException {
        String master = policy.customerMaster();
        Path root = new Path(FileSystems.path(data), master);
        if (!FileSystems.get(root, conf).exists(root)) {
            log.warn(
                    "customer master '{}' not found under the data root; ledger customers are not checked against it",
                    master);
            return false;
        }
        for (DatasetFile file : new DatasetLayout(conf).files(root)) {
            String key;
            try (ParquetRowReader probe = ParquetRowReader.open(file.path(), conf)) {
                List<String> names =
                        probe.fileSchema().columns().stream().map(Column::name).toList();
                key = classification.customerKey(master, names).orElse(null);
            } catch (IOException e) {
                key = null;
            }
            if (key == null) {
                log.warn(
                        "customer master '{}', file {}: unreadable or without a customer key column; ledger customers "
                                + "are not checked against it",
                        master,
                        file.relative());
                return false;
            }
            try (ParquetRowReader reader = ParquetRowReader.open(file.path(), conf, List.of(key))) {
                for (Object[] row = reader.read(); row != null; row = reader.read()) {
                    if (row[0] == null) continue;
                    String id = CustomerKey.text(row[0]);
                    digest.add(id);
                    book.addMasterCustomer(id);
                }
            } catch (IOException e) {
                // The classify step quarantines or fails on a bad file; here it only means no count.
                log.warn(
                        "customer master '{}', file {} unreadable ({}); ledger customers are not checked against it",
                        master,
                        file.relative(),
                        e.getMessage());
                return false;
            }
        }
        return true;
    }

    /** Replaces the date's quarantine file, or removes a stale one, so reruns converge. */
    private void writeQuarantine(Path dir, RowSchema schema, List<Object[]> rows) throws IOException {
        FileSystem fs = FileSystems.get(dir, conf);
        Path target = new Path(dir, "part-00000.parquet");
        if (rows.isEmpty()) {
            fs.delete(target, false);
            return;
        }
        fs.mkdirs(dir);
        Path temp = new Path(dir, ".part-00000.parquet.tmp");
        try (ParquetRowWriter writer = ParquetRowWriter.open(
                temp.toString(), schema, WriterOptions.defaults().withOverwrite(true), conf)) {
            for (Object[] row : rows) writer.write(row);
        }
        FileSystems.replace(fs, temp, target);
    }
}
