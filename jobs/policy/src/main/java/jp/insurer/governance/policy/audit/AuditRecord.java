package jp.insurer.governance.policy.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One line of the audit log. Its {@code hash} is SHA-256 (hex) over the UTF-8 bytes of
 * {@link #canonicalBody()}: the record's JSON with every field but {@code hash}, keys in the fixed
 * order below, no spaces. Because {@code prev} is inside, each record seals the whole chain before it.
 *
 * <p>Customers: {@code customers} is the number of distinct affected customers, and
 * {@code customersDigest} the {@link AffectedCustomers#digest digest} of all their sorted keyed
 * hashes; {@code customerHashes} lists them only up to the chain's limit (1000 by default), so that
 * a decision on a million rows stays one readable line. When {@code customers} exceeds the list, the
 * job keeps the full sorted list in a side file whose SHA-256 equals the digest.
 *
 * @param seq  1 for the first record of a chain, then +1, across files
 * @param ts   ISO-8601 instant of writing
 * @param prev hash of the previous record; 64 zeros for the first
 */
public record AuditRecord(
        long seq,
        String ts,
        String runId,
        String type,
        String rule,
        String dataset,
        String file,
        long rowsRemoved,
        long customers,
        String customersDigest,
        List<String> customerHashes,
        String checksumBefore,
        String checksumAfter,
        Long ref,
        String detail,
        String prev,
        String hash) {

    /** Format version, the first key of every line. */
    public static final long VERSION = 1;

    static final List<String> KEYS = List.of(
            "v",
            "seq",
            "ts",
            "runId",
            "type",
            "rule",
            "dataset",
            "file",
            "rowsRemoved",
            "customers",
            "customersDigest",
            "customerHashes",
            "checksumBefore",
            "checksumAfter",
            "ref",
            "detail",
            "prev",
            "hash");
    private static final Set<String> REQUIRED = Set.of("ts", "runId", "type", "customersDigest", "prev", "hash");

    public AuditRecord {
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(customersDigest, "customersDigest");
        Objects.requireNonNull(prev, "prev");
        customerHashes = List.copyOf(customerHashes);
    }

    /** The JSON text the hash is computed over: every field except {@code hash}. */
    public String canonicalBody() {
        StringBuilder b = new StringBuilder(256 + customerHashes.size() * 25);
        b.append("{\"v\":").append(VERSION);
        b.append(",\"seq\":").append(seq);
        b.append(",\"ts\":");
        AuditJson.writeString(b, ts);
        b.append(",\"runId\":");
        AuditJson.writeString(b, runId);
        b.append(",\"type\":");
        AuditJson.writeString(b, type);
        b.append(",\"rule\":");
        AuditJson.writeString(b, rule);
        b.append(",\"dataset\":");
        AuditJson.writeString(b, dataset);
        b.append(",\"file\":");
        AuditJson.writeString(b, file);
        b.append(",\"rowsRemoved\":").append(rowsRemoved);
        b.append(",\"customers\":").append(customers);
        b.append(",\"customersDigest\":");
        AuditJson.writeString(b, customersDigest);
        b.append(",\"customerHashes\":");
        AuditJson.writeStrings(b, customerHashes);
        b.append(",\"checksumBefore\":");
        AuditJson.writeString(b, checksumBefore);
        b.append(",\"checksumAfter\":");
        AuditJson.writeString(b, checksumAfter);
        b.append(",\"ref\":").append(ref == null ? "null" : ref.toString());
        b.append(",\"detail\":");
        AuditJson.writeString(b, detail);
        b.append(",\"prev\":");
        AuditJson.writeString(b, prev);
        return b.append('}').toString();
    }

    /** SHA-256 hex of {@link #canonicalBody()}. */
    public String computeHash() {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256").digest(canonicalBody().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The line to write (without the newline): the canonical body with {@code hash} as its last key. */
    public String toLine() {
        String body = canonicalBody();
        StringBuilder b = new StringBuilder(body.length() + 80)
                .append(body, 0, body.length() - 1)
                .append(",\"hash\":");
        AuditJson.writeString(b, hash);
        return b.append('}').toString();
    }

    /** Reads a line back; the hash is not checked here (see {@link AuditVerifier}). */
    static AuditRecord parse(String line) throws AuditJson.ParseException {
        Map<String, Object> m = AuditJson.parse(line);
        if (!m.keySet().equals(Set.copyOf(KEYS))) {
            throw new AuditJson.ParseException("not an audit record: keys differ from " + KEYS, false);
        }
        if (!Long.valueOf(VERSION).equals(m.get("v"))) {
            throw new AuditJson.ParseException("unsupported record version", false);
        }
        for (String k : REQUIRED) {
            if (!(m.get(k) instanceof String))
                throw new AuditJson.ParseException("'" + k + "' must be a string", false);
        }
        return new AuditRecord(
                number(m, "seq"),
                (String) m.get("ts"),
                (String) m.get("runId"),
                (String) m.get("type"),
                text(m, "rule"),
                text(m, "dataset"),
                text(m, "file"),
                number(m, "rowsRemoved"),
                number(m, "customers"),
                (String) m.get("customersDigest"),
                strings(m, "customerHashes"),
                text(m, "checksumBefore"),
                text(m, "checksumAfter"),
                m.get("ref") == null ? null : number(m, "ref"),
                text(m, "detail"),
                (String) m.get("prev"),
                (String) m.get("hash"));
    }

    private static long number(Map<String, Object> m, String key) throws AuditJson.ParseException {
        if (m.get(key) instanceof Long l) return l;
        throw new AuditJson.ParseException("'" + key + "' must be a whole number", false);
    }

    private static String text(Map<String, Object> m, String key) throws AuditJson.ParseException {
        Object v = m.get(key);
        if (v == null || v instanceof String) return (String) v;
        throw new AuditJson.ParseException("'" + key + "' must be a string or null", false);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> m, String key) throws AuditJson.ParseException {
        if (m.get(key) instanceof List<?> l) return (List<String>) l;
        throw new AuditJson.ParseException("'" + key + "' must be a list of strings", false);
    }
}
