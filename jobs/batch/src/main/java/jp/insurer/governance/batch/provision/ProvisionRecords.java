package jp.insurer.governance.batch.provision;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import jp.insurer.governance.batch.retention.AuditLog;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.policy.audit.AuditType;
import jp.insurer.governance.policy.audit.AuditVerification;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import tools.jackson.databind.JsonNode;

/**
 * The third-party provision records (第三者提供記録, APPI art. 29; Enforcement Rules arts. 19–21) kept
 * under {@code OUT/provision/}, read back for answering a customer: "in which extracts was customer X
 * provided, to whom, when, which items, on which consent".
 *
 * <p><b>Contract</b> (stable; the {@code subject-request} job reads through it):
 * <ul>
 *   <li>{@link #read(FileSystem, Path)} verifies the whole hash chain first (the retention audit's
 *       chain code, {@link AuditLog}) and refuses a damaged one with {@link AuditLog.BrokenChainException}
 *       naming the first broken record (file, line, sequence). A torn last line (a crash while
 *       writing) is not a record and is skipped. No folder: no provisions (empty result).</li>
 *   <li>Only complete provisions are returned: a {@code PROVISION_RECORDED} seal with all its customer
 *       batches. Each was written and synced before its extract was published, so every visible
 *       outside release has one; a provision whose publish never happened (killed in between, rerun
 *       with other data) is still listed — when unsure the suite over-reports, never under-reports.</li>
 *   <li>{@link #forCustomer(String)} takes the <em>normalized</em> customer key (policy.yml
 *       {@code customer_keys:}, {@code Policy.customerKeys().normalize(raw)}) and returns that
 *       customer's provisions oldest first, each with the consents relied on for that customer.</li>
 * </ul>
 * The records hold customer keys: this folder is a private zone (owner-only, like governed/); never
 * log or report a key read from here.
 */
public final class ProvisionRecords {

    /** A released column: dataset, column and its transform as extracts.yml names it (keep, pseudonymize, generalize:month …). */
    public record Item(String dataset, String column, String transform) {}

    /**
     * The consent a provision relied on for one customer and purpose: the deciding ledger event.
     *
     * @param eventId         the ledger's {@code event_id} of the deciding GRANTED event (the smallest id
     *                        when exact duplicates decide); null when the ledger has no event ids
     * @param eventTime       the deciding event's time
     * @param documentVersion the consent document version it was given under; null when the ledger has none
     */
    public record ReliedConsent(String purpose, String eventId, Instant eventTime, String documentVersion) {}

    /**
     * One third-party provision: one outside release of one profile's extract.
     *
     * @param sequence           the chain sequence of the provision's seal ({@code PROVISION_RECORDED})
     * @param provisionId        SHA-256 of the provision's content; the same release recorded twice has one id
     * @param date               the business date of the extract (the provision date)
     * @param recordedAt         when the seal was written (just before the release was published)
     * @param recipientCountry   ISO 3166 alpha-2 code for an OVERSEAS_GROUP_COMPANY recipient, else null
     * @param extractFolder      the release folder relative to OUT, e.g. {@code extracts/PROFILE-DATE}
     * @param processingStandard {@code consent} or {@code anonymized} (pseudonymized never leaves the company)
     * @param customers          number of customers provided
     */
    public record Provision(
            long sequence,
            String provisionId,
            LocalDate date,
            Instant recordedAt,
            String extractId,
            String profile,
            String recipientName,
            String recipientKind,
            String recipientCountry,
            String extractFolder,
            String purposeOfUse,
            String processingStandard,
            List<Item> items,
            long customers) {
        public Provision {
            items = List.copyOf(items);
        }
    }

    /** One provision of one customer, with the consents relied on for them. */
    public record CustomerProvision(Provision provision, List<ReliedConsent> consents) {
        public CustomerProvision {
            Objects.requireNonNull(provision, "provision");
            consents = List.copyOf(consents);
        }

        public LocalDate date() {
            return provision.date();
        }

        public String profile() {
            return provision.profile();
        }

        public String recipientName() {
            return provision.recipientName();
        }

        public String recipientKind() {
            return provision.recipientKind();
        }

        public String recipientCountry() {
            return provision.recipientCountry();
        }

        public String extractFolder() {
            return provision.extractFolder();
        }

        public List<Item> items() {
            return provision.items();
        }

        /** The consent purposes relied on for this customer (e.g. GROUP_SHARING, MARKETING). */
        public List<String> purposes() {
            return consents.stream().map(ReliedConsent::purpose).distinct().toList();
        }
    }

    private final List<Provision> provisions;
    /** customer key → (index into provisions, consents), in chain order. */
    private final Map<String, List<Map.Entry<Integer, List<ReliedConsent>>>> byCustomer;

    private ProvisionRecords(
            List<Provision> provisions, Map<String, List<Map.Entry<Integer, List<ReliedConsent>>>> byCustomer) {
        this.provisions = List.copyOf(provisions);
        this.byCustomer = byCustomer;
    }

    /** The provision folder under an output root. */
    public static Path folder(Path out) {
        return new Path(out, "provision");
    }

    /**
     * Verifies and reads every provision record under {@code out/provision/}.
     *
     * @param out the suite's output root (OUT)
     * @throws AuditLog.BrokenChainException when the chain was modified, cut or reordered (names the record)
     */
    public static ProvisionRecords read(FileSystem fs, Path out) throws IOException {
        Path dir = folder(out);
        AuditLog.Verified verified = AuditLog.verify(fs.getConf(), dir);
        AuditVerification v = verified.verification();
        if (v.tampered()) {
            throw new AuditLog.BrokenChainException(
                    "provision records broken: " + v + " (see scripts/run-job.sh verify-audit)");
        }
        Scan scan = scan(fs, verified.segments());
        List<Provision> provisions = new ArrayList<>();
        Map<String, List<Map.Entry<Integer, List<ReliedConsent>>>> byCustomer = new HashMap<>();
        for (Sealed sealed : scan.sealed) {
            Map<Integer, JsonNode> batches = scan.batches.getOrDefault(sealed.provisionId, Map.of());
            long expectedBatches = sealed.detail.path("batches").asLong();
            if (batches.size() != expectedBatches) {
                throw new AuditLog.BrokenChainException(
                        "provision record sequence " + sealed.sequence + " in " + sealed.file + " seals "
                                + expectedBatches + " customer batches but the chain holds " + batches.size());
            }
            int index = provisions.size();
            provisions.add(provision(sealed));
            long customers = 0;
            for (JsonNode batch : new TreeMap<>(batches).values()) {
                for (JsonNode c : batch.path("customers")) {
                    customers++;
                    List<ReliedConsent> consents = new ArrayList<>();
                    for (JsonNode r : c.path("consents")) {
                        consents.add(new ReliedConsent(
                                r.path("purpose").asString(),
                                textOrNull(r, "event"),
                                r.path("at").isNull() || r.path("at").isMissingNode()
                                        ? null
                                        : Instant.parse(r.path("at").asString()),
                                textOrNull(r, "version")));
                    }
                    byCustomer
                            .computeIfAbsent(c.path("key").asString(), k -> new ArrayList<>())
                            .add(Map.entry(index, List.copyOf(consents)));
                }
            }
            if (customers != sealed.detail.path("customers").asLong()) {
                throw new AuditLog.BrokenChainException("provision record sequence " + sealed.sequence + " in "
                        + sealed.file + " seals "
                        + sealed.detail.path("customers").asLong() + " customers but its batches list " + customers);
            }
        }
        return new ProvisionRecords(provisions, byCustomer);
    }

    /** Every complete provision, oldest first. */
    public List<Provision> all() {
        return provisions;
    }

    /**
     * The published releases whose manifest names a provision record this chain does not hold. A chain cut
     * after a complete line, or without its last segment, still verifies: the releases, each naming its
     * record, are what show that no record was cut off.
     *
     * @param out the suite's output root (OUT), whose {@code extracts/} holds the releases
     * @return the release folders relative to OUT ({@code extracts/ID}), sorted
     */
    public List<String> releasesWithoutRecord(FileSystem fs, Path out) throws IOException {
        Path extracts = new Path(out, "extracts");
        if (!fs.exists(extracts)) return List.of();
        java.util.Set<String> recorded = new java.util.HashSet<>();
        provisions.forEach(p -> recorded.add(p.provisionId()));
        List<String> missing = new ArrayList<>();
        for (org.apache.hadoop.fs.FileStatus release : fs.listStatus(extracts)) {
            String name = release.getPath().getName();
            Path manifest = new Path(release.getPath(), "manifest.json");
            // Hidden folders are staging or the previous release being replaced: not published.
            if (!release.isDirectory() || name.startsWith(".") || !fs.exists(manifest)) continue;
            JsonNode id;
            try (var in = fs.open(manifest)) {
                id = Json.MAPPER.readTree(in).path("provision").path("provisionId");
            } catch (tools.jackson.core.JacksonException e) {
                throw new IOException(
                        "release manifest extracts/" + name + "/manifest.json cannot be read: "
                                + e.getOriginalMessage(),
                        e);
            }
            if (id.isString() && !recorded.contains(id.asString())) missing.add("extracts/" + name);
        }
        Collections.sort(missing);
        return missing;
    }

    /**
     * The provisions of one customer, oldest first; empty when never provided.
     *
     * @param normalizedKey the customer key after policy.yml {@code customer_keys:} normalization
     */
    public List<CustomerProvision> forCustomer(String normalizedKey) {
        List<CustomerProvision> out = new ArrayList<>();
        for (var e : byCustomer.getOrDefault(normalizedKey, List.of())) {
            out.add(new CustomerProvision(provisions.get(e.getKey()), e.getValue()));
        }
        return Collections.unmodifiableList(out);
    }

    /** Every customer key of one provision, sorted (for tests and reconciliation). */
    public List<String> customersOf(String provisionId) {
        int index = -1;
        for (int i = 0; i < provisions.size(); i++)
            if (provisions.get(i).provisionId().equals(provisionId)) index = i;
        if (index < 0) return List.of();
        List<String> keys = new ArrayList<>();
        for (var e : byCustomer.entrySet()) {
            for (var p : e.getValue()) if (p.getKey() == index) keys.add(e.getKey());
        }
        Collections.sort(keys);
        return keys;
    }

    private static Provision provision(Sealed s) {
        JsonNode d = s.detail;
        List<Item> items = new ArrayList<>();
        for (JsonNode i : d.path("items")) {
            items.add(new Item(
                    i.path("dataset").asString(),
                    i.path("column").asString(),
                    i.path("transform").asString()));
        }
        JsonNode r = d.path("recipient");
        return new Provision(
                s.sequence,
                s.provisionId,
                LocalDate.parse(d.path("date").asString()),
                Instant.parse(s.ts),
                d.path("extract").asString(),
                d.path("profile").asString(),
                r.path("name").asString(),
                r.path("kind").asString(),
                textOrNull(r, "country"),
                d.path("folder").asString(),
                d.path("purpose").asString(),
                d.path("standard").asString(),
                items,
                d.path("customers").asLong());
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asString();
    }

    /** A seal read from the chain. */
    record Sealed(long sequence, String ts, String provisionId, String file, JsonNode detail) {}

    /** What the chain holds: seals in order, and per provision id its customer batches by index. */
    static final class Scan {
        final List<Sealed> sealed = new ArrayList<>();
        final Map<String, Map<Integer, JsonNode>> batches = new LinkedHashMap<>();
    }

    /** Reads every record of a verified chain (a torn last line is skipped: it is not a record). */
    static Scan scan(FileSystem fs, List<Path> segments) throws IOException {
        Scan scan = new Scan();
        forEachRecord(fs, segments, (type, record, id, detail, segment) -> {
            if (type == AuditType.PROVISION_CUSTOMERS) {
                scan.batches
                        .computeIfAbsent(id, k -> new HashMap<>())
                        .putIfAbsent(detail.path("batch").asInt(), detail);
            } else if (scan.sealed.stream().noneMatch(s -> s.provisionId.equals(id))) {
                scan.sealed.add(new Sealed(
                        record.path("seq").asLong(), record.path("ts").asString(), id, segment, detail));
            }
        });
        return scan;
    }

    /** What the chain holds of one provision: whether it is sealed, and the numbers of its customer batches. */
    record Present(boolean sealed, java.util.Set<Integer> batches) {}

    /**
     * The chain's records of one provision, for the writer: only batch numbers are kept, so the heap does not grow
     * with the customers recorded before.
     */
    static Present present(FileSystem fs, List<Path> segments, String provisionId) throws IOException {
        boolean[] sealed = {false};
        java.util.Set<Integer> batches = new java.util.HashSet<>();
        forEachRecord(fs, segments, (type, record, id, detail, segment) -> {
            if (!id.equals(provisionId)) return;
            if (type == AuditType.PROVISION_CUSTOMERS)
                batches.add(detail.path("batch").asInt());
            else sealed[0] = true;
        });
        return new Present(sealed[0], batches);
    }

    /** One provision record of the chain. */
    @FunctionalInterface
    private interface RecordVisitor {
        void visit(AuditType type, JsonNode record, String provisionId, JsonNode detail, String segment);
    }

    private static void forEachRecord(FileSystem fs, List<Path> segments, RecordVisitor visitor) throws IOException {
        for (Path segment : segments) {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(fs.open(segment), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    JsonNode record;
                    try {
                        record = Json.MAPPER.readTree(line);
                    } catch (RuntimeException torn) {
                        continue; // the verified chain allows only a torn last line here
                    }
                    String type = record.path("type").asString("");
                    if (!type.equals(AuditType.PROVISION_CUSTOMERS.name())
                            && !type.equals(AuditType.PROVISION_RECORDED.name())) {
                        continue;
                    }
                    JsonNode detail = Json.MAPPER.readTree(record.path("detail").asString());
                    visitor.visit(
                            AuditType.valueOf(type),
                            record,
                            detail.path("provision").asString(),
                            detail,
                            segment.getName());
                }
            }
        }
    }
}
