package jp.insurer.governance.policy.consent;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normalization of customer keys, applied to the consent ledger and to every dataset, so
 * that {@code Ｃ０００１２}, {@code c00012 } and {@code C00012} are one customer everywhere: a
 * withdrawal written with another width or case must still reach the customer's records.
 * Steps (each can be switched off in {@code policy.yml} {@code customer_keys:}): Unicode NFKC
 * (full-width → half-width), remove whitespace (else only strip it), upper case.
 */
public record CustomerKey(boolean width, boolean whitespace, boolean upperCase) {

    /** Every step on: the default. */
    public static final CustomerKey DEFAULT = new CustomerKey(true, true, true);

    /** The normalized key, or null for a null or blank id (no customer). */
    public String normalize(String id) {
        if (id == null) return null;
        if (alreadyNormal(id)) return id;
        String s = width ? Normalizer.normalize(id, Normalizer.Form.NFKC) : id;
        s = whitespace ? s.replaceAll("[\\s\\u3000\\u200B\\uFEFF]+", "") : s.strip();
        if (upperCase) s = s.toUpperCase(Locale.ROOT);
        return s.isEmpty() ? null : s;
    }

    /**
     * The per-record fast path: printable ASCII without spaces (and without lower case when upper
     * casing) is its own normal form, so the usual key costs one scan, no allocation.
     */
    private boolean alreadyNormal(String id) {
        if (id.isEmpty()) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c > '~' || (upperCase && c >= 'a' && c <= 'z')) return false;
        }
        return true;
    }
}
