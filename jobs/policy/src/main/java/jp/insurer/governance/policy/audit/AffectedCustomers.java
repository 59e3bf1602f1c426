package jp.insurer.governance.policy.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.insurer.governance.policy.hash.Sha256;

/**
 * The distinct customers one decision affects, collected as keyed hashes while the job streams the
 * rows. Raw ids are hashed on entry and not kept. Not thread-safe: one per decision.
 */
public final class AffectedCustomers {

    private final KeyedHash keyedHash;
    private final Set<String> hashes = new HashSet<>();

    public AffectedCustomers(KeyedHash keyedHash) {
        this.keyedHash = keyedHash;
    }

    /** Adds a customer id; null (anonymous rows) is ignored. */
    public void add(String customerId) {
        if (customerId != null) hashes.add(keyedHash.hash(customerId));
    }

    public int count() {
        return hashes.size();
    }

    /** The distinct keyed hashes in ascending order: the order their digest is computed in. */
    public List<String> sorted() {
        List<String> out = new ArrayList<>(hashes);
        out.sort(null);
        return out;
    }

    /**
     * SHA-256 (hex) over the sorted hashes, each followed by {@code \n}: exactly the bytes of a side
     * file listing them one per line, so a full list kept outside the log can be checked against it.
     */
    public static String digest(Collection<String> sortedHashes) {
        MessageDigest sha = Sha256.newDigest();
        for (String h : sortedHashes) {
            sha.update(h.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return Sha256.hex(sha);
    }
}
