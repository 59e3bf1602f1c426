package jp.insurer.governance.batch.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per profile, or per profile and slice ({@link ExtractSlices}): a restart redoes only the
 * partitions that did not complete. Each
 * partition carries what the JVM that runs it (this one, or a remote worker) must agree on with the job's
 * start: the policy's sha256 and the public fingerprint of the recipient's key (never the key).
 */
class ExtractProfilePartitioner implements Partitioner {

    /** The manager's policy sha256: a worker with another config refuses the partition. */
    static final String POLICY_SHA256 = "policySha256";
    /** The fingerprint of the recipient's key at the job's start; absent when the profile has no key. */
    static final String KEY_FINGERPRINT = "keyFingerprint";

    /** The slice of a (profile, slice) partition. */
    static final String SLICE = "slice";

    /** A profile to extract and, when it pseudonymizes, its key's fingerprint (null: no key). */
    record Profile(String name, String keyFingerprint) {}

    private final List<Profile> profiles;
    private final String policySha256;
    private final int slices;

    /** @param slices partitions per profile, one per slice; 0: one per profile */
    ExtractProfilePartitioner(List<Profile> profiles, String policySha256, int slices) {
        this.profiles = List.copyOf(profiles);
        this.policySha256 = policySha256;
        this.slices = slices;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (Profile profile : profiles) {
            for (int slice = 0; slice < Math.max(1, slices); slice++) {
                ExecutionContext context = new ExecutionContext();
                context.putString(ExtractParameters.PROFILE, profile.name());
                context.putString(POLICY_SHA256, policySha256);
                if (profile.keyFingerprint() != null) context.putString(KEY_FINGERPRINT, profile.keyFingerprint());
                if (slices == 0) {
                    partitions.put("extract:" + profile.name(), context);
                } else {
                    context.putInt(SLICE, slice);
                    partitions.put("extract:" + profile.name() + ":slice-" + slice, context);
                }
            }
        }
        return partitions;
    }
}
