package jp.insurer.governance.policy.retention;

/** What happens to one date partition under a DROP_PARTITION rule. */
public enum PartitionVerdict {
    /** Not expired (the partition is not even read), or expired with every row spared. */
    KEEP,
    /** The partition value is not a date: a null clock never deletes. */
    KEEP_NULL_CLOCK,
    /** Expired and no row is spared: remove the partition folder whole. */
    DROP,
    /** Expired, but some rows are spared (legal hold, exception, scope): rewrite keeping only those. */
    REWRITE
}
