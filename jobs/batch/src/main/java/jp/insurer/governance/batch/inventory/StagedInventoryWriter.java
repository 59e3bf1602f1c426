package jp.insurer.governance.batch.inventory;

import java.io.IOException;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.parquet.FileSystems;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Stages each dataset's description as its own file; rewriting one after a crash is harmless. */
class StagedInventoryWriter implements ItemWriter<DatasetInventory> {

    private final Path staging;
    private final Configuration conf;

    StagedInventoryWriter(Path staging, Configuration conf) {
        this.staging = staging;
        this.conf = conf;
    }

    @Override
    public void write(Chunk<? extends DatasetInventory> chunk) throws IOException {
        for (DatasetInventory dataset : chunk) {
            FileSystems.writeReplacing(
                    new Path(staging, dataset.name() + ".json"), Json.MAPPER.writeValueAsBytes(dataset), conf);
        }
    }
}
