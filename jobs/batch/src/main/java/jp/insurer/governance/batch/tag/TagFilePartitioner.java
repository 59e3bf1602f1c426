package jp.insurer.governance.batch.tag;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per source file, named after it: a restart re-runs exactly the files whose
 * partition did not complete, and each file's output is committed whole by its worker.
 */
class TagFilePartitioner implements Partitioner {

    static final String DATASET = "dataset";
    static final String RELATIVE = "relative";
    static final String PATH = "path";

    private final Map<String, DatasetPlan> plans;

    TagFilePartitioner(Map<String, DatasetPlan> plans) {
        this.plans = plans;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        plans.values().stream().filter(p -> !p.quarantined()).forEach(plan -> {
            for (DatasetFile file : plan.files()) {
                ExecutionContext context = new ExecutionContext();
                context.putString(DATASET, plan.name());
                context.putString(RELATIVE, file.relative());
                context.putString(PATH, file.path().toString());
                partitions.put("tag:" + plan.name() + "/" + file.relative(), context);
            }
        });
        return partitions;
    }
}
