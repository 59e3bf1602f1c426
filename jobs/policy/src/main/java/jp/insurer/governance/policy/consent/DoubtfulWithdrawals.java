package jp.insurer.governance.policy.consent;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A consent lookup that puts in doubt the grants a withdrawal may have reached without naming its
 * customer in a way the suite can match: such a withdrawal cannot exclude anyone's records, so the
 * grants it may have ended are read as UNCERTAIN (and the extract excludes their records) instead of
 * standing. Two kinds, both counted in the tag report:
 * <ul>
 *   <li>an <em>unattributed</em> withdrawal: a ledger line without a customer whose action is WITHDRAWN
 *       or unreadable ({@link LedgerLine.Validated#unattributedWithdrawal}). Every grant of its purpose
 *       (every purpose, when unreadable) decided no later than the latest instant the line can stand
 *       for is in doubt; a grant made after it stands. A line whose time cannot be read puts every
 *       grant of its purpose in doubt.</li>
 *   <li>a <em>look-alike</em>: a ledger customer matching no customer of the master whose consent to a
 *       purpose is WITHDRAWN or UNCERTAIN. Its key may be another spelling of a customer's (a number
 *       that lost its leading zeros or its letters, a separator): a grant of that purpose of every
 *       customer whose key has the same {@link CustomerKey#skeleton} or the same digits
 *       ({@link CustomerKey#digitSkeleton}) as either of its own is in doubt.</li>
 *   <li>a grant <em>under a key no customer has</em>: a ledger customer matching no customer of the master
 *       is in doubt itself. Its records may be a customer's under another spelling ({@code C-00012}) whose
 *       withdrawal was recorded under the master's ({@code C00012}); which customer granted cannot be
 *       told, so the records keyed that way are not released.</li>
 * </ul>
 * Only GRANTED changes, to UNCERTAIN; nothing is ever read as granted that was not. Heap: 8 bytes per
 * unmatched customer and purpose it withdrew from or granted, and one instant per purpose.
 */
public final class DoubtfulWithdrawals implements ConsentLookup, AutoCloseable {

    private final ConsentLookup consent;
    private final List<String> purposes;
    /** Per purpose, the latest instant an unattributed withdrawal can stand for; null: none. */
    private final Instant[] unattributedUntil;
    /** Per purpose, the sorted 64-bit hashes of look-alike skeletons. */
    private final long[][] lookalikes;
    /** Per purpose, the sorted 64-bit hashes of the keys of unmatched customers who granted it. */
    private final long[][] unmatchedGrants;

    private final boolean anyUnmatched;

    private DoubtfulWithdrawals(
            ConsentLookup consent, Instant[] unattributedUntil, long[][] lookalikes, long[][] unmatchedGrants) {
        this.consent = consent;
        this.purposes = consent.purposes();
        this.unattributedUntil = unattributedUntil;
        this.lookalikes = lookalikes;
        this.unmatchedGrants = unmatchedGrants;
        this.anyUnmatched = Arrays.stream(lookalikes).anyMatch(l -> l.length > 0)
                || Arrays.stream(unmatchedGrants).anyMatch(l -> l.length > 0);
    }

    /** Collects the doubtful withdrawals of one reading of the ledger. */
    public static final class Builder {
        private final List<String> purposes;
        private final Instant cutoff;
        private final Instant[] until;
        private final Hashes lookalikes;
        private final Hashes grants;
        private long unattributedLines;
        private long lookalikeCustomers;

        /** @param cutoff the end of the business date: a line wholly after it is ignored, like any event */
        public Builder(List<String> purposes, Instant cutoff) {
            this.purposes = List.copyOf(purposes);
            this.cutoff = cutoff;
            this.until = new Instant[purposes.size()];
            this.lookalikes = new Hashes(purposes.size());
            this.grants = new Hashes(purposes.size());
        }

        /** Notes a line if it is an unattributed withdrawal within the date; true if it was one. */
        public boolean line(LedgerLine.Validated line) {
            if (!line.unattributedWithdrawal()) return false;
            if (line.earliest() != null && line.earliest().isAfter(cutoff)) return false;
            Instant latest = line.latest() == null ? Instant.MAX : line.latest();
            for (int p = 0; p < until.length; p++) {
                if (line.purpose() != null && !line.purpose().equals(purposes.get(p))) continue;
                if (until[p] == null || latest.isAfter(until[p])) until[p] = latest;
            }
            unattributedLines++;
            return true;
        }

        /**
         * Notes a ledger customer that matches no customer of the master, with its consent as read: each
         * purpose it withdrew or is uncertain about puts its look-alikes in doubt, each it granted itself.
         */
        public void unmatchedCustomer(String normalizedKey, ConsentLookup consent) {
            String shape = CustomerKey.skeleton(normalizedKey);
            long skeleton = hash(shape);
            String digits = CustomerKey.digitSkeleton(shape);
            long key = hash(normalizedKey);
            boolean any = false;
            for (int p = 0; p < purposes.size(); p++) {
                ConsentState s =
                        consent.decision(normalizedKey, purposes.get(p)).state();
                if (s == ConsentState.GRANTED) grants.add(p, key);
                if (s != ConsentState.WITHDRAWN && s != ConsentState.UNCERTAIN) continue;
                lookalikes.add(p, skeleton);
                if (digits != null) lookalikes.add(p, hash(digits));
                any = true;
            }
            if (any) lookalikeCustomers++;
        }

        /** Ledger lines that may withdraw a consent and name no customer. */
        public long unattributedLines() {
            return unattributedLines;
        }

        /** Ledger customers outside the master whose withdrawals put look-alike keys in doubt. */
        public long lookalikeCustomers() {
            return lookalikeCustomers;
        }

        /** The lookup: {@code consent} itself when nothing is in doubt. */
        public ConsentLookup wrap(ConsentLookup consent) {
            if (unattributedLines == 0 && lookalikes.empty() && grants.empty()) return consent;
            return new DoubtfulWithdrawals(consent, until.clone(), lookalikes.sorted(), grants.sorted());
        }
    }

    /** Per purpose, a growing array of 64-bit hashes. */
    private static final class Hashes {
        private final long[][] hashes;
        private final int[] counts;

        Hashes(int purposes) {
            hashes = new long[purposes][16];
            counts = new int[purposes];
        }

        void add(int p, long hash) {
            if (counts[p] == hashes[p].length) hashes[p] = Arrays.copyOf(hashes[p], counts[p] * 2);
            hashes[p][counts[p]++] = hash;
        }

        boolean empty() {
            return Arrays.stream(counts).allMatch(c -> c == 0);
        }

        long[][] sorted() {
            long[][] sorted = new long[hashes.length][];
            for (int p = 0; p < sorted.length; p++) {
                sorted[p] = Arrays.copyOf(hashes[p], counts[p]);
                Arrays.sort(sorted[p]);
            }
            return sorted;
        }
    }

    @Override
    public List<String> purposes() {
        return purposes;
    }

    @Override
    public CustomerKey customerKeys() {
        return consent.customerKeys();
    }

    @Override
    public int customers() {
        return consent.customers();
    }

    @Override
    public ConsentState[] states(String customerId) {
        ConsentState[] states = consent.states(customerId);
        String normalized = null;
        long[] shapes = null; // the key's skeleton and digit-skeleton hashes, made only when a look-alike may match
        for (int p = 0; p < states.length; p++) {
            if (states[p] != ConsentState.GRANTED) continue;
            if (anyUnmatched) {
                if (unmatchedGrants[p].length > 0 || lookalikes[p].length > 0) {
                    if (normalized == null) normalized = consent.customerKeys().normalize(customerId);
                }
                if (unmatchedGrants[p].length > 0 && Arrays.binarySearch(unmatchedGrants[p], hash(normalized)) >= 0) {
                    states[p] = ConsentState.UNCERTAIN;
                    continue;
                }
                if (lookalikes[p].length > 0) {
                    if (shapes == null) shapes = shapes(normalized);
                    if (Arrays.binarySearch(lookalikes[p], shapes[0]) >= 0
                            || Arrays.binarySearch(lookalikes[p], shapes[1]) >= 0) {
                        states[p] = ConsentState.UNCERTAIN;
                        continue;
                    }
                }
            }
            if (unattributedUntil[p] != null && !grantedAfter(customerId, p)) states[p] = ConsentState.UNCERTAIN;
        }
        return states;
    }

    /** Hashes of the key's skeleton and of its digits (the skeleton again for a key without digits). */
    private static long[] shapes(String normalizedKey) {
        String shape = CustomerKey.skeleton(normalizedKey);
        String digits = CustomerKey.digitSkeleton(shape);
        long skeleton = hash(shape);
        return new long[] {skeleton, digits == null ? skeleton : hash(digits)};
    }

    @Override
    public ConsentDecision decision(String customerId, String purpose) {
        ConsentDecision d = consent.decision(customerId, purpose);
        if (d.state() != ConsentState.GRANTED) return d;
        ConsentState state = states(customerId)[purposes.indexOf(purpose)];
        return state == ConsentState.GRANTED ? d : new ConsentDecision(state, d.decidedAt(), d.documentVersion());
    }

    private boolean grantedAfter(String customerId, int p) {
        Instant decided = consent.decision(customerId, purposes.get(p)).decidedAt();
        return decided != null && decided.isAfter(unattributedUntil[p]);
    }

    /**
     * 64-bit FNV-1a: a record's lookup pays for it whenever there are look-alikes, so not SHA-256. A
     * collision only puts one more grant in doubt, never lets one through.
     */
    private static long hash(String skeleton) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < skeleton.length(); i++) {
            h ^= skeleton.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Closes the lookup underneath (a {@link ConsentTable}'s files). */
    @Override
    public void close() throws Exception {
        if (consent instanceof AutoCloseable c) c.close();
    }
}
