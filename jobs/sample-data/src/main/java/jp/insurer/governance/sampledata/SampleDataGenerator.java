package jp.insurer.governance.sampledata;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.write.Codec;
import jp.insurer.governance.parquet.write.RollingRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Generates every dataset under one root. Two threads: one walks customers 1..N and streams each
 * customer's rows into eight open dataset writers; the other writes {@code web_events} day by day, one
 * partition open at a time. Nothing is held per customer beyond the customer being generated, so memory
 * is bounded by the open row groups whatever N is.
 */
final class SampleDataGenerator {

    static final String GROUND_TRUTH = "_ground_truth.json";
    static final String SUCCESS = "_SUCCESS";

    static final List<DatasetSpec> DATASETS = List.of(
            Customers.SPEC,
            Policies.SPEC,
            Claims.SPEC,
            Payments.SPEC,
            WebEvents.SPEC,
            ContactNotes.SPEC,
            ThirdPartyChecks.SPEC,
            ConsentLedger.SPEC,
            LegalHolds.SPEC);

    record Settings(
            long customers,
            String out,
            long seed,
            LocalDate asOf,
            Codec codec,
            boolean withAnomalies,
            boolean withTextTruth,
            boolean overwrite,
            long rowGroupBytes,
            long maxFileBytes) {}

    record DatasetResult(String name, long rows, int files) {}

    record Result(Path root, List<DatasetResult> datasets, ConsentLedger.Stats consentStats) {
        long totalRows() {
            return datasets.stream().mapToLong(DatasetResult::rows).sum();
        }
    }

    /** The output folder holds data this run would mix with; exit code 2. */
    static final class OutputNotEmptyException extends Exception {
        OutputNotEmptyException(String message) {
            super(message);
        }
    }

    private final Settings settings;
    private final Configuration conf;

    SampleDataGenerator(Settings settings, Configuration conf) {
        this.settings = settings;
        this.conf = conf;
    }

    Result run() throws IOException, InterruptedException, OutputNotEmptyException {
        Path root = FileSystems.path(settings.out());
        FileSystem fs = FileSystems.get(root, conf);
        prepare(fs, root);
        WriterOptions options = WriterOptions.defaults()
                .withCodec(settings.codec())
                .withRowGroupBytes(settings.rowGroupBytes())
                .withMetadata(Map.of(
                        "generator",
                        "governance-sample-data",
                        "generator.seed",
                        Long.toString(settings.seed()),
                        "generator.as_of",
                        settings.asOf().toString()));

        ExecutorService web = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "web-events");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<DatasetResult> webResult = web.submit(() -> writeWebEvents(root, options));
            ConsentLedger.Stats stats = new ConsentLedger.Stats();
            List<DatasetResult> perCustomer;
            try (TextTruth truth =
                    settings.withTextTruth() ? new TextTruth(fs.create(new Path(root, TextTruth.FILE), true)) : null) {
                perCustomer = writePerCustomer(root, options, stats, truth);
            }
            DatasetResult webEvents;
            try {
                webEvents = webResult.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException("web_events failed", e.getCause());
            }
            List<DatasetResult> all = new ArrayList<>();
            for (DatasetSpec spec : DATASETS) {
                if (spec == WebEvents.SPEC) {
                    all.add(webEvents);
                } else {
                    all.add(perCustomer.stream()
                            .filter(r -> r.name().equals(spec.name()))
                            .findFirst()
                            .orElseThrow());
                }
            }
            Result result = new Result(root, List.copyOf(all), stats);
            writeText(fs, new Path(root, GROUND_TRUTH), Json.write(GroundTruth.of(settings, result)));
            writeText(fs, new Path(root, SUCCESS), Json.write(GroundTruth.success(settings, result)));
            return result;
        } finally {
            web.shutdownNow();
        }
    }

    private List<DatasetResult> writePerCustomer(
            Path root, WriterOptions options, ConsentLedger.Stats stats, TextTruth truth) throws IOException {
        long seed = settings.seed();
        LocalDate asOf = settings.asOf();
        RollingRowWriter customers = open(root, Customers.SPEC, options);
        RollingRowWriter policies = open(root, Policies.SPEC, options);
        RollingRowWriter claims = open(root, Claims.SPEC, options);
        RollingRowWriter payments = open(root, Payments.SPEC, options);
        RollingRowWriter notes = open(root, ContactNotes.SPEC, options);
        RollingRowWriter checks = open(root, ThirdPartyChecks.SPEC, options);
        RollingRowWriter consent = open(root, ConsentLedger.SPEC, options);
        RollingRowWriter holds = open(root, LegalHolds.SPEC, options);
        List<RollingRowWriter> writers = List.of(customers, policies, claims, payments, notes, checks, consent, holds);
        List<DatasetSpec> specs = List.of(
                Customers.SPEC,
                Policies.SPEC,
                Claims.SPEC,
                Payments.SPEC,
                ContactNotes.SPEC,
                ThirdPartyChecks.SPEC,
                ConsentLedger.SPEC,
                LegalHolds.SPEC);
        try {
            for (long n = 1; n <= settings.customers(); n++) {
                Customer c = Customers.create(seed, asOf, n);
                customers.write(Customers.row(c));
                List<Policies.Policy> contracts = Policies.create(seed, asOf, c);
                for (Policies.Policy p : contracts) {
                    policies.write(Policies.row(c, p));
                }
                Claims.write(seed, asOf, c, contracts, claims::write, truth);
                Payments.write(seed, asOf, c, payments::write);
                ContactNotes.write(seed, asOf, c, notes::write, truth);
                ThirdPartyChecks.write(seed, asOf, c, checks::write);
                ConsentLedger.write(
                        seed, asOf, c, settings.customers(), settings.withAnomalies(), stats, consent::write);
                LegalHolds.write(seed, asOf, c, contracts, holds::write);
            }
        } finally {
            closeAll(writers);
        }
        List<DatasetResult> results = new ArrayList<>();
        for (int i = 0; i < writers.size(); i++) {
            results.add(new DatasetResult(
                    specs.get(i).name(),
                    writers.get(i).rows(),
                    writers.get(i).files().size()));
        }
        return results;
    }

    private DatasetResult writeWebEvents(Path root, WriterOptions options) throws IOException {
        Path dataset = new Path(root, WebEvents.SPEC.name());
        LocalDate day = WebEvents.firstDay(settings.asOf());
        long rows = 0;
        int files = 0;
        for (int i = 0; i < WebEvents.DAYS; i++, day = day.plusDays(1)) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IOException("interrupted");
            }
            Path partition = new Path(dataset, WebEvents.SPEC.partitionColumn() + "=" + day);
            RollingRowWriter writer = new RollingRowWriter(
                    partition, WebEvents.SPEC.schema(), options, conf, settings.maxFileBytes(), Long.MAX_VALUE);
            try (writer) {
                WebEvents.writeDay(settings.seed(), settings.asOf(), settings.customers(), day, writer::write);
            }
            // counted once closed: the last file's rows are final only then
            rows += writer.rows();
            files += writer.files().size();
        }
        return new DatasetResult(WebEvents.SPEC.name(), rows, files);
    }

    private RollingRowWriter open(Path root, DatasetSpec spec, WriterOptions options) {
        return new RollingRowWriter(
                new Path(root, spec.name()), spec.schema(), options, conf, settings.maxFileBytes(), Long.MAX_VALUE);
    }

    private static void closeAll(List<RollingRowWriter> writers) throws IOException {
        IOException first = null;
        for (RollingRowWriter w : writers) {
            try {
                w.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Refuses a folder holding anything but a previous run's output; with overwrite, removes the previous
     * run's datasets and sidecars (and nothing else). The success marker goes first, so a crash part-way
     * never leaves an old marker beside new data.
     */
    private void prepare(FileSystem fs, Path root) throws IOException, OutputNotEmptyException {
        if (!fs.exists(root)) {
            fs.mkdirs(root);
            return;
        }
        if (!fs.getFileStatus(root).isDirectory()) {
            throw new OutputNotEmptyException("--out: " + root + " is a file, not a folder");
        }
        FileStatus[] children = fs.listStatus(root);
        if (children.length == 0) {
            return;
        }
        List<String> ours = new ArrayList<>(List.of(SUCCESS, GROUND_TRUTH, TextTruth.FILE));
        DATASETS.forEach(d -> ours.add(d.name()));
        if (!settings.overwrite()) {
            throw new OutputNotEmptyException(
                    "--out: " + root + " is not empty; pass --overwrite to replace a previous run");
        }
        for (FileStatus child : children) {
            if (!ours.contains(child.getPath().getName())) {
                throw new OutputNotEmptyException("--out: " + root + " holds '"
                        + child.getPath().getName() + "', which is not generator output; refusing to overwrite");
            }
        }
        fs.delete(new Path(root, SUCCESS), false);
        for (FileStatus child : children) {
            fs.delete(child.getPath(), true);
        }
    }

    private static void writeText(FileSystem fs, Path path, String text) throws IOException {
        try (OutputStream out = fs.create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    static Map<String, Long> rowsByDataset(Result result) {
        Map<String, Long> rows = new LinkedHashMap<>();
        result.datasets().forEach(d -> rows.put(d.name(), d.rows()));
        return rows;
    }
}
