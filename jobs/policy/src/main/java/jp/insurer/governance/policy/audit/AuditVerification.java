package jp.insurer.governance.policy.audit;

/**
 * What {@link AuditVerifier} found. On success {@code records}, {@code lastSequence} and
 * {@code lastHash} describe the whole chain; otherwise they describe the intact part before the
 * first problem, and {@code file}, {@code line} (1-based within the file), {@code sequence} (null if
 * the line could not be read) and {@code reason} name the first broken record.
 */
public record AuditVerification(
        Status status,
        long records,
        long lastSequence,
        String lastHash,
        String file,
        long line,
        Long sequence,
        String reason) {

    public enum Status {
        /** Every record checks out. */
        OK,
        /**
         * The last line of the last file stops early: what a crash while writing leaves. Not tampering;
         * the record was written before its change, so the change never happened. Cut the line off
         * (record a CHAIN_REPAIRED) and resume from the intact head.
         */
        TORN_TAIL,
        /** A record's content does not match its own hash: it was modified. */
        MODIFIED,
        /** Sequence numbers skip or go back: records were deleted, inserted or reordered. */
        OUT_OF_SEQUENCE,
        /** A record's previous-hash is not the hash of the record before: one was replaced or re-forged. */
        BROKEN_LINK,
        /** A line that is not an audit record (and not a torn tail). */
        UNPARSABLE,
        /** The chain is intact but ends elsewhere than the anchor kept outside the log: its end was cut. */
        HEAD_MISMATCH
    }

    /** Whether the log shows tampering or damage other than a torn tail. */
    public boolean tampered() {
        return status != Status.OK && status != Status.TORN_TAIL;
    }

    @Override
    public String toString() {
        if (status == Status.OK)
            return "OK: " + records + " records, last sequence " + lastSequence + ", hash " + lastHash;
        return status + " at " + (file == null ? "line " : file + ":") + line
                + (sequence == null ? "" : " (sequence " + sequence + ")") + ": " + reason;
    }
}
