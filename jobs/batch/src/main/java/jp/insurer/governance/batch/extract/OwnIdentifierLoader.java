package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.tag.Catalog;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.PrivateFiles;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.extract.OwnIdentifierIndex;
import jp.insurer.governance.policy.extract.OwnIdentifierSources;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Builds the second leak check's index of every customer's own identifiers from the governed zone:
 * the identifier columns the catalog's classification names ({@link OwnIdentifierSources#columnsOf})
 * of every customer-linked dataset, read with only the customer key and those columns projected.
 * Values go straight into hashes ({@link OwnIdentifierIndex}); nothing is logged but counts.
 *
 * <p>The zone is read once per run, in parts on any JVMs ({@link #writeRun}, {@link OwnIdentifierPlan}); each
 * JVM that runs slices merges the parts' runs into its own index ({@link #load}).
 */
final class OwnIdentifierLoader {

    private static final Log log = LogFactory.getLog(OwnIdentifierLoader.class);

    private final Catalog catalog;
    private final OwnIdentifierSources sources;
    private final Configuration conf;
    private final OwnIdentifierIndexes indexes;
    private final long jobExecution;
    private final String state;
    private final String out;
    private final String policySha256;

    /**
     * @param indexes      this JVM's indexes, to build the index once per job execution
     * @param jobExecution the execution the index is built for
     * @param state        the suite's state folder: the index's files go into an owner-only folder under it
     * @param out          the output root, whose {@link OwnIdentifierPlan#work} holds the plan and the runs
     * @param policySha256 this JVM's policy: a plan made under another is refused
     */
    OwnIdentifierLoader(
            Catalog catalog,
            OwnIdentifierSources sources,
            Configuration conf,
            OwnIdentifierIndexes indexes,
            long jobExecution,
            String state,
            String out,
            String policySha256) {
        this.state = state;
        this.out = out;
        this.policySha256 = policySha256;
        this.catalog = catalog;
        this.sources = sources;
        this.conf = conf;
        this.indexes = indexes;
        this.jobExecution = jobExecution;
    }

    /** What will be read: dataset → column → identifier type. Checks the configured sources against the catalog. */
    Map<String, Map<String, String>> plan() {
        Map<String, Map<String, ColumnClassification>> classifications = ExtractInputs.classifications(catalog);
        Map<String, String> customerKeys = ExtractInputs.customerKeys(catalog);
        for (String d : sources.datasets()) {
            if (!customerKeys.containsKey(d)) {
                throw sources.origin()
                        .error("dataset '" + d + "' is not a tagged customer-linked dataset of the catalog; "
                                + "customer-linked: " + customerKeys.keySet());
            }
        }
        sources.columns().forEach((d, columns) -> {
            Map<String, ColumnClassification> known = classifications.get(d);
            if (known == null) throw sources.origin().error("unknown dataset '" + d + "' under columns");
            for (String c : columns.keySet()) {
                if (!known.containsKey(c))
                    throw sources.origin().error("unknown column '" + c + "' of dataset '" + d + "'");
            }
        });
        Map<String, Map<String, String>> plan = new LinkedHashMap<>();
        customerKeys.forEach((dataset, key) -> {
            Map<String, String> columns = sources.columnsOf(dataset, key, classifications.get(dataset));
            // a dataset whose only identifier is the customer key adds nothing the master does not: not read
            if (!columns.isEmpty() && !columns.keySet().equals(java.util.Set.of(key))) plan.put(dataset, columns);
        });
        return plan;
    }

    /**
     * The index of {@code governed}, merged from the plan's runs by the first slice of this execution to ask in this JVM; held
     * until {@link #release}.
     */
    OwnIdentifierIndex load(Path governed) throws IOException {
        return indexes.get(jobExecution, governed, this::build);
    }

    /** The slice is done with the index from {@link #load}: its files go once no slice holds it and a later execution replaced it. */
    void release(OwnIdentifierIndex index) {
        indexes.release(index);
    }

    /**
     * The index of this run's own-identifier plan: every part's run, as {@code extractOwnIdentifiers} left it on
     * the output's file system, merged into this JVM's own owner-only local folder. The runs are read as they are
     * merged (no local copy); each is checked whole before the index is used ({@link OwnIdentifierIndex#merge}).
     */
    private OwnIdentifierIndex build(Path governed) throws IOException {
        long started = System.nanoTime();
        FileSystem fs = FileSystems.get(FileSystems.path(out), conf);
        Path planFile = OwnIdentifierPlan.planFile(out);
        if (!fs.exists(planFile)) {
            throw new IllegalStateException("extract has no own-identifier plan (" + planFile
                    + "): it was cleared by another run; run extract again");
        }
        OwnIdentifierPlan plan = ExtractSlices.read(fs, planFile, OwnIdentifierPlan.class);
        plan.requirePolicy(policySha256);
        List<OwnIdentifierIndex.Run> runs = new ArrayList<>();
        for (int p = 0; p < plan.parts().size(); p++) {
            Path run = plan.run(out, p);
            if (!fs.exists(run)) {
                throw new IllegalStateException("own-identifier run " + run + " is missing: the step that writes it ("
                        + "extractOwnIdentifiers) did not complete for this plan; run extract again");
            }
            long bytes = fs.getFileStatus(run).getLen();
            runs.add(new OwnIdentifierIndex.Run(run.toString(), plan.label(p), bytes, () -> fs.open(run)));
        }
        java.nio.file.Path folder = ExtractPaths.ownIdentifiers(state);
        OwnIdentifierIndex index;
        try {
            index = OwnIdentifierIndex.merge(folder, runs);
        } catch (IOException | RuntimeException | Error e) {
            org.springframework.util.FileSystemUtils.deleteRecursively(folder);
            throw e;
        }
        log.info(String.format(
                java.util.Locale.ROOT,
                "own identifiers: %d customers, %d forms (%.1f per customer), %.1f MB on disk, %.1f MB heap, merged from %d runs in %.1f s",
                index.customers(),
                index.forms(),
                index.customers() == 0 ? 0.0 : (double) index.forms() / index.customers(),
                index.fileBytes() / 1e6,
                index.bytes() / 1e6,
                runs.size(),
                (System.nanoTime() - started) / 1e9));
        return index;
    }

    /**
     * {@code extractOwnIdentifiers}' partition: reads the part's stretches of the governed zone, hashes their
     * identifiers and writes them as one sorted run, whole under a temporary name and then renamed, so that a run
     * is there complete or not at all; a rerun writes the same bytes. Spills go to an owner-only local folder of
     * this process, deleted when the run is written.
     *
     * @return rows read
     */
    long writeRun(OwnIdentifierPlan plan, int part, Path governed) throws IOException {
        long started = System.nanoTime();
        plan.requirePolicy(policySha256);
        if (part < 0 || part >= plan.parts().size())
            throw new IllegalStateException("own-identifier part " + part + " is not one of the plan's "
                    + plan.parts().size() + "; run extract again");
        FileSystem fs = FileSystems.get(FileSystems.path(out), conf);
        Map<String, String> customerKeys = ExtractInputs.customerKeys(catalog);
        java.nio.file.Path spill = ExtractPaths.ownIdentifiers(state);
        long rows = 0;
        try {
            OwnIdentifierIndex.Builder builder = OwnIdentifierIndex.builder(spill);
            for (OwnIdentifierPlan.Segment s : plan.parts().get(part)) {
                rows += read(builder, s, plan.columns().get(s.dataset()), customerKeys.get(s.dataset()), governed, fs);
            }
            Path run = plan.run(out, part);
            Path temp = plan.runInProgress(out, part);
            fs.mkdirs(run.getParent());
            try {
                try (java.io.OutputStream o = PrivateFiles.create(fs, temp, true)) {
                    builder.writeRun(o, plan.label(part));
                }
                FileSystems.replace(fs, temp, run);
            } finally {
                fs.delete(temp, false);
            }
            log.info(String.format(
                    java.util.Locale.ROOT,
                    "own identifiers: part %d of %d, %d rows hashed in %.1f s",
                    part,
                    plan.parts().size(),
                    rows,
                    (System.nanoTime() - started) / 1e9));
            return rows;
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(spill);
        }
    }

    private long read(
            OwnIdentifierIndex.Builder builder,
            OwnIdentifierPlan.Segment s,
            Map<String, String> columns,
            String key,
            Path governed,
            FileSystem fs)
            throws IOException {
        if (columns == null || key == null)
            throw new IllegalStateException("dataset '" + s.dataset() + "' of the own-identifier plan is not a "
                    + "customer-linked dataset of the catalog any more; run extract again");
        Path file = new Path(new Path(governed, s.dataset()), s.relative());
        String now = fs.exists(file) ? OwnIdentifierPlan.stamp(fs, file) : null;
        if (!s.stamp().equals(now)) {
            throw new IllegalStateException("governed file " + s.dataset() + "/" + s.relative()
                    + " changed since this extract began (tag ran again?); run extract again");
        }
        List<String> projection = new ArrayList<>();
        projection.add(key);
        for (String c : columns.keySet()) if (!c.equals(key)) projection.add(c);
        String[] types = new String[projection.size()];
        String[] sourceNames = new String[projection.size()];
        for (int i = 0; i < projection.size(); i++) {
            types[i] = columns.get(projection.get(i)); // the key itself: its type when it is an identifier column
            sourceNames[i] = s.dataset() + "." + projection.get(i);
        }
        long rows = 0;
        try (ParquetRowReader reader = ParquetRowReader.openRowGroup(file, conf, projection, s.rowGroup())) {
            long at = 0;
            for (Object[] row = reader.read(); row != null && at < s.toRow(); row = reader.read(), at++) {
                if (at < s.fromRow()) continue; // an earlier part's rows of this row group
                rows++;
                Object customer = row[0];
                if (customer == null) continue;
                for (int i = 0; i < row.length; i++) {
                    if (types[i] != null) builder.add(customer, types[i], sourceNames[i], row[i]);
                }
            }
            if (at < s.toRow())
                throw new IOException("row group " + s.rowGroup() + " holds " + at + " rows, the plan counted "
                        + s.toRow() + " or more");
        } catch (IOException | RuntimeException ex) {
            throw new IOException(
                    "own identifiers: dataset '" + s.dataset() + "', file " + s.relative() + ": " + ex.getMessage(),
                    ex);
        }
        return rows;
    }
}
