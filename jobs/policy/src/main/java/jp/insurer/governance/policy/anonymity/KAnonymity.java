package jp.insurer.governance.policy.anonymity;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The judge half of k-anonymity (ARX's {@code KAnonymity} criterion): every equivalence class over
 * the quasi-identifiers must hold at least k records. Records of smaller classes are suppressed
 * (left out of the file) in the second pass. After suppression the extract reports:
 * <ul>
 *   <li>{@code kAchieved}: the smallest released class (0 when nothing is released);</li>
 *   <li>prosecutor re-identification risk: the highest is 1 / smallest class, the average is
 *       classes / records (the mean over records of 1 / class size).</li>
 * </ul>
 */
public record KAnonymity(int k) {

    public KAnonymity {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1");
    }

    /**
     * The outcome for one profile.
     *
     * @param suppressedClasses keys of the classes smaller than k
     * @param kAchieved         smallest released class, 0 when nothing is released
     * @param maxRisk           1 / kAchieved, 0 when nothing is released
     * @param averageRisk       releasedClasses / releasedRecords, 0 when nothing is released
     */
    public record Judgement(
            int k,
            long records,
            int classes,
            Set<String> suppressedClasses,
            long suppressedRecords,
            long releasedRecords,
            int releasedClasses,
            long kAchieved,
            double maxRisk,
            double averageRisk) {

        public Judgement {
            suppressedClasses = Set.copyOf(suppressedClasses);
        }

        /** Whether the record with these quasi-identifier values is suppressed. */
        public boolean suppressed(Object... values) {
            return !suppressedClasses.isEmpty() && suppressedClasses.contains(EquivalenceClassProfile.key(values));
        }
    }

    public Judgement judge(EquivalenceClassProfile profile) {
        Set<String> suppressed = new HashSet<>();
        long suppressedRecords = 0;
        long min = Long.MAX_VALUE;
        for (Map.Entry<String, long[]> e : profile.raw().entrySet()) {
            long size = e.getValue()[0];
            if (size < k) {
                suppressed.add(e.getKey());
                suppressedRecords += size;
            } else {
                min = Math.min(min, size);
            }
        }
        long released = profile.records() - suppressedRecords;
        int releasedClasses = profile.classes() - suppressed.size();
        long kAchieved = released == 0 ? 0 : min;
        double maxRisk = released == 0 ? 0 : 1.0 / kAchieved;
        double averageRisk = released == 0 ? 0 : (double) releasedClasses / released;
        return new Judgement(
                k,
                profile.records(),
                profile.classes(),
                suppressed,
                suppressedRecords,
                released,
                releasedClasses,
                kAchieved,
                maxRisk,
                averageRisk);
    }
}
