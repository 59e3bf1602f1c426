package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.tag.Catalog;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.extract.OwnIdentifierIndex;
import jp.insurer.governance.policy.extract.OwnIdentifierSources;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Builds the second leak check's index of every customer's own identifiers from the governed zone:
 * the identifier columns the catalog's classification names ({@link OwnIdentifierSources#columnsOf})
 * of every customer-linked dataset, read with only the customer key and those columns projected.
 * Values go straight into hashes ({@link OwnIdentifierIndex}); nothing is logged but counts.
 */
final class OwnIdentifierLoader {

    private static final Log log = LogFactory.getLog(OwnIdentifierLoader.class);

    private final Catalog catalog;
    private final OwnIdentifierSources sources;
    private final Configuration conf;
    private final OwnIdentifierIndexes indexes;
    private final long jobExecution;
    private final String state;

    /**
     * @param indexes      this JVM's indexes, to build the index once per job execution
     * @param jobExecution the execution the index is built for
     * @param state        the suite's state folder: the index's files go into an owner-only folder under it
     */
    OwnIdentifierLoader(
            Catalog catalog,
            OwnIdentifierSources sources,
            Configuration conf,
            OwnIdentifierIndexes indexes,
            long jobExecution,
            String state) {
        this.state = state;
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
     * The index of {@code governed}, built by the first slice of this execution to ask in this JVM; held
     * until {@link #release}.
     */
    OwnIdentifierIndex load(Path governed) throws IOException {
        return indexes.get(jobExecution, governed, this::build);
    }

    /** The slice is done with the index from {@link #load}: its files go once no slice holds it and a later execution replaced it. */
    void release(OwnIdentifierIndex index) {
        indexes.release(index);
    }

    private OwnIdentifierIndex build(Path governed) throws IOException {
        long started = System.nanoTime();
        Map<String, String> customerKeys = ExtractInputs.customerKeys(catalog);
        java.nio.file.Path folder = ExtractPaths.ownIdentifiers(state);
        try {
            return build(governed, folder, started, customerKeys);
        } catch (IOException | RuntimeException | Error e) {
            org.springframework.util.FileSystemUtils.deleteRecursively(folder);
            throw e;
        }
    }

    private OwnIdentifierIndex build(
            Path governed, java.nio.file.Path folder, long started, Map<String, String> customerKeys)
            throws IOException {
        // on disk: heap does not grow with the customers (OwnIdentifierIndex#builder(Path))
        OwnIdentifierIndex.Builder builder = OwnIdentifierIndex.builder(folder);
        DatasetLayout layout = new DatasetLayout(conf);
        long rows = 0;
        for (Map.Entry<String, Map<String, String>> e : plan().entrySet()) {
            String dataset = e.getKey();
            String key = customerKeys.get(dataset);
            List<String> projection = new ArrayList<>();
            projection.add(key);
            for (String c : e.getValue().keySet()) if (!c.equals(key)) projection.add(c);
            String[] types = new String[projection.size()];
            String[] sourceNames = new String[projection.size()];
            for (int i = 0; i < projection.size(); i++) {
                types[i] = e.getValue()
                        .get(projection.get(i)); // the key itself: its type when it is an identifier column, else null
                sourceNames[i] = dataset + "." + projection.get(i);
            }
            for (DatasetFile file : layout.files(new Path(governed, dataset))) {
                if (!file.relative().endsWith(".parquet")) continue;
                try (ParquetRowReader reader = ParquetRowReader.open(file.path(), conf, projection)) {
                    for (Object[] row = reader.read(); row != null; row = reader.read()) {
                        Object customer = row[0];
                        if (customer == null) continue;
                        for (int i = 0; i < row.length; i++) {
                            if (types[i] != null) builder.add(customer, types[i], sourceNames[i], row[i]);
                        }
                        rows++;
                    }
                } catch (IOException | RuntimeException ex) {
                    throw new IOException(
                            "own identifiers: dataset '" + dataset + "', file " + file.relative() + ": "
                                    + ex.getMessage(),
                            ex);
                }
            }
        }
        OwnIdentifierIndex index = builder.build();
        log.info(String.format(
                java.util.Locale.ROOT,
                "own identifiers: %d customers, %d forms (%.1f per customer), %.1f MB on disk, %.1f MB heap, from %d rows in %.1f s",
                index.customers(),
                index.forms(),
                index.customers() == 0 ? 0.0 : (double) index.forms() / index.customers(),
                index.fileBytes() / 1e6,
                index.bytes() / 1e6,
                rows,
                (System.nanoTime() - started) / 1e9));
        return index;
    }
}
