package jp.insurer.governance.batch.retention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.policy.retention.RetentionAction;
import jp.insurer.governance.policy.retention.RuleBinding;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Units of work: a date partition (all its files) for a dataset with a DROP_PARTITION rule, because
 * whether it may be dropped depends on every row in it; otherwise one file. Consecutive units are
 * grouped (up to 64 files) into step partitions with deterministic names and contents, so a restart
 * re-runs exactly the groups that did not complete, and each unit is re-decided on the files as they
 * are then: re-deciding an already rewritten file deletes nothing more.
 */
class RetentionUnitPartitioner implements Partitioner {

    static final String DATASET = "dataset";
    /** One unit per line: relative paths of its files, tab-separated. */
    static final String UNITS = "units";
    static final int MAX_FILES = 64;

    private final RetentionRuns.Run run;

    RetentionUnitPartitioner(RetentionRuns.Run run) {
        this.run = run;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        run.bindings.forEach((name, bindings) -> {
            if (bindings.isEmpty()) return;
            DatasetScan.Dataset dataset = run.scan.datasets().get(name);
            List<List<DatasetFile>> units = units(dataset.files(), bindings);
            StringBuilder group = new StringBuilder();
            int files = 0;
            int index = 0;
            for (List<DatasetFile> unit : units) {
                if (files > 0 && files + unit.size() > MAX_FILES) {
                    partitions.put("retention:" + name + "#" + index++, context(name, group));
                    group = new StringBuilder();
                    files = 0;
                }
                for (int i = 0; i < unit.size(); i++) group.append(i == 0 ? "" : "\t").append(unit.get(i).relative());
                group.append('\n');
                files += unit.size();
            }
            if (files > 0) partitions.put("retention:" + name + "#" + index, context(name, group));
        });
        return partitions;
    }

    static List<List<DatasetFile>> units(List<DatasetFile> files, List<RuleBinding> bindings) {
        boolean byPartition = bindings.stream().anyMatch(b -> b.rule().action() == RetentionAction.DROP_PARTITION);
        Map<String, List<DatasetFile>> units = new LinkedHashMap<>();
        for (DatasetFile f : files) {
            units.computeIfAbsent(byPartition ? f.partitionPath() : f.relative(), k -> new ArrayList<>()).add(f);
        }
        return new ArrayList<>(units.values());
    }

    private static ExecutionContext context(String dataset, StringBuilder units) {
        ExecutionContext context = new ExecutionContext();
        context.putString(DATASET, dataset);
        context.putString(UNITS, units.toString());
        return context;
    }
}
