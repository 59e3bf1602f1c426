package jp.insurer.governance.batch.extract;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per part of the own-identifier plan ({@link OwnIdentifierPlan}), as many as
 * {@code governance.extract.slices}, the number {@code extractPlan} split the zone into; each carries the
 * manager's policy sha256, which a worker with another config refuses.
 */
class OwnIdentifierPartitioner implements Partitioner {

    /** The part of a partition. */
    static final String PART = "ownIdentifierPart";

    private final int parts;
    private final String policySha256;

    OwnIdentifierPartitioner(int parts, String policySha256) {
        this.parts = parts;
        this.policySha256 = policySha256;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (int p = 0; p < parts; p++) {
            ExecutionContext context = new ExecutionContext();
            context.putString(ExtractProfilePartitioner.POLICY_SHA256, policySha256);
            context.putInt(PART, p);
            partitions.put("ownIdentifiers:part-" + p, context);
        }
        return partitions;
    }
}
