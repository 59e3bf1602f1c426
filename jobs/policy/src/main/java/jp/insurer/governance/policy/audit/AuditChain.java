package jp.insurer.governance.policy.audit;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Appends records to the hash chain. It only computes lines; the job writes each returned line plus
 * {@code \n} through Hadoop's FileSystem and syncs it <em>before</em> making the change it records.
 * If that write fails the chain object is stale: stop, and on the next run resume from what
 * {@link AuditVerifier} reads back (a torn last line is cut off first). Thread-safe.
 *
 * <p>A chain continues across files (one per day or per run, e.g. {@code audit/2026-11-25.jsonl}):
 * resume with the last sequence and hash of the previous file.
 */
public final class AuditChain {

    /** The {@code prev} of the first record. */
    public static final String GENESIS = "0".repeat(64);

    public static final int DEFAULT_LISTED_HASHES = 1000;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private final Clock clock;
    private final int listedHashes;
    private long lastSequence;
    private String lastHash;

    private AuditChain(Clock clock, int listedHashes, long lastSequence, String lastHash) {
        if (listedHashes < 0) throw new IllegalArgumentException("listedHashes must not be negative");
        if (lastSequence < 0 || !HEX64.matcher(lastHash).matches()) {
            throw new IllegalArgumentException("resume needs a sequence >= 0 and a 64-hex hash");
        }
        this.clock = Objects.requireNonNull(clock);
        this.listedHashes = listedHashes;
        this.lastSequence = lastSequence;
        this.lastHash = lastHash;
    }

    /** A new, empty chain. */
    public static AuditChain start(Clock clock) {
        return new AuditChain(clock, DEFAULT_LISTED_HASHES, 0, GENESIS);
    }

    /** Continues a chain whose last verified record had this sequence and hash. */
    public static AuditChain resume(long lastSequence, String lastHash, Clock clock) {
        return new AuditChain(clock, DEFAULT_LISTED_HASHES, lastSequence, lastHash);
    }

    /** Continues after a verification that found the chain intact (OK, or a torn tail already cut off). */
    public static AuditChain resume(AuditVerification verified, Clock clock) {
        if (verified.tampered()) {
            throw new IllegalStateException("the audit chain is broken (" + verified.status() + "); not appending");
        }
        return resume(verified.lastSequence(), verified.lastHash(), clock);
    }

    /** The same chain position with another limit on listed customer hashes. */
    public synchronized AuditChain withListedHashes(int limit) {
        return new AuditChain(clock, limit, lastSequence, lastHash);
    }

    /** Seals an entry as the next record and returns it; {@link AuditRecord#toLine()} is what to write. */
    public synchronized AuditRecord appendRecord(AuditEntry entry) {
        List<String> hashes = entry.customerHashes();
        List<String> listed = hashes.size() <= listedHashes ? hashes : hashes.subList(0, listedHashes);
        AuditRecord unsealed = new AuditRecord(
                lastSequence + 1,
                clock.instant().toString(),
                entry.runId(),
                entry.type(),
                entry.rule(),
                entry.dataset(),
                entry.file(),
                entry.rowsRemoved(),
                hashes.size(),
                AffectedCustomers.digest(hashes),
                listed,
                entry.checksumBefore(),
                entry.checksumAfter(),
                entry.ref(),
                entry.detail(),
                lastHash,
                null);
        AuditRecord sealed = new AuditRecord(
                unsealed.seq(),
                unsealed.ts(),
                unsealed.runId(),
                unsealed.type(),
                unsealed.rule(),
                unsealed.dataset(),
                unsealed.file(),
                unsealed.rowsRemoved(),
                unsealed.customers(),
                unsealed.customersDigest(),
                unsealed.customerHashes(),
                unsealed.checksumBefore(),
                unsealed.checksumAfter(),
                unsealed.ref(),
                unsealed.detail(),
                unsealed.prev(),
                unsealed.computeHash());
        lastSequence = sealed.seq();
        lastHash = sealed.hash();
        return sealed;
    }

    /** Seals an entry and returns the line to write (without the newline). */
    public String append(AuditEntry entry) {
        return appendRecord(entry).toLine();
    }

    public synchronized long lastSequence() {
        return lastSequence;
    }

    public synchronized String lastHash() {
        return lastHash;
    }
}
