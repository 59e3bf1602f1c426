package jp.insurer.governance.policy.audit;

import java.util.List;
import java.util.Objects;

/**
 * What a job wants recorded; {@link AuditChain#append} adds sequence, time and hashes. Built with
 * {@link #of} and the {@code with…} methods. Free text ({@code detail}) must carry no personal data.
 *
 * @param customerHashes keyed hashes ({@link KeyedHash}) of the affected customers, sorted and
 *                       distinct ({@link AffectedCustomers#sorted()}); never raw ids
 */
public record AuditEntry(
        String runId,
        String type,
        String rule,
        String dataset,
        String file,
        long rowsRemoved,
        List<String> customerHashes,
        String checksumBefore,
        String checksumAfter,
        Long ref,
        String detail) {

    public AuditEntry {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(type, "type");
        customerHashes = List.copyOf(customerHashes);
        if (rowsRemoved < 0) throw new IllegalArgumentException("rowsRemoved must not be negative");
    }

    public static AuditEntry of(String runId, AuditType type) {
        return new AuditEntry(runId, type.name(), null, null, null, 0, List.of(), null, null, null, null);
    }

    public AuditEntry withTarget(String rule, String dataset, String file) {
        return new AuditEntry(
                runId,
                type,
                rule,
                dataset,
                file,
                rowsRemoved,
                customerHashes,
                checksumBefore,
                checksumAfter,
                ref,
                detail);
    }

    public AuditEntry withRowsRemoved(long rows) {
        return new AuditEntry(
                runId, type, rule, dataset, file, rows, customerHashes, checksumBefore, checksumAfter, ref, detail);
    }

    public AuditEntry withCustomers(AffectedCustomers customers) {
        return withCustomerHashes(customers.sorted());
    }

    public AuditEntry withCustomerHashes(List<String> sortedHashes) {
        return new AuditEntry(
                runId,
                type,
                rule,
                dataset,
                file,
                rowsRemoved,
                sortedHashes,
                checksumBefore,
                checksumAfter,
                ref,
                detail);
    }

    /** Checksums of the data before and after the change, e.g. {@code sha256:…} of the file. */
    public AuditEntry withChecksums(String before, String after) {
        return new AuditEntry(
                runId, type, rule, dataset, file, rowsRemoved, customerHashes, before, after, ref, detail);
    }

    /** The sequence number of a related record, e.g. the decision a COMMITTED record closes. */
    public AuditEntry withRef(long sequence) {
        return new AuditEntry(
                runId,
                type,
                rule,
                dataset,
                file,
                rowsRemoved,
                customerHashes,
                checksumBefore,
                checksumAfter,
                sequence,
                detail);
    }

    public AuditEntry withDetail(String text) {
        return new AuditEntry(
                runId,
                type,
                rule,
                dataset,
                file,
                rowsRemoved,
                customerHashes,
                checksumBefore,
                checksumAfter,
                ref,
                text);
    }
}
