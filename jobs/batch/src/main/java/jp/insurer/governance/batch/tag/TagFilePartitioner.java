package jp.insurer.governance.batch.tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Partitions of consecutive source files of one dataset, up to {@link #MAX_FILES} files or
 * {@link #MAX_BYTES} bytes each, so that 730 daily files do not cost 730 step executions. Names and
 * contents are deterministic: a restart re-runs exactly the partitions that did not complete, and
 * their workers rewrite each file whole.
 */
class TagFilePartitioner implements Partitioner {

    static final String DATASET = "dataset";
    /** Newline-separated "relative\tpath" pairs. */
    static final String FILES = "files";

    static final int MAX_FILES = 64;
    static final long MAX_BYTES = 256L * 1024 * 1024;

    private final Map<String, DatasetPlan> plans;

    TagFilePartitioner(Map<String, DatasetPlan> plans) {
        this.plans = plans;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (DatasetPlan plan : plans.values()) {
            if (plan.quarantined()) continue;
            List<DatasetFile> group = new ArrayList<>();
            long bytes = 0;
            int index = 0;
            for (DatasetFile file : plan.files()) {
                if (!group.isEmpty() && (group.size() >= MAX_FILES || bytes + file.bytes() > MAX_BYTES)) {
                    partitions.put(name(plan, index++), context(plan, group));
                    group = new ArrayList<>();
                    bytes = 0;
                }
                group.add(file);
                bytes += file.bytes();
            }
            if (!group.isEmpty()) partitions.put(name(plan, index), context(plan, group));
        }
        return partitions;
    }

    private static String name(DatasetPlan plan, int index) {
        return "tag:" + plan.name() + "#" + index;
    }

    private static ExecutionContext context(DatasetPlan plan, List<DatasetFile> files) {
        StringBuilder list = new StringBuilder();
        for (DatasetFile f : files)
            list.append(f.relative()).append('\t').append(f.path()).append('\n');
        ExecutionContext context = new ExecutionContext();
        context.putString(DATASET, plan.name());
        context.putString(FILES, list.toString());
        return context;
    }
}
