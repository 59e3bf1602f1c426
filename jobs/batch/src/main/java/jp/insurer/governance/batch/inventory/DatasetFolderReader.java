package jp.insurer.governance.batch.inventory;

import java.util.Iterator;
import java.util.List;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Dataset folders under the data root, in name order. The listing is sorted, so the item count
 * Spring Batch saves at each commit points at the same dataset after a restart.
 */
class DatasetFolderReader extends AbstractItemCountingItemStreamItemReader<Path> {

    private final Path root;
    private final DatasetLayout layout;
    private Iterator<Path> datasets;

    DatasetFolderReader(Path root, Configuration conf) {
        this.root = root;
        this.layout = new DatasetLayout(conf);
        setName("datasetFolders");
    }

    @Override
    protected void doOpen() throws Exception {
        List<Path> all = layout.datasets(root);
        datasets = all.iterator();
    }

    @Override
    protected Path doRead() {
        return datasets.hasNext() ? datasets.next() : null;
    }

    @Override
    protected void doClose() {
        datasets = null;
    }
}
