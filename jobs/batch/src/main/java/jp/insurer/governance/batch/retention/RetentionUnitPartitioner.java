package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.policy.retention.RetentionAction;
import jp.insurer.governance.policy.retention.RuleBinding;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import tools.jackson.core.type.TypeReference;

/**
 * Units of work: a date partition (all its files) for a dataset with a DROP_PARTITION rule, because
 * whether it may be dropped depends on every row in it; otherwise one file. Consecutive units are
 * grouped (up to 64 files) into step partitions, so a restart re-runs exactly the groups that did not
 * complete, and each unit is re-decided on the files as they are then: re-deciding an already
 * rewritten file deletes nothing more.
 *
 * <p>The plan is made once per job instance and kept in its state folder ({@value #PLAN}). Spring
 * Batch asks the partitioner again on restart and restarts only the names it returns; a plan made
 * from a fresh scan after an interrupted run dropped partitions has fewer, shifted groups, so a group
 * that had not finished could vanish (or land under the name of a completed one) and its rows stayed
 * although the restart ended "completed" (issue 12, finding 1).
 */
class RetentionUnitPartitioner implements Partitioner {

    static final String DATASET = "dataset";
    /** One unit per line: relative paths of its files, tab-separated. */
    static final String UNITS = "units";
    /** The partition's place in the plan: the order in which the manager commits changes staged remotely. */
    static final String INDEX = "index";
    /** The manager's policy hash and audit key id: a worker whose config or key differs refuses the partition. */
    static final String POLICY_SHA256 = "policySha256";

    static final String AUDIT_KEY_ID = "auditKeyId";

    static final int MAX_FILES = 64;
    /** The instance's plan, under its state folder. */
    static final String PLAN = "units-plan.json";

    private final RetentionRuns.Run run;
    private final Configuration conf;
    private final String policySha256;

    RetentionUnitPartitioner(RetentionRuns.Run run, Configuration conf, String policySha256) {
        this.run = run;
        this.conf = conf;
        this.policySha256 = policySha256;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Path file = new Path(run.state, PLAN);
        try {
            FileSystem fs = FileSystems.get(file, conf);
            Map<String, Map<String, String>> plan;
            if (fs.exists(file)) {
                try (InputStream in = fs.open(file)) {
                    plan = Json.MAPPER.readValue(
                            in, new TypeReference<LinkedHashMap<String, Map<String, String>>>() {});
                }
            } else {
                plan = plan();
                FileSystems.writeReplacing(file, Json.MAPPER.writeValueAsBytes(plan), conf);
            }
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            for (var p : plan.entrySet()) {
                ExecutionContext context = new ExecutionContext();
                context.putString(DATASET, p.getValue().get(DATASET));
                context.putString(UNITS, p.getValue().get(UNITS));
                context.putInt(INDEX, partitions.size());
                context.putString(POLICY_SHA256, policySha256);
                context.putString(AUDIT_KEY_ID, run.keyedHash == null ? "" : run.keyedHash.keyId());
                partitions.put(p.getKey(), context);
            }
            return partitions;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the retention plan " + file + " cannot be read or written: " + e.getMessage(), e);
        }
    }

    /** Step partition name → dataset and units, from this execution's scan. */
    private Map<String, Map<String, String>> plan() {
        Map<String, Map<String, String>> partitions = new LinkedHashMap<>();
        run.bindings.forEach((name, bindings) -> {
            if (bindings.isEmpty()) return;
            DatasetScan.Dataset dataset = run.scan.datasets().get(name);
            List<List<DatasetFile>> units = units(dataset.files(), bindings);
            StringBuilder group = new StringBuilder();
            int files = 0;
            int index = 0;
            for (List<DatasetFile> unit : units) {
                if (files > 0 && files + unit.size() > MAX_FILES) {
                    partitions.put("retention:" + name + "#" + index++, Map.of(DATASET, name, UNITS, group.toString()));
                    group = new StringBuilder();
                    files = 0;
                }
                for (int i = 0; i < unit.size(); i++)
                    group.append(i == 0 ? "" : "\t").append(unit.get(i).relative());
                group.append('\n');
                files += unit.size();
            }
            if (files > 0)
                partitions.put("retention:" + name + "#" + index, Map.of(DATASET, name, UNITS, group.toString()));
        });
        return partitions;
    }

    static List<List<DatasetFile>> units(List<DatasetFile> files, List<RuleBinding> bindings) {
        boolean byPartition = bindings.stream().anyMatch(b -> b.rule().action() == RetentionAction.DROP_PARTITION);
        Map<String, List<DatasetFile>> units = new LinkedHashMap<>();
        for (DatasetFile f : files) {
            units.computeIfAbsent(byPartition ? f.partitionPath() : f.relative(), k -> new ArrayList<>())
                    .add(f);
        }
        return new ArrayList<>(units.values());
    }
}
