package jp.insurer.governance.sampledata;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic random streams. Every stream is keyed by (seed, dataset stream, key) — a customer id or a
 * day number — so a row never depends on the order in which other rows were written.
 */
final class Rng {

    private Rng() {}

    static SplittableRandom forKey(long seed, Stream stream, long key) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ (stream.ordinal() + 1L) * 0xBF58476D1CE4E5B9L);
        h = mix(h ^ key * 0x94D049BB133111EBL);
        return new SplittableRandom(h);
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One independent stream per dataset (plus a few helpers); append only, never reorder. */
    enum Stream {
        CUSTOMER,
        POLICY,
        CLAIM,
        PAYMENT,
        WEB_DAY,
        CONTACT_NOTE,
        THIRD_PARTY,
        CONSENT,
        LEGAL_HOLD,
        DEVICE
    }

    static <T> T pick(SplittableRandom rng, List<T> items) {
        return items.get(rng.nextInt(items.size()));
    }

    static <T> T pick(SplittableRandom rng, T[] items) {
        return items[rng.nextInt(items.length)];
    }

    static boolean chance(SplittableRandom rng, double p) {
        return rng.nextDouble() < p;
    }

    /** Poisson by inversion; fine for the small means used here. */
    static int poisson(SplittableRandom rng, double mean) {
        double l = Math.exp(-mean);
        double p = 1.0;
        int k = 0;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > l && k < 1000);
        return k - 1;
    }

    static String digits(SplittableRandom rng, int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = (char) ('0' + rng.nextInt(10));
        }
        return new String(out);
    }

    static String hex(SplittableRandom rng, int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = Character.forDigit(rng.nextInt(16), 16);
        }
        return new String(out);
    }
}
