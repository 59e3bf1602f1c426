package jp.insurer.governance.policy.retention;

/**
 * What one rule does to one row. An enum, not a record, so that deciding allocates nothing per row.
 */
public enum RowDecision {
    /** Not expired, or the clock has not started (consent still given, contract still running). */
    KEEP(null),
    /** The clock value is missing: a null clock never deletes; counted so someone can look. */
    KEEP_NULL_CLOCK(null),
    /** Expired, but the rule's scope excludes the row (e.g. the customer did contract). */
    KEEP_OUT_OF_SCOPE(null),
    /** Expired, spared by a legal hold; the skipped deletion is recorded. */
    SPARED_LEGAL_HOLD(ExceptionKind.LEGAL_HOLD),
    /** Expired, spared because the customer has a contract in force. */
    SPARED_ACTIVE_CONTRACT(ExceptionKind.ACTIVE_CONTRACT),
    /** Expired, spared because the customer has an open claim. */
    SPARED_OPEN_CLAIM(ExceptionKind.OPEN_CLAIM),
    /** Expired: remove the row (PURGE_ROWS, DROP_PARTITION). */
    DELETE_ROW(null),
    /** Expired: set the rule's columns to null, keep the row (PURGE_COLUMNS). */
    NULL_COLUMNS(null);

    private final ExceptionKind sparedBy;

    RowDecision(ExceptionKind sparedBy) {
        this.sparedBy = sparedBy;
    }

    /** The exception that spared an expired row, or null. */
    public ExceptionKind sparedBy() {
        return sparedBy;
    }

    /** Whether the row is changed (removed or nulled). */
    public boolean changesRow() {
        return this == DELETE_ROW || this == NULL_COLUMNS;
    }

    static RowDecision spared(ExceptionKind kind) {
        return switch (kind) {
            case LEGAL_HOLD -> SPARED_LEGAL_HOLD;
            case ACTIVE_CONTRACT -> SPARED_ACTIVE_CONTRACT;
            case OPEN_CLAIM -> SPARED_OPEN_CLAIM;
        };
    }
}
