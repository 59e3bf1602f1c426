package jp.insurer.governance.batch.tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code out/reports/tag-DATE.json}: what one tag run did, for the engineer and the officer.
 *
 * @param recordsByConsent purpose → consent state → records, over every tagged dataset (the catalog's counts summed);
 *                         kept per date so the night report can show consent coverage over recent nights. Null in
 *                         reports written before it existed.
 */
public record TagReport(
        String businessDate,
        String policyVersion,
        long consentEvents,
        long consentCustomers,
        long eventsAfterBusinessDate,
        long quarantinedEvents,
        Map<String, Long> quarantinedByReason,
        long uncertainCustomers,
        Long unmatchedLedgerCustomers,
        long unattributedWithdrawals,
        long lookalikeLedgerCustomers,
        List<String> quarantinedDatasets,
        Map<String, List<String>> drift,
        Map<String, List<String>> conflicts,
        Map<String, Long> rowsTagged,
        Map<String, Map<String, Long>> recordsByConsent) {

    /** The {@code quarantined} counts as written by the ledger step ({@code REASON=n,…}), by reason. */
    static Map<String, Long> byReason(String quarantined) {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (String part : quarantined.split(",")) {
            if (part.isBlank()) continue;
            String[] kv = part.split("=");
            byReason.put(kv[0], Long.parseLong(kv[1]));
        }
        return byReason;
    }

    /** @param uncertain customers with uncertain consent; @param unmatched ledger customers not in the master, null when not checked */
    static TagReport of(
            Catalog catalog,
            long events,
            long afterDate,
            String quarantined,
            long customers,
            long uncertain,
            Long unmatched) {
        Map<String, Long> byReason = byReason(quarantined);
        long total = byReason.values().stream().mapToLong(Long::longValue).sum();
        List<String> quarantinedDatasets = new ArrayList<>();
        Map<String, List<String>> drift = new LinkedHashMap<>();
        Map<String, List<String>> conflicts = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, Map<String, Long>> byConsent = new java.util.TreeMap<>();
        for (Catalog.Entry e : catalog.datasets()) {
            if ("QUARANTINED".equals(e.status())) quarantinedDatasets.add(e.name() + ": " + e.problem());
            if (!e.drift().isEmpty()) drift.put(e.name(), e.drift());
            List<String> c = e.columns().stream()
                    .filter(col -> col.conflict() != null)
                    .map(col -> col.name() + ": " + col.conflict())
                    .toList();
            if (!c.isEmpty()) conflicts.put(e.name(), c);
            rows.put(e.name(), e.rows());
            e.rowsByConsent()
                    .forEach((purpose, states) -> states.forEach((state, n) -> byConsent
                            .computeIfAbsent(purpose, k -> new java.util.TreeMap<>())
                            .merge(state, n, Long::sum)));
        }
        catalog.removedDatasets().forEach(r -> drift.put(r, List.of("dataset removed; its governed copy was deleted")));
        return new TagReport(
                catalog.businessDate(),
                catalog.policyVersion(),
                events,
                customers,
                afterDate,
                total,
                byReason,
                uncertain,
                unmatched,
                catalog.consentLedger().unattributedWithdrawals(),
                catalog.consentLedger().lookalikeCustomers(),
                quarantinedDatasets,
                drift,
                conflicts,
                rows,
                byConsent);
    }

    String summary(String out) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                "Tagged %d datasets for %s (policy %s)%n", rowsTagged.size(), businessDate, policyVersion));
        rowsTagged.forEach((name, n) -> s.append(String.format("  %-22s %,12d records%n", name, n)));
        s.append(String.format(
                "  consent ledger: %,d events, %,d customers, %,d after the business date ignored, %,d quarantined%s%n",
                consentEvents,
                consentCustomers,
                eventsAfterBusinessDate,
                quarantinedEvents,
                quarantinedByReason.isEmpty() ? "" : " " + quarantinedByReason));
        s.append(String.format(
                "  consent uncertain for %,d customers; %s ledger customers not in the customer master%n",
                uncertainCustomers,
                unmatchedLedgerCustomers == null ? "(not checked)" : String.format("%,d", unmatchedLedgerCustomers)));
        if (unattributedWithdrawals > 0 || lookalikeLedgerCustomers > 0)
            s.append(String.format(
                    "  grants in doubt, tagged UNCERTAIN: %,d withdrawals without a customer, %,d unmatched ledger "
                            + "customers who withdrew (customers with look-alike keys)%n",
                    unattributedWithdrawals, lookalikeLedgerCustomers));
        quarantinedDatasets.forEach(q -> s.append("  QUARANTINED ").append(q).append(System.lineSeparator()));
        if (!drift.isEmpty())
            s.append("  schema drift in: ")
                    .append(String.join(", ", drift.keySet()))
                    .append(System.lineSeparator());
        if (!conflicts.isEmpty())
            s.append("  rule conflicts in: ")
                    .append(String.join(", ", conflicts.keySet()))
                    .append(System.lineSeparator());
        s.append("  catalog:  ")
                .append(out)
                .append("/catalog/catalog.json, index.html")
                .append(System.lineSeparator());
        s.append("  governed: ").append(out).append("/governed/").append(System.lineSeparator());
        s.append("  report:   ")
                .append(out)
                .append("/reports/tag-")
                .append(businessDate)
                .append(".json, .html")
                .append(System.lineSeparator());
        return s.toString();
    }
}
