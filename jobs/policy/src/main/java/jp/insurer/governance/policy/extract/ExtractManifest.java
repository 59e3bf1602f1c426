package jp.insurer.governance.policy.extract;

import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.policy.anonymity.KAnonymity;

/**
 * The {@code manifest.json} of an extract (README "Research extracts", Output), as plain records for the batch module to
 * write with Jackson. Field names are the JSON names.
 *
 * @param kAchieved    the smallest group of released people indistinguishable in everything they receive: their
 *                     whole combination of quasi-identifier values across the linked files (see {@code PersonLattice});
 *                     null when nothing was judged
 * @param excludedRows rows left out, by reason: {@link RecordVerdict} names, {@value #K_ANONYMITY} and
 *                     {@value #K_ANONYMITY_CUSTOMER}
 * @param linkGroups   how k-anonymity was judged: the files joined per person, and what it did there
 * @param keyFingerprint public fingerprint of the pseudonym key (never the key), or null
 * @param consentInputs  what the consent ledger behind this extract could not settle; null when the
 *                       tag run did not say (a catalog of an older version)
 * @param ownIdentifiers the second leak check (own identifiers of each released customer): its mode and
 *                     what it masked; null when the extract did not run it
 */
public record ExtractManifest(
        String extractId,
        String profile,
        Recipient recipient,
        String purpose,
        LocalDate businessDate,
        String policyVersion,
        String policySha256,
        int k,
        Long kAchieved,
        Risk risk,
        Map<String, Long> excludedRows,
        List<File> files,
        List<LinkGroup> linkGroups,
        String keyFingerprint,
        ConsentInputs consentInputs,
        OwnIdentifiers ownIdentifiers,
        Standard processingStandard,
        Provision provision) {

    public ExtractManifest(
            String extractId,
            String profile,
            Recipient recipient,
            String purpose,
            LocalDate businessDate,
            String policyVersion,
            String policySha256,
            int k,
            Long kAchieved,
            Risk risk,
            Map<String, Long> excludedRows,
            List<File> files,
            List<LinkGroup> linkGroups,
            String keyFingerprint,
            ConsentInputs consentInputs,
            OwnIdentifiers ownIdentifiers) {
        this(
                extractId,
                profile,
                recipient,
                purpose,
                businessDate,
                policyVersion,
                policySha256,
                k,
                kAchieved,
                risk,
                excludedRows,
                files,
                linkGroups,
                keyFingerprint,
                consentInputs,
                ownIdentifiers,
                null,
                null);
    }

    /** This manifest with the own-identifier check's summary. */
    public ExtractManifest withOwnIdentifiers(OwnIdentifiers summary) {
        return new ExtractManifest(
                extractId,
                profile,
                recipient,
                purpose,
                businessDate,
                policyVersion,
                policySha256,
                k,
                kAchieved,
                risk,
                excludedRows,
                files,
                linkGroups,
                keyFingerprint,
                consentInputs,
                summary,
                processingStandard,
                provision);
    }

    /** This manifest stating the regime it is released under. */
    public ExtractManifest withProcessingStandard(ProcessingStandard standard) {
        return new ExtractManifest(
                extractId,
                profile,
                recipient,
                purpose,
                businessDate,
                policyVersion,
                policySha256,
                k,
                kAchieved,
                risk,
                excludedRows,
                files,
                linkGroups,
                keyFingerprint,
                consentInputs,
                ownIdentifiers,
                Standard.of(standard),
                provision);
    }

    /** This manifest naming its third-party provision record. */
    public ExtractManifest withProvision(Provision record) {
        return new ExtractManifest(
                extractId,
                profile,
                recipient,
                purpose,
                businessDate,
                policyVersion,
                policySha256,
                k,
                kAchieved,
                risk,
                excludedRows,
                files,
                linkGroups,
                keyFingerprint,
                consentInputs,
                ownIdentifiers,
                processingStandard,
                record);
    }

    /**
     * The regime the extract is released under ({@link ProcessingStandard}), in both languages.
     *
     * @param regime {@code consent}, {@code pseudonymized} or {@code anonymized}
     */
    public record Standard(String regime, String ja, String en) {
        static Standard of(ProcessingStandard s) {
            return s == null ? null : new Standard(s.configName(), s.japanese(), s.english());
        }
    }

    /**
     * The third-party provision record of an outside release (APPI art. 29), written before the release.
     *
     * @param provisionId the record's id in {@code OUT/provision/} (SHA-256 of its content)
     * @param customers   customers provided (their keys are in the record only, never here)
     */
    public record Provision(String provisionId, long customers, String records) {}

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

    public ExtractManifest(
            String extractId,
            String profile,
            Recipient recipient,
            String purpose,
            LocalDate businessDate,
            String policyVersion,
            String policySha256,
            int k,
            Long kAchieved,
            Risk risk,
            Map<String, Long> excludedRows,
            List<File> files,
            List<LinkGroup> linkGroups,
            String keyFingerprint) {
        this(
                extractId,
                profile,
                recipient,
                purpose,
                businessDate,
                policyVersion,
                policySha256,
                k,
                kAchieved,
                risk,
                excludedRows,
                files,
                linkGroups,
                keyFingerprint,
                null,
                null,
                null,
                null);
    }

    public ExtractManifest withConsentInputs(ConsentInputs inputs) {
        return new ExtractManifest(
                extractId,
                profile,
                recipient,
                purpose,
                businessDate,
                policyVersion,
                policySha256,
                k,
                kAchieved,
                risk,
                excludedRows,
                files,
                linkGroups,
                keyFingerprint,
                inputs,
                ownIdentifiers,
                processingStandard,
                provision);
    }

    /**
     * The uncertain and quarantined consent inputs, as the tag run counted them (README "Uncertain
     * consent"); the records they kept out are {@code excludedRows.CONSENT_UNCERTAIN}.
     *
     * @param ledgerLinesQuarantined   consent-ledger lines the tag run quarantined
     * @param ledgerQuarantinedByReason the same by reason ({@code LedgerLine.Problem} names)
     * @param customersUncertain       customers whose consent to at least one purpose is UNCERTAIN
     * @param ledgerCustomersUnmatched ledger customers matching no customer-master record; null when not checked
     * @param ledgerWithdrawalsUnattributed ledger lines that may withdraw a consent and name no customer: the
     *                                 grants they may postdate were tagged UNCERTAIN
     * @param ledgerCustomersLookalike unmatched ledger customers who withdrew or are uncertain: the grants of
     *                                 customers whose keys look alike were tagged UNCERTAIN
     * @param uncertainRecords         per dataset of this extract, per consent the gate reads, the records
     *                                 tagged UNCERTAIN (before the gate: excluded, or 機微情報 withheld)
     */
    public record ConsentInputs(
            long ledgerLinesQuarantined,
            Map<String, Long> ledgerQuarantinedByReason,
            long customersUncertain,
            Long ledgerCustomersUnmatched,
            long ledgerWithdrawalsUnattributed,
            long ledgerCustomersLookalike,
            Map<String, Map<String, Long>> uncertainRecords) {}

    /** The reason key for rows without a customer (each a person of its own) suppressed by k-anonymity. */
    public static final String K_ANONYMITY = "K_ANONYMITY_SUPPRESSED";
    /** The reason key for the rows, in every linked file, of the people k-anonymity suppressed. */
    public static final String K_ANONYMITY_CUSTOMER = "K_ANONYMITY_CUSTOMER_SUPPRESSED";

    public ExtractManifest {
        excludedRows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(excludedRows));
        files = List.copyOf(files);
        linkGroups = List.copyOf(linkGroups);
    }

    /**
     * Files whose rows are judged together per person: every linkable file of the extract (one
     * pseudonym key), or one {@code linkable: false} file alone.
     *
     * @param people           released and suppressed people (rows without a customer count one each)
     * @param peopleSuppressed people in a group smaller than k, left out of every file of the group
     * @param classes          groups of indistinguishable people released
     * @param kAchieved        the smallest of those groups (0 when nobody is released)
     */
    public record LinkGroup(
            List<String> datasets, boolean linkable, long people, long peopleSuppressed, long classes, long kAchieved) {
        public LinkGroup {
            datasets = List.copyOf(datasets);
        }
    }

    /**
     * @param path             relative to the extract folder
     * @param quasiIdentifiers the file's column names k applies to
     * @param generalization   each quasi-identifier's hierarchy (or transform) as released: coarser than
     *                         the profile asked where k-anonymity had to generalize further
     */
    public record File(
            String path, String sha256, long rows, List<String> quasiIdentifiers, Map<String, String> generalization) {
        public File {
            quasiIdentifiers = List.copyOf(quasiIdentifiers);
            generalization = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(generalization));
        }
    }

    /**
     * Prosecutor re-identification risk after suppression.
     *
     * @param prosecutorMax     1 / smallest released group of people, the worst person's risk
     * @param prosecutorAverage released groups / released people, over all link groups
     * @param recordsSuppressed rows left out by k-anonymity (in every file)
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
