package jp.insurer.governance.parquet.dataset;

import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * One data file of a dataset.
 *
 * @param path       absolute, qualified path
 * @param relative   path below the dataset folder, with '/' separators (stable across filesystems)
 * @param partition  Hive-style partition values from the folders above it ({@code dt=2026-11-24})
 * @param bytes      file length
 */
public record DatasetFile(Path path, String relative, Map<String, String> partition, long bytes) {

    public DatasetFile {
        partition = Map.copyOf(partition);
    }

    /** The partition folder below the dataset ("dt=2026-11-24"), or "" for an unpartitioned file. */
    public String partitionPath() {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash);
    }
}
