package jp.insurer.governance.policy.extract;

import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.policy.anonymity.KAnonymity;

/**
 * The {@code manifest.json} of an extract (CONTRACT.md), as plain records for the batch module to
 * write with Jackson. Field names are the JSON names.
 *
 * @param kAchieved    smallest released equivalence class over all files with quasi-identifiers; null when no
 *                     file has any
 * @param excludedRows rows left out, by reason: {@link RecordVerdict} names and {@value #K_ANONYMITY}
 * @param keyFingerprint public fingerprint of the pseudonym key (never the key), or null
 * @param ownIdentifiers the second leak check (own identifiers of each released customer): its mode and
 *                     what it masked; null when the extract did not run it
 */
public record ExtractManifest(String extractId, String profile, Recipient recipient, String purpose,
                              LocalDate businessDate, String policyVersion, String policySha256, int k,
                              Long kAchieved, Risk risk, Map<String, Long> excludedRows, List<File> files,
                              String keyFingerprint, OwnIdentifiers ownIdentifiers) {

    /** Without the own-identifier check's summary. */
    public ExtractManifest(String extractId, String profile, Recipient recipient, String purpose, LocalDate businessDate,
                           String policyVersion, String policySha256, int k, Long kAchieved, Risk risk,
                           Map<String, Long> excludedRows, List<File> files, String keyFingerprint) {
        this(extractId, profile, recipient, purpose, businessDate, policyVersion, policySha256, k, kAchieved, risk, excludedRows,
                files, keyFingerprint, null);
    }

    /** This manifest with the own-identifier check's summary. */
    public ExtractManifest withOwnIdentifiers(OwnIdentifiers summary) {
        return new ExtractManifest(extractId, profile, recipient, purpose, businessDate, policyVersion, policySha256, k, kAchieved,
                risk, excludedRows, files, keyFingerprint, summary);
    }

    /**
     * @param mode   FAIL (a hit fails the extract, so a released one masked nothing) or MASK
     * @param masked spans replaced by placeholders (or number and date cells nulled), per dataset, column and type
     */
    public record OwnIdentifiers(OwnIdentifierMode mode, List<Masked> masked) {
        public OwnIdentifiers {
            masked = List.copyOf(masked);
        }
    }

    public record Masked(String dataset, String column, String type, long spans) {}

    /** The reason key for rows suppressed by k-anonymity. */
    public static final String K_ANONYMITY = "K_ANONYMITY_SUPPRESSED";
    /** The reason key for rows whose customer k-anonymity suppressed in the profile's {@code suppress: customer} dataset. */
    public static final String K_ANONYMITY_CUSTOMER = "K_ANONYMITY_CUSTOMER_SUPPRESSED";

    public ExtractManifest {
        excludedRows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(excludedRows));
        files = List.copyOf(files);
    }

    /**
     * @param path             relative to the extract folder
     * @param quasiIdentifiers the file's column names k applies to
     * @param generalization   each quasi-identifier's hierarchy (or transform) as released: coarser than
     *                         the profile asked where k-anonymity had to generalize further
     */
    public record File(String path, String sha256, long rows, List<String> quasiIdentifiers,
                       Map<String, String> generalization) {
        public File {
            quasiIdentifiers = List.copyOf(quasiIdentifiers);
            generalization = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(generalization));
        }
    }

    /**
     * Prosecutor re-identification risk after suppression.
     *
     * @param prosecutorMax     1 / smallest released class, the worst record's risk
     * @param prosecutorAverage released classes / released records, over all judged files
     * @param recordsSuppressed rows left out by k-anonymity
     */
    public record Risk(double prosecutorMax, double prosecutorAverage, long recordsSuppressed) {

        public static final Risk NONE = new Risk(0, 0, 0);

        /** Combines the judgements of the files of one extract. */
        public static Risk combine(Collection<KAnonymity.Judgement> judgements) {
            double max = 0;
            long classes = 0;
            long records = 0;
            long suppressed = 0;
            for (KAnonymity.Judgement j : judgements) {
                max = Math.max(max, j.maxRisk());
                classes += j.releasedClasses();
                records += j.releasedRecords();
                suppressed += j.suppressedRecords();
            }
            return new Risk(max, records == 0 ? 0 : (double) classes / records, suppressed);
        }
    }

    /** The smallest kAchieved of files that released records, null when none was judged. */
    public static Long kAchieved(Collection<KAnonymity.Judgement> judgements) {
        Long min = null;
        for (KAnonymity.Judgement j : judgements) {
            if (j.releasedRecords() == 0) continue;
            min = min == null ? j.kAchieved() : Math.min(min, j.kAchieved());
        }
        return min;
    }
}
