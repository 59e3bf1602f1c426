package jp.insurer.governance.policy.retention;

/** What happens to expired data. */
public enum RetentionAction {
    /** Remove whole {@code dt=YYYY-MM-DD} partitions; only for datasets with a date partition key. */
    DROP_PARTITION,
    /** Remove the expired rows, keep the rest of each file. */
    PURGE_ROWS,
    /** Set the rule's {@code columns} to null in expired rows, keep the rows themselves. */
    PURGE_COLUMNS
}
