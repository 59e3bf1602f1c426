package jp.insurer.governance.batch.inventory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.insurer.governance.parquet.dataset.ColumnSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.dataset.FileFooter;
import jp.insurer.governance.parquet.dataset.FooterReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Describes one dataset from its listing and footers; rows are never read. */
class DatasetScanner implements ItemProcessor<Path, DatasetInventory> {

    private static final Logger log = LoggerFactory.getLogger(DatasetScanner.class);

    private final DatasetLayout layout;
    private final FooterReader footers;

    DatasetScanner(Configuration conf) {
        this.layout = new DatasetLayout(conf);
        this.footers = new FooterReader(conf);
    }

    @Override
    public DatasetInventory process(Path dataset) throws IOException {
        List<DatasetInventory.FileEntry> files = new ArrayList<>();
        List<DatasetInventory.Unreadable> unreadable = new ArrayList<>();
        Map<String, ColumnAccumulator> columns = new LinkedHashMap<>();
        Map<String, PartitionAccumulator> partitions = new TreeMap<>();
        LinkedHashSet<String> partitionKeys = new LinkedHashSet<>();
        long rows = 0;
        long bytes = 0;

        for (DatasetFile file : layout.files(dataset)) {
            bytes += file.bytes();
            partitionKeys.addAll(file.partition().keySet());
            PartitionAccumulator partition =
                    partitions.computeIfAbsent(file.partitionPath(), p -> new PartitionAccumulator(file.partition()));
            partition.bytes += file.bytes();
            partition.files++;
            FileFooter footer;
            try {
                footer = footers.read(file.path());
            } catch (IOException e) {
                log.warn(
                        "dataset {}: file {} is unreadable and left out of the counts: {}",
                        dataset.getName(),
                        file.relative(),
                        reason(e));
                unreadable.add(new DatasetInventory.Unreadable(file.relative(), reason(e)));
                continue;
            }
            rows += footer.rows();
            partition.rows += footer.rows();
            files.add(new DatasetInventory.FileEntry(
                    file.relative(), file.bytes(), footer.rows(), footer.rowGroups(), footer.createdBy()));
            for (ColumnSchema c : footer.columns()) {
                columns.computeIfAbsent(c.name(), n -> new ColumnAccumulator(c)).add(c);
            }
        }

        List<DatasetInventory.Partition> partitionList = new ArrayList<>();
        if (!partitionKeys.isEmpty()) {
            partitions.forEach((path, p) ->
                    partitionList.add(new DatasetInventory.Partition(path, p.values, p.files, p.rows, p.bytes)));
        }
        return new DatasetInventory(
                dataset.getName(),
                dataset.toString(),
                rows,
                bytes,
                List.copyOf(partitionKeys),
                partitionList,
                columns.values().stream().map(ColumnAccumulator::toColumn).toList(),
                files,
                unreadable);
    }

    /** The reason without the file's absolute location, which the report already gives. */
    private static String reason(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replace('\n', ' ');
    }

    private static final class ColumnAccumulator {
        private final ColumnSchema first;
        private final LinkedHashSet<String> types = new LinkedHashSet<>();
        private int files;

        ColumnAccumulator(ColumnSchema first) {
            this.first = first;
        }

        void add(ColumnSchema c) {
            types.add(c.type());
            files++;
        }

        DatasetInventory.Column toColumn() {
            return new DatasetInventory.Column(
                    first.name(),
                    first.physicalType(),
                    first.logicalType(),
                    first.repetition(),
                    List.copyOf(types),
                    files);
        }
    }

    private static final class PartitionAccumulator {
        private final Map<String, String> values;
        private int files;
        private long rows;
        private long bytes;

        PartitionAccumulator(Map<String, String> values) {
            this.values = values;
        }
    }
}
