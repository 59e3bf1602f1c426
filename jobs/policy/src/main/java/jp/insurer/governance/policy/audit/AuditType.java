package jp.insurer.governance.policy.audit;

/** Kinds of audit records written by the suite's jobs. */
public enum AuditType {
    RUN_STARTED,
    /** A change about to be made: written and synced before the change, with the checksums of the
     *  file now and of the staged replacement. */
    RETENTION_DECISION,
    /** The change of the referenced decision is in place. */
    RETENTION_COMMITTED,
    /** An expired deletion not made because a legal hold covers it. */
    RETENTION_SKIPPED_LEGAL_HOLD,
    RUN_FINISHED,
    /** A torn last line (crash while writing) was cut off before appending resumed. */
    CHAIN_REPAIRED,
    /** Provision chain (out/provision/): one batch of the customers of a third-party provision and the
     *  consent relied on for each; written before the provision's {@link #PROVISION_RECORDED}. */
    PROVISION_CUSTOMERS,
    /** Provision chain: seals one third-party provision (date, recipient, items, regime), written and
     *  synced after all its customer batches and before the extract becomes visible. */
    PROVISION_RECORDED
}
