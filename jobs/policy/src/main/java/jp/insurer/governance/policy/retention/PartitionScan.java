package jp.insurer.governance.policy.retention;

import java.time.LocalDate;

/**
 * The decision for one date partition. If {@link #needsRows()} the job streams the partition's
 * customer (and policy) ids through {@link #row}; a partition is dropped whole only when no row was
 * spared, because a legal hold must survive even a whole-partition drop. Not thread-safe: one scan
 * per partition and thread.
 */
public final class PartitionScan {

    private final RetentionDecider decider;
    private final LocalDate partitionDate;
    private final boolean expired;
    private long removed;
    private long kept;

    PartitionScan(RetentionDecider decider, LocalDate partitionDate) {
        this.decider = decider;
        this.partitionDate = partitionDate;
        this.expired = partitionDate != null && decider.isExpired(partitionDate);
    }

    public LocalDate partitionDate() {
        return partitionDate;
    }

    /** Whether the rows must be looked at; false means the verdict is already final. */
    public boolean needsRows() {
        return expired;
    }

    /** Decides one row of an expired partition. */
    public RowDecision row(String customerId, String policyId, RetentionFacts facts) {
        if (!expired) throw new IllegalStateException("partition is not expired; rows need no decision");
        RowDecision d = decider.decideExpired(customerId, policyId, facts);
        if (d.changesRow()) removed++;
        else kept++;
        return d;
    }

    public long rowsRemoved() {
        return removed;
    }

    public long rowsKept() {
        return kept;
    }

    public PartitionVerdict verdict() {
        if (partitionDate == null) return PartitionVerdict.KEEP_NULL_CLOCK;
        if (!expired) return PartitionVerdict.KEEP;
        if (kept == 0) return PartitionVerdict.DROP;
        // Every row spared: nothing to change, the files stay as they are.
        return removed == 0 ? PartitionVerdict.KEEP : PartitionVerdict.REWRITE;
    }
}
