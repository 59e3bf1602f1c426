package jp.insurer.governance.batch.subject;

import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.retention.SubjectErasure;

/**
 * {@code OUT/subject-requests/REQUEST/request.json}: one customer's request and what the suite holds and did
 * about them. Personal data of this customer only; the folder is private to the suite's user.
 *
 * @param customer        the requesting customer's id (normalized), whom the report is about
 * @param underLegalHold  a CUSTOMER legal hold covers the customer on the business date
 * @param datasets        every dataset holding their records, raw and governed zones
 * @param consent         their ledger events and what tag decides from them per purpose
 * @param withdrawals     the withdrawals this request recorded (stop-use, stop-provision)
 * @param provisions      the extracts they were provided in, with recipients (provision records)
 * @param erasure         what an erasure did or would do (erase only)
 */
record SubjectReport(
        String request,
        String action,
        String mode,
        String businessDate,
        String generatedAt,
        String policyVersion,
        String customer,
        boolean underLegalHold,
        List<DatasetHeld> datasets,
        Consent consent,
        List<Withdrawal> withdrawals,
        Provisions provisions,
        Erasure erasure,
        List<String> notes) {

    /**
     * @param categories acquisition categories of the columns held (catalog of the last tag run, else classification.yml)
     * @param rawRows    records in the raw zone; {@code governedRows} in the governed zone (tagged copies)
     */
    record DatasetHeld(
            String dataset,
            String customerColumn,
            long rawRows,
            long governedRows,
            List<String> columnsHeld,
            List<String> categories,
            List<SubjectErasure.RuleOutlook> retention) {}

    record Consent(List<LedgerEvent> events, Map<String, Decision> decisionByPurpose, long unreadableEvents) {}

    /** One ledger line as the ledger holds it (its own event id, time text, channel, document version). */
    record LedgerEvent(
            String eventId,
            String purpose,
            String action,
            String eventTime,
            String channel,
            String documentVersion,
            String problem) {}

    /** What tag derives for the purpose as of the business date: state, the deciding event's time and document. */
    record Decision(String state, String decidedAt, String documentVersion) {}

    record Withdrawal(String eventId, String purpose, String eventTime, String file) {}

    /** @param available false when no provision records exist to read (then the list is empty, not "none") */
    record Provisions(boolean available, String source, List<Map<String, Object>> extracts) {}

    record Erasure(
            String mode,
            boolean refusedUnderLegalHold,
            long erasableRows,
            long erasedRows,
            long keptLegalHold,
            Map<String, Long> keptByLegalRetention,
            List<String> neverErased,
            int recoveredChanges) {}
}
