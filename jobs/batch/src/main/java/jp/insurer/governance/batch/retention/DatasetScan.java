package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.tag.Catalog;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.dataset.ColumnSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.dataset.FooterReader;
import jp.insurer.governance.policy.classify.AcquisitionCategory;
import jp.insurer.governance.policy.classify.ClassificationPolicy;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What the rules are checked against: every dataset's files, real columns (from footers, so a rule
 * naming a column that is not in the data stops the job), Hive partition keys and acquisition
 * categories (from the catalog of the last tag run, else from the classification config).
 */
record DatasetScan(Map<String, Dataset> datasets) {

    record Dataset(
            String name,
            Path root,
            List<DatasetFile> files,
            Set<String> columns,
            Set<String> partitionKeys,
            Set<AcquisitionCategory> categories) {}

    static DatasetScan of(String data, String out, Configuration conf, ClassificationPolicy classification)
            throws IOException {
        DatasetLayout layout = new DatasetLayout(conf);
        FooterReader footers = new FooterReader(conf);
        Map<String, Set<AcquisitionCategory>> catalogCategories = catalogCategories(out, conf);
        Map<String, Dataset> datasets = new LinkedHashMap<>();
        for (Path root : layout.datasets(FileSystems.path(data))) {
            String name = root.getName();
            List<DatasetFile> files = layout.files(root);
            Set<String> columns = new LinkedHashSet<>();
            Set<String> keys = new LinkedHashSet<>();
            for (DatasetFile file : files) {
                for (ColumnSchema c : footers.read(file.path()).columns()) columns.add(c.name());
                keys.addAll(file.partition().keySet());
            }
            Set<AcquisitionCategory> categories = catalogCategories != null
                    ? catalogCategories.getOrDefault(name, Set.of())
                    : classification.datasetCategories(name);
            datasets.put(name, new Dataset(name, root, files, columns, keys, categories));
        }
        return new DatasetScan(datasets);
    }

    Map<String, Set<String>> columnsByDataset() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        datasets.forEach((k, v) -> m.put(k, v.columns()));
        return m;
    }

    Map<String, Set<String>> partitionKeysByDataset() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        datasets.forEach((k, v) -> m.put(k, v.partitionKeys()));
        return m;
    }

    Map<String, Set<AcquisitionCategory>> categoriesByDataset() {
        Map<String, Set<AcquisitionCategory>> m = new LinkedHashMap<>();
        datasets.forEach((k, v) -> m.put(k, v.categories()));
        return m;
    }

    /** Union of the column categories of each dataset in {@code out/catalog/catalog.json}, or null without one. */
    private static Map<String, Set<AcquisitionCategory>> catalogCategories(String out, Configuration conf)
            throws IOException {
        Path file = new Path(out, "catalog/catalog.json");
        FileSystem fs = FileSystems.get(file, conf);
        if (!fs.exists(file)) return null;
        Catalog catalog;
        try (InputStream in = fs.open(file)) {
            catalog = Json.MAPPER.readValue(in, Catalog.class);
        } catch (RuntimeException e) {
            throw new IOException("catalog " + file + " is unreadable: " + e.getMessage(), e);
        }
        Map<String, Set<AcquisitionCategory>> m = new LinkedHashMap<>();
        for (Catalog.Entry entry : catalog.datasets()) {
            Set<AcquisitionCategory> set = EnumSet.noneOf(AcquisitionCategory.class);
            for (Catalog.Column c : entry.columns()) {
                for (String cat : c.categories()) set.add(AcquisitionCategory.valueOf(cat));
            }
            m.put(entry.name(), set);
        }
        return m;
    }
}
