package jp.insurer.governance.batch.tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.policy.classify.ColumnClassification;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Partitions of consecutive source files of one dataset, up to {@link #MAX_FILES} files or
 * {@link #MAX_BYTES} bytes each, so that 730 daily files do not cost 730 step executions. Names and
 * contents are deterministic: a restart re-runs exactly the partitions that did not complete, and
 * their workers rewrite each file whole. Each partition carries what its worker needs of the plan
 * ({@link Plan}, as JSON), so a worker in another JVM tags exactly as one in the manager's.
 */
class TagFilePartitioner implements Partitioner {

    static final String DATASET = "dataset";
    /** Newline-separated "relative\tpath" pairs. */
    static final String FILES = "files";
    /** The dataset's {@link Plan}, as JSON. */
    static final String PLAN = "plan";

    static final int MAX_FILES = 64;
    static final long MAX_BYTES = 256L * 1024 * 1024;

    /**
     * What a worker needs of a dataset's plan to tag its records.
     *
     * @param policySha256 the manager's policy: a worker with another one refuses the partition
     */
    record Plan(String customerKey, List<ColumnClassification> columns, String policySha256) {

        ColumnClassification column(String name) {
            return columns.stream()
                    .filter(c -> c.column().equals(name))
                    .findFirst()
                    .orElse(null);
        }
    }

    private final Map<String, DatasetPlan> plans;
    private final String policySha256;

    TagFilePartitioner(Map<String, DatasetPlan> plans, String policySha256) {
        this.plans = plans;
        this.policySha256 = policySha256;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (DatasetPlan dataset : plans.values()) {
            if (dataset.quarantined()) continue;
            String plan =
                    Json.MAPPER.writeValueAsString(new Plan(dataset.customerKey(), dataset.columns(), policySha256));
            List<DatasetFile> group = new ArrayList<>();
            long bytes = 0;
            int index = 0;
            for (DatasetFile file : dataset.files()) {
                if (!group.isEmpty() && (group.size() >= MAX_FILES || bytes + file.bytes() > MAX_BYTES)) {
                    partitions.put(name(dataset, index++), context(dataset, plan, group));
                    group = new ArrayList<>();
                    bytes = 0;
                }
                group.add(file);
                bytes += file.bytes();
            }
            if (!group.isEmpty()) partitions.put(name(dataset, index), context(dataset, plan, group));
        }
        return partitions;
    }

    private static String name(DatasetPlan plan, int index) {
        return "tag:" + plan.name() + "#" + index;
    }

    private static ExecutionContext context(DatasetPlan dataset, String plan, List<DatasetFile> files) {
        StringBuilder list = new StringBuilder();
        for (DatasetFile f : files)
            list.append(f.relative()).append('\t').append(f.path()).append('\n');
        ExecutionContext context = new ExecutionContext();
        context.putString(DATASET, dataset.name());
        context.putString(FILES, list.toString());
        context.putString(PLAN, plan);
        return context;
    }
}
