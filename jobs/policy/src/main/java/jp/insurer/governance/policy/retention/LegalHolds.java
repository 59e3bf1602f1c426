package jp.insurer.governance.policy.retention;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Legal holds by subject (CUSTOMER or POLICY) with an inclusive date range; a hold without an end
 * is open, a hold without a start covers everything before its end.
 *
 * <p>Compact for millions of holds: subjects are keyed by 128 bits of SHA-256 over subject type and
 * id (no id strings kept) in an open-addressing table, each pointing to a chain of (from, until)
 * epoch-day pairs — about 50 bytes per hold. A key collision could only make a row look held, which
 * spares it: the failure mode keeps data, never deletes it.
 *
 * <p>Fill with {@link #add}, then read from any number of threads.
 */
public final class LegalHolds {

    private static final int OPEN_START = Integer.MIN_VALUE;
    private static final int OPEN_END = Integer.MAX_VALUE;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private long[] keyHi;
    private long[] keyLo;
    /** First hold of the slot's subject, plus one; 0 marks an empty slot. */
    private int[] head;

    private int subjects;

    private int[] from = new int[1024];
    private int[] until = new int[1024];
    /** Next hold of the same subject, plus one; 0 ends the chain. */
    private int[] next = new int[1024];

    private int holds;

    public LegalHolds() {
        allocate(1 << 10);
    }

    /** Number of holds added. */
    public int size() {
        return holds;
    }

    /**
     * Adds a hold.
     *
     * @param from  first held day, or null for "since always"
     * @param until last held day (inclusive), or null while the hold is open
     */
    public void add(HoldSubject type, String subjectId, LocalDate from, LocalDate until) {
        if (type == null || subjectId == null || subjectId.isBlank()) {
            throw new IllegalArgumentException("a legal hold needs a subject type and id");
        }
        int f = from == null ? OPEN_START : Math.toIntExact(from.toEpochDay());
        int u = until == null ? OPEN_END : Math.toIntExact(until.toEpochDay());
        if (u < f) throw new IllegalArgumentException("a legal hold ends before it starts");
        if (holds == this.from.length) {
            this.from = Arrays.copyOf(this.from, holds * 2);
            this.until = Arrays.copyOf(this.until, holds * 2);
            this.next = Arrays.copyOf(this.next, holds * 2);
        }
        int slot = slot(type, subjectId.trim(), true);
        this.from[holds] = f;
        this.until[holds] = u;
        this.next[holds] = head[slot];
        head[slot] = holds + 1;
        holds++;
    }

    /**
     * Adds a row of {@code legal_holds} as exported (ISO dates, empty for open ends). A row that does
     * not parse is an error, never skipped: a lost hold could let data be deleted. The message names
     * the problem, never the subject id.
     */
    public void addRow(String subjectType, String subjectId, String from, String until) {
        HoldSubject type;
        try {
            type = HoldSubject.valueOf(
                    subjectType == null ? "" : subjectType.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown legal hold subject type; expected CUSTOMER or POLICY");
        }
        add(type, subjectId, date(from, "hold_from"), date(until, "hold_until"));
    }

    private static LocalDate date(String text, String field) {
        if (text == null || text.isBlank()) return null;
        String t = text.trim();
        try {
            if (t.length() == 10) return LocalDate.parse(t);
            // A timestamp export: the hold covers the whole calendar day it names.
            return t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")
                    ? OffsetDateTime.parse(t).toLocalDate()
                    : LocalDateTime.parse(t).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("legal hold " + field + " is not an ISO date");
        }
    }

    public boolean isHeld(HoldSubject type, String subjectId, LocalDate date) {
        if (subjectId == null) return false;
        int slot = slot(type, subjectId.trim(), false);
        if (slot < 0) return false;
        long day = date.toEpochDay();
        for (int h = head[slot]; h != 0; h = next[h - 1]) {
            if (from[h - 1] <= day && day <= until[h - 1]) return true;
        }
        return false;
    }

    /** A CUSTOMER hold on the customer or a POLICY hold on the policy; the shape {@link RetentionFacts} asks. */
    public boolean isRowHeld(String customerId, String policyId, LocalDate date) {
        return isHeld(HoldSubject.CUSTOMER, customerId, date) || isHeld(HoldSubject.POLICY, policyId, date);
    }

    private int slot(HoldSubject type, String id, boolean insert) {
        MessageDigest sha = SHA256.get();
        sha.update((byte) type.ordinal());
        byte[] d = sha.digest(id.getBytes(StandardCharsets.UTF_8));
        long hi = toLong(d, 0);
        long lo = toLong(d, 8);
        int mask = head.length - 1;
        int slot = (int) (lo & mask);
        while (head[slot] != 0) {
            if (keyHi[slot] == hi && keyLo[slot] == lo) return slot;
            slot = (slot + 1) & mask;
        }
        if (!insert) return -1;
        if (subjects + 1 > head.length * 0.6) {
            grow();
            return slot(type, id, true);
        }
        keyHi[slot] = hi;
        keyLo[slot] = lo;
        subjects++;
        return slot;
    }

    private void grow() {
        long[] oldHi = keyHi;
        long[] oldLo = keyLo;
        int[] oldHead = head;
        allocate(oldHead.length * 2);
        int mask = head.length - 1;
        for (int old = 0; old < oldHead.length; old++) {
            if (oldHead[old] == 0) continue;
            int slot = (int) (oldLo[old] & mask);
            while (head[slot] != 0) slot = (slot + 1) & mask;
            keyHi[slot] = oldHi[old];
            keyLo[slot] = oldLo[old];
            head[slot] = oldHead[old];
        }
    }

    private void allocate(int capacity) {
        keyHi = new long[capacity];
        keyLo = new long[capacity];
        head = new int[capacity];
    }

    private static long toLong(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (b[offset + i] & 0xFF);
        return v;
    }
}
