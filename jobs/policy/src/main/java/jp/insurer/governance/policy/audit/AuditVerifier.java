package jp.insurer.governance.policy.audit;

import java.util.Iterator;
import java.util.List;

/**
 * Checks an audit chain, one line at a time, across the files that continue it (in order). Stops at
 * the first problem and names it; see {@link AuditVerification.Status}. For each line: it must parse,
 * its hash must match its content, its sequence must be the previous one plus one, and its
 * {@code prev} must be the previous record's hash.
 *
 * <p>A hash chain alone cannot show that records were cut from the end, or that the whole log was
 * rewritten with fresh hashes; pass the last hash kept outside the log (job repository, report) as
 * {@code anchor} to catch that.
 */
public final class AuditVerifier {

    /** One file of the chain: a name for messages and its lines without line terminators. */
    public record Source(String name, Iterator<String> lines) {}

    private AuditVerifier() {}

    public static AuditVerification verify(Iterator<String> lines) {
        return verify(List.of(new Source(null, lines)), null);
    }

    /**
     * @param files  the chain's files in order
     * @param anchor the hash the last record must have, or null if none is known
     */
    public static AuditVerification verify(List<Source> files, String anchor) {
        long records = 0;
        long lastSeq = 0;
        String lastHash = AuditChain.GENESIS;
        for (int f = 0; f < files.size(); f++) {
            Source source = files.get(f);
            boolean lastFile = f == files.size() - 1;
            Iterator<String> it = source.lines();
            long lineNo = 0;
            while (it.hasNext()) {
                String text = it.next();
                lineNo++;
                AuditRecord record;
                try {
                    record = AuditRecord.parse(text);
                } catch (AuditJson.ParseException e) {
                    boolean torn = e.atEnd && lastFile && !it.hasNext();
                    return new AuditVerification(
                            torn ? AuditVerification.Status.TORN_TAIL : AuditVerification.Status.UNPARSABLE,
                            records,
                            lastSeq,
                            lastHash,
                            source.name(),
                            lineNo,
                            null,
                            torn ? "last line stops early (interrupted write)" : e.getMessage());
                }
                AuditVerification.Status problem = null;
                String reason = null;
                if (!record.computeHash().equals(record.hash())) {
                    problem = AuditVerification.Status.MODIFIED;
                    reason = "content does not match the record's hash: the record was modified";
                } else if (record.seq() != lastSeq + 1) {
                    problem = AuditVerification.Status.OUT_OF_SEQUENCE;
                    reason = "expected sequence " + (lastSeq + 1) + ", found " + record.seq()
                            + ": records were deleted, inserted or reordered";
                } else if (!record.prev().equals(lastHash)) {
                    problem = AuditVerification.Status.BROKEN_LINK;
                    reason = "previous-hash does not match the hash of record " + lastSeq
                            + ": a record was replaced or re-forged";
                }
                if (problem != null) {
                    return new AuditVerification(
                            problem, records, lastSeq, lastHash, source.name(), lineNo, record.seq(), reason);
                }
                records++;
                lastSeq = record.seq();
                lastHash = record.hash();
            }
        }
        if (anchor != null && !anchor.equals(lastHash)) {
            return new AuditVerification(
                    AuditVerification.Status.HEAD_MISMATCH,
                    records,
                    lastSeq,
                    lastHash,
                    null,
                    0,
                    lastSeq,
                    "the chain ends at sequence " + lastSeq + " whose hash differs from the anchor:"
                            + " records were removed from the end or the log was rewritten");
        }
        return new AuditVerification(AuditVerification.Status.OK, records, lastSeq, lastHash, null, 0, null, null);
    }
}
