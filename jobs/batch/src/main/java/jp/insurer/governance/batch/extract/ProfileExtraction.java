package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.ColumnType;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import jp.insurer.governance.policy.anonymity.EquivalenceClassProfile;
import jp.insurer.governance.policy.anonymity.KAnonymity;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.consent.ConsentState;
import jp.insurer.governance.policy.extract.ConsentGate;
import jp.insurer.governance.policy.extract.DatasetTransformer;
import jp.insurer.governance.policy.extract.ExtractManifest;
import jp.insurer.governance.policy.extract.ExtractPlan;
import jp.insurer.governance.policy.extract.LeakCheck;
import jp.insurer.governance.policy.extract.RecordVerdict;
import jp.insurer.governance.policy.detect.TextScanner;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.Pseudonymizer;
import jp.insurer.governance.policy.transform.TextScrubber;
import jp.insurer.governance.policy.transform.Transform;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Builds one profile's extract into its staging folder, from the governed zone:
 * <ol>
 *   <li>pass 1, per dataset with quasi-identifiers: the consent gate, then only the quasi-identifier
 *       columns transformed and counted into equivalence classes (memory grows with the classes, not
 *       the rows); k-anonymity judges each dataset as a whole;</li>
 *   <li>pass 2: the gate again, every released column transformed, rows of too-small classes
 *       suppressed, every released string value leak-checked, the rest written to
 *       {@code DATASET/part-00000.parquet} with the extract id and policy in the footer.</li>
 * </ol>
 * Files are read in path order and rows in file order on one thread, so a rerun writes the same
 * bytes. Nothing here decides what is allowed: that is the policy core's plan, gate and transforms.
 */
final class ProfileExtraction {

    static final String FILE_NAME = "part-00000.parquet";

    private final ExtractPlan plan;
    private final Policy policy;
    private final Hierarchies hierarchies;
    private final Pseudonymizer pseudonymizer;
    private final TextScanner scanner;
    private final TextScrubber scrubber;
    private final ConsentGate gate;
    private final List<String> consentColumns;
    private final LocalDate date;
    private final ZoneId zone;
    private final Configuration conf;

    ProfileExtraction(ExtractPlan plan, Policy policy, Hierarchies hierarchies, Pseudonymizer pseudonymizer,
                      TextScanner scanner, LocalDate date, ZoneId zone, Configuration conf) {
        this.plan = plan;
        this.policy = policy;
        this.hierarchies = hierarchies;
        this.pseudonymizer = pseudonymizer;
        this.scanner = scanner;
        this.scrubber = new TextScrubber(scanner);
        List<String> purposes = policy.purposes().stream().map(ConsentPurpose::id).toList();
        this.gate = ConsentGate.forProfile(plan.profile(), purposes);
        this.consentColumns = purposes.stream().map(p -> "_consent_" + p.toLowerCase(Locale.ROOT)).toList();
        this.date = date;
        this.zone = zone;
        this.conf = conf;
    }

    /** An extract whose released values hold data of a type their column may not hold. */
    static final class LeakException extends IllegalStateException {
        LeakException(String message) {
            super(message);
        }
    }

    /**
     * Writes the Parquet files into {@code staging} and returns the manifest (written by the caller).
     *
     * @throws LeakException naming dataset, column and type (never a value) when the leak check finds anything
     */
    ExtractManifest run(String extractId, Path governed, Path staging, String keyFingerprint) throws IOException {
        FileSystem fs = jp.insurer.governance.parquet.FileSystems.get(staging, conf);
        Map<String, Long> excluded = new LinkedHashMap<>();
        for (RecordVerdict v : RecordVerdict.values()) if (!v.included()) excluded.put(v.name(), 0L);
        excluded.put(ExtractManifest.K_ANONYMITY, 0L);
        List<KAnonymity.Judgement> judgements = new ArrayList<>();
        List<ExtractManifest.File> files = new ArrayList<>();
        DatasetLayout layout = new DatasetLayout(conf);
        for (ExtractPlan.Dataset dataset : plan.datasets()) {
            List<DatasetFile> sources = layout.files(new Path(governed, dataset.name()));
            sources.removeIf(f -> !f.relative().endsWith(".parquet"));
            if (sources.isEmpty()) {
                throw new IllegalStateException("dataset '" + dataset.name() + "' has no governed files; run tag for " + date + " first");
            }
            KAnonymity.Judgement judgement = dataset.quasiIdentifiers().isEmpty() ? null : profileClasses(dataset, sources);
            if (judgement != null) judgements.add(judgement);
            String relative = dataset.name() + "/" + FILE_NAME;
            long rows = release(dataset, sources, judgement, new Path(staging, relative), extractId, excluded);
            files.add(new ExtractManifest.File(relative, sha256(fs, new Path(staging, relative)), rows, dataset.quasiIdentifiers()));
        }
        var profile = plan.profile();
        return new ExtractManifest(extractId, profile.name(), profile.recipient(), profile.purpose().id(), date,
                policy.version(), policy.sha256(), profile.k(), ExtractManifest.kAchieved(judgements),
                judgements.isEmpty() ? ExtractManifest.Risk.NONE : ExtractManifest.Risk.combine(judgements),
                excluded, files, keyFingerprint);
    }

    /** Pass 1: the equivalence classes of the records the gate lets through, over the released quasi-identifiers. */
    private KAnonymity.Judgement profileClasses(ExtractPlan.Dataset dataset, List<DatasetFile> sources) throws IOException {
        List<ExtractPlan.Column> qiColumns = dataset.released().stream()
                .filter(c -> dataset.quasiIdentifiers().contains(c.name())).toList();
        ExtractPlan.Dataset qiOnly = new ExtractPlan.Dataset(dataset.name(), qiColumns, dataset.quasiIdentifiers());
        List<String> projection = projection(qiColumns);
        DatasetTransformer transformer = DatasetTransformer.compile(qiOnly, projection, hierarchies, pseudonymizer,
                scrubber, date, zone);
        EquivalenceClassProfile classes = new EquivalenceClassProfile(dataset.quasiIdentifiers());
        ConsentState[] states = new ConsentState[consentColumns.size()];
        Object[] released = new Object[transformer.outputColumns().size()];
        for (DatasetFile file : sources) {
            try (ParquetRowReader reader = ParquetRowReader.open(file.path(), conf, projection)) {
                for (Object[] row = reader.read(); row != null; row = reader.read()) {
                    ConsentState[] s = states(row, states);
                    if (!gate.decide(s).included()) continue;
                    transformer.apply(row, gate.sensitiveAllowed(s), released);
                    classes.add(transformer.quasiIdentifiers(released));
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException("dataset '" + dataset.name() + "', file " + file.relative() + ": " + e.getMessage(), e);
            }
        }
        return new KAnonymity(plan.profile().k()).judge(classes);
    }

    /** Pass 2: gate, transform, suppress, leak-check and write one dataset; returns the rows written. */
    private long release(ExtractPlan.Dataset dataset, List<DatasetFile> sources, KAnonymity.Judgement judgement,
                         Path target, String extractId, Map<String, Long> excluded) throws IOException {
        List<ExtractPlan.Column> columns = dataset.released();
        List<String> projection = projection(columns);
        DatasetTransformer transformer = DatasetTransformer.compile(dataset, projection, hierarchies, pseudonymizer,
                scrubber, date, zone);
        LeakCheck leaks = LeakCheck.forDataset(scanner, dataset, gate.sensitiveEligible());
        List<String> names = transformer.outputColumns();
        ConsentState[] states = new ConsentState[consentColumns.size()];
        long[] byVerdict = new long[RecordVerdict.values().length];
        long suppressed = 0;
        WriterOptions options = WriterOptions.defaults().withOverwrite(true).withMetadata(Map.of(
                "governance.extract.id", extractId,
                "governance.extract.profile", plan.profile().name(),
                "governance.policy.version", policy.version(),
                "governance.policy.sha256", policy.sha256(),
                "governance.business.date", date.toString()));
        ParquetRowWriter writer = null;
        try {
            for (DatasetFile file : sources) {
                try (ParquetRowReader reader = ParquetRowReader.open(file.path(), conf, projection)) {
                    if (writer == null) {
                        writer = ParquetRowWriter.open(target.toString(), outputSchema(dataset, reader.schema()), options, conf);
                    }
                    for (Object[] row = reader.read(); row != null; row = reader.read()) {
                        ConsentState[] s = states(row, states);
                        RecordVerdict verdict = gate.decide(s);
                        if (!verdict.included()) {
                            byVerdict[verdict.ordinal()]++;
                            continue;
                        }
                        Object[] out = transformer.apply(row, gate.sensitiveAllowed(s));
                        if (judgement != null && judgement.suppressed(transformer.quasiIdentifiers(out))) {
                            suppressed++;
                            continue;
                        }
                        leaks.inspect(names, out);
                        writer.write(out);
                    }
                } catch (IOException | RuntimeException e) {
                    throw new IOException("dataset '" + dataset.name() + "', file " + file.relative() + ": " + e.getMessage(), e);
                }
            }
        } finally {
            if (writer != null) writer.close();
        }
        if (!leaks.clean()) {
            StringBuilder s = new StringBuilder("leak check failed for extract " + extractId + ", nothing was published:");
            for (LeakCheck.Leak leak : leaks.leaks()) {
                s.append(" dataset '").append(dataset.name()).append("' column '").append(leak.column())
                        .append("' holds ").append(leak.type()).append(';');
            }
            throw new LeakException(s.append(" fix the profile's transform for these columns").toString());
        }
        for (RecordVerdict v : RecordVerdict.values()) {
            if (!v.included()) excluded.merge(v.name(), byVerdict[v.ordinal()], Long::sum);
        }
        excluded.merge(ExtractManifest.K_ANONYMITY, suppressed, Long::sum);
        return writer.rows();
    }

    /** Tag columns first (customer link, consent per purpose), then the released source columns. */
    private List<String> projection(List<ExtractPlan.Column> columns) {
        List<String> names = new ArrayList<>();
        names.add("_customer_linked");
        names.addAll(consentColumns);
        for (ExtractPlan.Column c : columns) if (!names.contains(c.name())) names.add(c.name());
        return names;
    }

    /**
     * A record's consent states in policy order, null when it has no customer. A missing state of a
     * linked record counts as NOT_GIVEN: silence is never consent.
     */
    private static ConsentState[] states(Object[] row, ConsentState[] into) {
        if (!Boolean.TRUE.equals(row[0])) return null;
        for (int i = 0; i < into.length; i++) {
            Object v = row[1 + i];
            into[i] = v == null ? ConsentState.NOT_GIVEN : ConsentState.valueOf(v.toString());
        }
        return into;
    }

    /** Kept columns keep their source type; everything transformed is text. All nullable (gated cells become null). */
    private static RowSchema outputSchema(ExtractPlan.Dataset dataset, RowSchema source) {
        List<Column> out = new ArrayList<>();
        for (ExtractPlan.Column c : dataset.released()) {
            if (c.transform() instanceof Transform.Keep) {
                Column s = source.column(source.indexOf(c.name()));
                out.add(new Column(s.name(), s.type(), true, s.precision(), s.scale(), s.timeUnit(), s.utcAdjusted()));
            } else {
                out.add(Column.of(c.name(), ColumnType.STRING));
            }
        }
        return RowSchema.of(dataset.name(), out);
    }

    static String sha256(FileSystem fs, Path file) throws IOException {
        try (InputStream in = new DigestInputStream(fs.open(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(FileSystem fs, Path file, String text) throws IOException {
        try (OutputStream out = fs.create(file, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
