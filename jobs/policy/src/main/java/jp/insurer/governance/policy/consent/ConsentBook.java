package jp.insurer.governance.policy.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Point-in-time consent for every customer in the ledger, built in one streaming pass over events
 * in any order, and looked up per record without touching the ledger again.
 *
 * <p>Rules: events at or after the cutoff (the end of the business date) are ignored; the latest
 * event decides; at the same instant a withdrawal wins over a grant; exact duplicates change
 * nothing. The result does not depend on the order of the events, so an unsorted export or
 * replayed duplicates give the same answer as a clean, sorted ledger.
 *
 * <p>Written by hand because no library offers a primitive hash table of this shape: customers are
 * keyed by 128 bits of SHA-256 of their id (no id strings kept; a collision is ~2^-80 likely at
 * 10 million customers), with per purpose the time, action and document version of the deciding
 * event in flat arrays — about 135 bytes per customer for five purposes, so 10 million customers fit
 * in ~1.4 GB of heap.
 */
public final class ConsentBook {

    private static final long NONE = Long.MIN_VALUE;
    private static final byte GRANT = 1;
    private static final byte WITHDRAW = 2;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private final List<String> purposes;
    private final Map<String, Integer> purposeIndex = new HashMap<>();
    private final Instant cutoff;
    private final long cutoffMicros;
    private final List<String> documentVersions = new ArrayList<>();
    private final Map<String, Integer> documentVersionIndex = new HashMap<>();

    private long[] keyHi;
    private long[] keyLo;
    private boolean[] used;
    private long[] micros;
    private byte[] actions;
    private int[] versions;
    private int size;
    private long ignoredAfterCutoff;

    /**
     * @param purposes configured purpose ids
     * @param cutoff   first instant after the business date; events at or after it are ignored
     */
    public ConsentBook(List<String> purposes, Instant cutoff) {
        this.purposes = List.copyOf(purposes);
        for (int i = 0; i < this.purposes.size(); i++) purposeIndex.put(this.purposes.get(i), i);
        this.cutoff = cutoff;
        this.cutoffMicros = toMicros(cutoff);
        allocate(1 << 10);
    }

    public List<String> purposes() {
        return purposes;
    }

    public Instant cutoff() {
        return cutoff;
    }

    /** Customers with at least one event (before or after the cutoff). */
    public int customers() {
        return size;
    }

    public long ignoredAfterCutoff() {
        return ignoredAfterCutoff;
    }

    /** Adds one validated event; returns false when it is after the business date and was ignored. */
    public boolean accept(ConsentEvent event) {
        Integer p = purposeIndex.get(event.purpose());
        if (p == null) throw new IllegalArgumentException("purpose not configured: " + event.purpose());
        int slot = slotFor(event.customerId(), true);
        long at = toMicros(event.at());
        if (at >= cutoffMicros) {
            ignoredAfterCutoff++;
            return false;
        }
        int cell = slot * purposes.size() + p;
        byte action = event.action() == ConsentAction.GRANTED ? GRANT : WITHDRAW;
        int version = versionIndex(event.documentVersion());
        if (wins(at, action, version, micros[cell], actions[cell], versions[cell])) {
            micros[cell] = at;
            actions[cell] = action;
            versions[cell] = version;
        }
        return true;
    }

    /** Whether (at, action, version) replaces the current decision: later wins, then withdrawal, then version. */
    private boolean wins(long at, byte action, int version, long currentAt, byte currentAction, int currentVersion) {
        if (currentAt == NONE || at > currentAt) return true;
        if (at < currentAt) return false;
        if (action != currentAction) return action == WITHDRAW;
        // Same instant, same action: pick by version text so the outcome is order-independent.
        return compareVersions(version, currentVersion) > 0;
    }

    public ConsentState state(String customerId, String purpose) {
        return decision(customerId, purpose).state();
    }

    public ConsentDecision decision(String customerId, String purpose) {
        Integer p = purposeIndex.get(purpose);
        if (p == null) throw new IllegalArgumentException("purpose not configured: " + purpose);
        if (customerId == null) return ConsentDecision.NOT_GIVEN;
        int slot = slotFor(customerId, false);
        if (slot < 0) return ConsentDecision.NOT_GIVEN;
        int cell = slot * purposes.size() + p;
        if (micros[cell] == NONE) return ConsentDecision.NOT_GIVEN;
        return new ConsentDecision(actions[cell] == GRANT ? ConsentState.GRANTED : ConsentState.WITHDRAWN,
                fromMicros(micros[cell]), emptyToNull(documentVersions.get(versions[cell])));
    }

    /**
     * Every purpose's state for one customer, in {@link #purposes()} order, hashing the id once
     * (the per-record path of the tag job).
     */
    public ConsentState[] states(String customerId) {
        ConsentState[] out = new ConsentState[purposes.size()];
        int slot = customerId == null ? -1 : slotFor(customerId, false);
        for (int p = 0; p < out.length; p++) {
            int cell = slot * purposes.size() + p;
            out[p] = slot < 0 || micros[cell] == NONE ? ConsentState.NOT_GIVEN
                    : actions[cell] == GRANT ? ConsentState.GRANTED : ConsentState.WITHDRAWN;
        }
        return out;
    }

    /** Per purpose, customers of the ledger in each state (NOT_GIVEN: in the ledger, silent on it). */
    public Map<String, Map<ConsentState, Long>> countsPerPurpose() {
        Map<String, Map<ConsentState, Long>> counts = new LinkedHashMap<>();
        for (String purpose : purposes) {
            Map<ConsentState, Long> c = new LinkedHashMap<>();
            for (ConsentState s : ConsentState.values()) c.put(s, 0L);
            counts.put(purpose, c);
        }
        for (int slot = 0; slot < used.length; slot++) {
            if (!used[slot]) continue;
            for (int p = 0; p < purposes.size(); p++) {
                int cell = slot * purposes.size() + p;
                ConsentState s = micros[cell] == NONE ? ConsentState.NOT_GIVEN
                        : actions[cell] == GRANT ? ConsentState.GRANTED : ConsentState.WITHDRAWN;
                counts.get(purposes.get(p)).merge(s, 1L, Long::sum);
            }
        }
        return counts;
    }

    private int slotFor(String customerId, boolean insert) {
        byte[] digest = SHA256.get().digest(customerId.getBytes(StandardCharsets.UTF_8));
        long hi = bytesToLong(digest, 0);
        long lo = bytesToLong(digest, 8);
        int mask = used.length - 1;
        int slot = (int) (lo & mask);
        while (used[slot]) {
            if (keyHi[slot] == hi && keyLo[slot] == lo) return slot;
            slot = (slot + 1) & mask;
        }
        if (!insert) return -1;
        if (size + 1 > used.length * 0.6) {
            grow();
            return slotFor(customerId, true);
        }
        used[slot] = true;
        keyHi[slot] = hi;
        keyLo[slot] = lo;
        size++;
        return slot;
    }

    private void grow() {
        long[] oldHi = keyHi;
        long[] oldLo = keyLo;
        boolean[] oldUsed = used;
        long[] oldMicros = micros;
        byte[] oldActions = actions;
        int[] oldVersions = versions;
        allocate(oldUsed.length * 2);
        int mask = used.length - 1;
        int width = purposes.size();
        for (int old = 0; old < oldUsed.length; old++) {
            if (!oldUsed[old]) continue;
            int slot = (int) (oldLo[old] & mask);
            while (used[slot]) slot = (slot + 1) & mask;
            used[slot] = true;
            keyHi[slot] = oldHi[old];
            keyLo[slot] = oldLo[old];
            System.arraycopy(oldMicros, old * width, micros, slot * width, width);
            System.arraycopy(oldActions, old * width, actions, slot * width, width);
            System.arraycopy(oldVersions, old * width, versions, slot * width, width);
        }
    }

    private void allocate(int capacity) {
        keyHi = new long[capacity];
        keyLo = new long[capacity];
        used = new boolean[capacity];
        micros = new long[capacity * purposes.size()];
        Arrays.fill(micros, NONE);
        actions = new byte[capacity * purposes.size()];
        versions = new int[capacity * purposes.size()];
    }

    private int versionIndex(String version) {
        String key = version == null ? "" : version;
        return documentVersionIndex.computeIfAbsent(key, k -> {
            documentVersions.add(k);
            return documentVersions.size() - 1;
        });
    }

    private int compareVersions(int a, int b) {
        return documentVersions.get(a).compareTo(documentVersions.get(b));
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static long bytesToLong(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (b[offset + i] & 0xFF);
        return v;
    }

    private static long toMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    private static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
