package jp.insurer.governance.batch.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** One partition per profile: a restart redoes only the profiles whose extract was not released. */
class ExtractProfilePartitioner implements Partitioner {

    private final List<String> profiles;

    ExtractProfilePartitioner(List<String> profiles) {
        this.profiles = List.copyOf(profiles);
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (String profile : profiles) {
            ExecutionContext context = new ExecutionContext();
            context.putString(ExtractParameters.PROFILE, profile);
            partitions.put("extract:" + profile, context);
        }
        return partitions;
    }
}
