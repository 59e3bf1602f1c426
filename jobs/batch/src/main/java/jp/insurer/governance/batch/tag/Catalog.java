package jp.insurer.governance.batch.tag;

import java.util.List;
import java.util.Map;

/**
 * {@code out/catalog/catalog.json} (README "Where outputs land"): every dataset, every column's classification and
 * why, schema drift since the last run, per purpose how many records are in each consent state, and
 * what of the consent ledger could not be trusted.
 */
public record Catalog(
        String businessDate,
        String policyVersion,
        String policySha256,
        List<Entry> datasets,
        List<String> removedDatasets,
        ConsentLedger consentLedger) {

    public Catalog(
            String businessDate,
            String policyVersion,
            String policySha256,
            List<Entry> datasets,
            List<String> removedDatasets) {
        this(businessDate, policyVersion, policySha256, datasets, removedDatasets, null);
    }

    /**
     * What the tag run could not trust in the consent ledger (counts only), for the extract manifests.
     *
     * @param quarantinedEvents  ledger lines quarantined, by reason in {@code quarantinedByReason}
     * @param uncertainCustomers customers whose consent to at least one purpose is UNCERTAIN
     * @param unmatchedCustomers ledger customers matching no customer-master record; null when not checked
     * @param unattributedWithdrawals ledger lines that may withdraw a consent and name no customer: every
     *                   grant of their purpose they may postdate was tagged UNCERTAIN
     * @param lookalikeCustomers unmatched ledger customers who withdrew (or are uncertain): the grants of
     *                   customers whose keys look alike theirs were tagged UNCERTAIN
     */
    public record ConsentLedger(
            long events,
            long quarantinedEvents,
            Map<String, Long> quarantinedByReason,
            long uncertainCustomers,
            Long unmatchedCustomers,
            long unattributedWithdrawals,
            long lookalikeCustomers) {}

    /**
     * @param status         TAGGED, or QUARANTINED with {@code problem}
     * @param rowsByConsent  purpose → state → records; records without a customer are counted as NO_CUSTOMER
     * @param rowsSensitive  records holding 機微情報
     */
    public record Entry(
            String name,
            String uri,
            long rows,
            String customerKey,
            String status,
            String problem,
            List<Column> columns,
            List<String> drift,
            Map<String, Map<String, Long>> rowsByConsent,
            long rowsSensitive) {}

    public record Column(
            String name,
            String physicalType,
            String role,
            List<String> categories,
            String sensitiveKind,
            String source,
            double confidence,
            String evidence,
            String conflict) {}
}
