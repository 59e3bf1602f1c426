package jp.insurer.governance.batch.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import jp.insurer.governance.batch.retention.AuditLog;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.policy.audit.AuditEntry;
import jp.insurer.governance.policy.audit.AuditType;
import jp.insurer.governance.policy.hash.Sha256;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends third-party provision records to the chain under {@code OUT/provision/} (the retention
 * audit's chain code, {@link AuditLog}: same format, same verification). One provision is
 * {@code PROVISION_CUSTOMERS} records (up to {@link #BATCH} customers each, with the consents relied
 * on) followed by one {@code PROVISION_RECORDED} seal; each line is synced before the next, and the
 * caller publishes the release only after {@link #record} returned.
 *
 * <p>Idempotent: a provision is identified by the SHA-256 of its content ({@link Release#provisionId()}).
 * A rerun after a crash between record and publish finds the seal and appends nothing; a crash in the
 * middle of the batches is completed (only the missing batches, then the seal). A rerun whose release
 * differs (other consent) is another provision and gets its own record.
 */
public final class ProvisionLog {

    /** Customers per chain line: bounded lines (tens of kB) however large the release. */
    public static final int BATCH = 256;

    /** One line per record: the suite's mapper indents, which would only bloat the chain. */
    private static final tools.jackson.databind.ObjectWriter COMPACT =
            Json.MAPPER.writer().without(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private ProvisionLog() {}

    /** Visits one released customer with the consents relied on for them. */
    @FunctionalInterface
    public interface CustomerVisitor {
        void visit(String key, List<ProvisionRecords.ReliedConsent> consents) throws IOException;
    }

    /**
     * The customers of a release, in key order, each once: readable as often as the record needs (its id, then its
     * batches) without holding them in heap; the count is known before the first reading, as the header names it.
     */
    public interface Customers {
        long count();

        /** Visits every customer, in ascending key order. */
        void forEach(CustomerVisitor visitor) throws IOException;

        /** Customers held in heap (small releases, tests). */
        static Customers of(SortedMap<String, List<ProvisionRecords.ReliedConsent>> customers) {
            SortedMap<String, List<ProvisionRecords.ReliedConsent>> copy =
                    java.util.Collections.unmodifiableSortedMap(new TreeMap<>(customers));
            return new Customers() {
                @Override
                public long count() {
                    return copy.size();
                }

                @Override
                public void forEach(CustomerVisitor visitor) throws IOException {
                    for (var c : copy.entrySet()) visitor.visit(c.getKey(), c.getValue());
                }
            };
        }
    }

    /**
     * What one outside release provides; the writer's input.
     *
     * @param extractFolder the release folder relative to OUT ({@code extracts/ID})
     * @param customers     normalized customer key → the consents relied on for them, in key order
     */
    public record Release(
            String extractId,
            String profile,
            LocalDate date,
            String recipientName,
            String recipientKind,
            String recipientCountry,
            String extractFolder,
            String purposeOfUse,
            String processingStandard,
            List<ProvisionRecords.Item> items,
            Customers customers) {
        public Release {
            Objects.requireNonNull(extractId, "extractId");
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(customers, "customers");
            items = List.copyOf(items);
        }

        /**
         * SHA-256 (hex) over the release's header and every customer line: equal content, equal id. One reading of
         * the customers.
         */
        public String provisionId() throws IOException {
            MessageDigest d = Sha256.newDigest();
            d.update(header(null, 0).toString().getBytes(StandardCharsets.UTF_8));
            customers.forEach((key, consents) ->
                    d.update(customer(key, consents).toString().getBytes(StandardCharsets.UTF_8)));
            return Sha256.hex(d);
        }

        private ObjectNode header(String id, int batches) {
            ObjectNode h = Json.MAPPER.createObjectNode();
            if (id != null) h.put("provision", id);
            h.put("date", date.toString());
            h.put("extract", extractId);
            h.put("profile", profile);
            ObjectNode r = h.putObject("recipient");
            r.put("name", recipientName);
            r.put("kind", recipientKind);
            r.put("country", recipientCountry);
            h.put("folder", extractFolder);
            h.put("purpose", purposeOfUse);
            h.put("standard", processingStandard);
            ArrayNode list = h.putArray("items");
            for (ProvisionRecords.Item i : items) {
                list.addObject()
                        .put("dataset", i.dataset())
                        .put("column", i.column())
                        .put("transform", i.transform());
            }
            h.put("customers", customers.count());
            if (id != null) h.put("batches", batches);
            return h;
        }

        private static ObjectNode customer(String key, List<ProvisionRecords.ReliedConsent> consents) {
            ObjectNode c = Json.MAPPER.createObjectNode();
            c.put("key", key);
            ArrayNode list = c.putArray("consents");
            for (ProvisionRecords.ReliedConsent r : consents) {
                list.addObject()
                        .put("purpose", r.purpose())
                        .put("event", r.eventId())
                        .put("at", r.eventTime() == null ? null : r.eventTime().toString())
                        .put("version", r.documentVersion());
            }
            return c;
        }
    }

    /** What {@link #record} did: the provision's id and how many chain records it appended now (0: already recorded). */
    public record Recorded(String provisionId, int appended, int batches) {}

    /**
     * Writes the provision's records and syncs them, unless the chain already holds them.
     *
     * @param out   the output root (OUT)
     * @param runId the job execution writing (for the chain's {@code runId})
     * @throws AuditLog.BrokenChainException when the chain is damaged (nothing is appended then, and
     *                                        the caller must not publish)
     */
    public static Recorded record(FileSystem fs, Path out, Release release, String runId, Clock clock)
            throws IOException {
        Path dir = ProvisionRecords.folder(out);
        AuditLog.Verified verified = AuditLog.verify(fs.getConf(), dir);
        if (verified.verification().tampered()) {
            throw new AuditLog.BrokenChainException("provision records broken, refusing to record or release: "
                    + verified.verification() + " (see scripts/run-job.sh verify-audit)");
        }
        String id = release.provisionId();
        ProvisionRecords.Present present = ProvisionRecords.present(fs, verified.segments(), id);
        if (present.sealed()) return new Recorded(id, 0, batches(release));
        int batches = batches(release);
        int[] appended = {0};
        try (AuditLog log = AuditLog.open(fs.getConf(), dir, runId, clock, verified)) {
            // Streamed: one batch of customers in heap at a time, whatever the release's size.
            List<ObjectNode> batch = new ArrayList<>(BATCH);
            int[] number = {0};
            release.customers().forEach((key, consents) -> {
                batch.add(Release.customer(key, consents));
                if (batch.size() == BATCH) {
                    appended[0] += appendBatch(log, runId, release, id, number[0]++, batches, batch, present.batches());
                    batch.clear();
                }
            });
            if (!batch.isEmpty())
                appended[0] += appendBatch(log, runId, release, id, number[0]++, batches, batch, present.batches());
            if (number[0] != batches) {
                throw new IllegalStateException("provision " + id + ": its customers gave " + number[0]
                        + " batches, its count " + batches + "; nothing sealed");
            }
            log.append(AuditEntry.of(runId, AuditType.PROVISION_RECORDED)
                    .withTarget(release.profile(), release.extractId(), id)
                    .withDetail(COMPACT.writeValueAsString(release.header(id, batches))));
            appended[0]++;
        }
        return new Recorded(id, appended[0], batches);
    }

    /** Appends one customer batch unless the chain holds it (written before a crash); 1 when appended. */
    private static int appendBatch(
            AuditLog log,
            String runId,
            Release release,
            String id,
            int number,
            int batches,
            List<ObjectNode> customers,
            java.util.Set<Integer> present)
            throws IOException {
        if (present.contains(number)) return 0;
        ObjectNode detail = Json.MAPPER.createObjectNode();
        detail.put("provision", id);
        detail.put("batch", number);
        detail.put("of", batches);
        ArrayNode list = detail.putArray("customers");
        customers.forEach(list::add);
        log.append(AuditEntry.of(runId, AuditType.PROVISION_CUSTOMERS)
                .withTarget(release.profile(), release.extractId(), id)
                .withDetail(COMPACT.writeValueAsString(detail)));
        return 1;
    }

    private static int batches(Release release) {
        return Math.toIntExact((release.customers().count() + BATCH - 1) / BATCH);
    }
}
