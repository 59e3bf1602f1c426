package jp.insurer.governance.batch.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per profile: a restart redoes only the profiles whose extract was not released. Each
 * partition carries what the JVM that runs it (this one, or a remote worker) must agree on with the job's
 * start: the policy's sha256 and the public fingerprint of the recipient's key (never the key).
 */
class ExtractProfilePartitioner implements Partitioner {

    /** The manager's policy sha256: a worker with another config refuses the partition. */
    static final String POLICY_SHA256 = "policySha256";
    /** The fingerprint of the recipient's key at the job's start; absent when the profile has no key. */
    static final String KEY_FINGERPRINT = "keyFingerprint";

    /** A profile to extract and, when it pseudonymizes, its key's fingerprint (null: no key). */
    record Profile(String name, String keyFingerprint) {}

    private final List<Profile> profiles;
    private final String policySha256;

    ExtractProfilePartitioner(List<Profile> profiles, String policySha256) {
        this.profiles = List.copyOf(profiles);
        this.policySha256 = policySha256;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (Profile profile : profiles) {
            ExecutionContext context = new ExecutionContext();
            context.putString(ExtractParameters.PROFILE, profile.name());
            context.putString(POLICY_SHA256, policySha256);
            if (profile.keyFingerprint() != null) context.putString(KEY_FINGERPRINT, profile.keyFingerprint());
            partitions.put("extract:" + profile.name(), context);
        }
        return partitions;
    }
}
