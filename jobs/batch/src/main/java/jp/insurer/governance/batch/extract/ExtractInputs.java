package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.tag.Catalog;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.classify.AcquisitionCategory;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.classify.DecisionSource;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentState;
import jp.insurer.governance.policy.extract.ExtractManifest;
import jp.insurer.governance.policy.extract.ExtractPlan;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import tools.jackson.databind.JsonNode;

/**
 * What an extract is built from, as the tag job left it: the catalog (every column's role) and the
 * governed zone, which must have been tagged for this business date under this policy. Anything
 * else fails closed: consent tags of another day or another policy must not select records.
 */
final class ExtractInputs {

    private ExtractInputs() {}

    /** The catalog as dataset → column → classification, the shape {@code ExtractProfiles.plan} checks against. */
    static Map<String, Map<String, ColumnClassification>> catalog(String out, Configuration conf) throws IOException {
        return classifications(read(out, conf));
    }

    /** The tagged datasets' customer key columns (datasets without one are absent). */
    static Map<String, String> customerKeys(Catalog catalog) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Catalog.Entry entry : catalog.datasets()) {
            if ("TAGGED".equals(entry.status()) && entry.customerKey() != null)
                keys.put(entry.name(), entry.customerKey());
        }
        return keys;
    }

    /**
     * The manifest's consent inputs: the tag run's ledger counts (from the catalog) and, per dataset of
     * the plan, the records tagged UNCERTAIN for each consent the profile's gate reads; null when the
     * catalog predates these counts.
     */
    static ExtractManifest.ConsentInputs consentInputs(Catalog catalog, ExtractPlan plan, List<String> purposes) {
        Catalog.ConsentLedger ledger = catalog.consentLedger();
        if (ledger == null) return null;
        Map<String, Map<String, Long>> uncertain = new LinkedHashMap<>();
        for (ExtractPlan.Dataset d : plan.datasets()) {
            Catalog.Entry entry = catalog.datasets().stream()
                    .filter(e -> e.name().equals(d.name()))
                    .findFirst()
                    .orElse(null);
            if (entry == null || entry.rowsByConsent() == null) continue;
            Map<String, Long> perPurpose = new LinkedHashMap<>();
            for (String purpose : purposes) {
                Map<String, Long> states = entry.rowsByConsent().get(purpose);
                perPurpose.put(purpose, states == null ? 0L : states.getOrDefault(ConsentState.UNCERTAIN.name(), 0L));
            }
            uncertain.put(d.name(), perPurpose);
        }
        return new ExtractManifest.ConsentInputs(
                ledger.quarantinedEvents(),
                ledger.quarantinedByReason(),
                ledger.uncertainCustomers(),
                ledger.unmatchedCustomers(),
                ledger.unattributedWithdrawals(),
                ledger.lookalikeCustomers(),
                uncertain);
    }

    static Catalog read(String out, Configuration conf) throws IOException {
        Path path = FileSystems.path(ExtractPaths.catalog(out).toString());
        FileSystem fs = FileSystems.get(path, conf);
        if (!fs.exists(path)) {
            throw new IOException("no catalog at " + path + "; run tag first");
        }
        Catalog catalog;
        try (InputStream in = fs.open(path)) {
            catalog = Json.MAPPER.readValue(in, Catalog.class);
        }
        return catalog;
    }

    static Map<String, Map<String, ColumnClassification>> classifications(Catalog catalog) {
        Map<String, Map<String, ColumnClassification>> out2 = new LinkedHashMap<>();
        for (Catalog.Entry entry : catalog.datasets()) {
            if (!"TAGGED".equals(entry.status())) continue; // quarantined datasets have no governed copy
            Map<String, ColumnClassification> columns = new LinkedHashMap<>();
            for (Catalog.Column c : entry.columns()) {
                Set<AcquisitionCategory> categories = EnumSet.noneOf(AcquisitionCategory.class);
                c.categories().forEach(x -> categories.add(AcquisitionCategory.valueOf(x)));
                columns.put(
                        c.name(),
                        new ColumnClassification(
                                c.name(),
                                c.physicalType(),
                                Role.valueOf(c.role()),
                                categories,
                                c.sensitiveKind(),
                                DecisionSource.valueOf(c.source()),
                                c.confidence(),
                                c.evidence(),
                                c.conflict()));
            }
            out2.put(entry.name(), columns);
        }
        return out2;
    }

    /**
     * Fails unless the governed zone was tagged for {@code date} under the current policy and in this
     * run's {@code governance.zone}: the zone sets where the business date ends, hence which consent
     * events count, so consent tagged in one zone is not released by a run in another.
     *
     * @throws IllegalStateException saying which tag run is needed
     */
    static void requireTaggedFor(String out, String date, Policy policy, ZoneId zone, Configuration conf)
            throws IOException {
        Path marker = FileSystems.path(ExtractPaths.taggedMarker(out).toString());
        FileSystem fs = FileSystems.get(marker, conf);
        if (!fs.exists(marker)) {
            throw new IllegalStateException(
                    "the governed zone " + marker.getParent() + " has not been tagged; run tag for " + date + " first");
        }
        JsonNode tagged;
        try (InputStream in = fs.open(marker)) {
            tagged = Json.MAPPER.readTree(in);
        }
        String taggedDate = tagged.path("businessDate").asString("");
        if (!date.equals(taggedDate)) {
            throw new IllegalStateException(
                    "the governed zone is tagged for " + (taggedDate.isEmpty() ? "an unknown date" : taggedDate)
                            + ", not " + date + "; run tag for " + date + " first");
        }
        String sha = tagged.path("policySha256").asString("");
        if (!policy.sha256().equals(sha)) {
            throw new IllegalStateException("the governed zone was tagged under policy "
                    + tagged.path("policyVersion").asString("?") + " (sha256 " + sha + "), not the current "
                    + policy.version() + "; run tag for " + date + " first");
        }
        String taggedZone = tagged.path("zone").asString("");
        if (!zone.getId().equals(taggedZone)) {
            throw new IllegalStateException("the governed zone was tagged in time zone "
                    + (taggedZone.isEmpty() ? "(not recorded)" : taggedZone) + ", not this run's governance.zone "
                    + zone.getId() + "; run tag for " + date + " in " + zone.getId() + " first");
        }
    }
}
