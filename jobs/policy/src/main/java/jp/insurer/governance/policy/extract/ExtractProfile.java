package jp.insurer.governance.policy.extract;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.transform.TextMode;
import jp.insurer.governance.policy.transform.Transform;

/**
 * One research-extract profile of {@code config/extracts.yml}, loaded and checked against the policy
 * (not yet against the catalog: see {@link ExtractProfiles#plan}).
 *
 * @param keyId        the environment variable (or key-store entry) holding the recipient's pseudonym
 *                     key; never the key itself
 * @param k            minimum size of every equivalence class over the quasi-identifiers
 * @param maxSuppression share of a dataset's records k-anonymity may suppress before it generalizes a
 *                     quasi-identifier further (its hierarchy's {@code next}); 0 to 1
 * @param roleDefaults transform of a named column without its own, per role (file defaults, then the profile's)
 * @param textMode     how scrubbed free text is released: ALLOWLIST for every recipient outside the
 *                     company; INTERNAL profiles may choose BLOCKLIST ({@code text:} in extracts.yml)
 * @param processingStandard the regime it is released under ({@code regime:}; default {@code consent})
 * @param ownIdentifiers what a released cell holding its own customer's identifier does: fail the extract
 *                     (the default) or mask the span ({@link OwnIdentifierCheck})
 */
public record ExtractProfile(
        String name,
        String description,
        Recipient recipient,
        PurposeOfUse purpose,
        String keyId,
        int k,
        double maxSuppression,
        Map<Role, Transform> roleDefaults,
        List<DatasetRequest> datasets,
        Origin origin,
        TextMode textMode,
        OwnIdentifierMode ownIdentifiers,
        ProcessingStandard processingStandard) {

    /** Used when a profile does not set {@code max_suppression}. */
    public static final double DEFAULT_MAX_SUPPRESSION = 0.05;

    public ExtractProfile {
        if (!(maxSuppression >= 0 && maxSuppression <= 1))
            throw new IllegalArgumentException("maxSuppression must be within 0..1");
        roleDefaults = Collections.unmodifiableMap(new EnumMap<>(roleDefaults));
        datasets = List.copyOf(datasets);
        if (textMode == null) textMode = TextMode.ALLOWLIST;
        if (textMode == TextMode.BLOCKLIST && recipient != null && recipient.kind() != RecipientKind.INTERNAL) {
            throw new IllegalArgumentException(
                    "free text leaves the company only by allowlist (" + recipient.kind() + ")");
        }
        if (ownIdentifiers == null) ownIdentifiers = OwnIdentifierMode.FAIL;
        if (processingStandard == null) processingStandard = ProcessingStandard.CONSENT;
        if (processingStandard == ProcessingStandard.PSEUDONYMIZED && recipient != null && recipient.outsideCompany()) {
            throw new IllegalArgumentException("仮名加工情報 is never provided to a third party (" + recipient.kind() + ")");
        }
    }

    /** A profile released as personal data with consent (the default regime). */
    public ExtractProfile(
            String name,
            String description,
            Recipient recipient,
            PurposeOfUse purpose,
            String keyId,
            int k,
            double maxSuppression,
            Map<Role, Transform> roleDefaults,
            List<DatasetRequest> datasets,
            Origin origin,
            TextMode textMode,
            OwnIdentifierMode ownIdentifiers) {
        this(
                name,
                description,
                recipient,
                purpose,
                keyId,
                k,
                maxSuppression,
                roleDefaults,
                datasets,
                origin,
                textMode,
                ownIdentifiers,
                ProcessingStandard.CONSENT);
    }

    /** A profile releasing free text by allowlist that fails on its customers' own identifiers (the defaults). */
    public ExtractProfile(
            String name,
            String description,
            Recipient recipient,
            PurposeOfUse purpose,
            String keyId,
            int k,
            double maxSuppression,
            Map<Role, Transform> roleDefaults,
            List<DatasetRequest> datasets,
            Origin origin) {
        this(
                name,
                description,
                recipient,
                purpose,
                keyId,
                k,
                maxSuppression,
                roleDefaults,
                datasets,
                origin,
                TextMode.ALLOWLIST,
                OwnIdentifierMode.FAIL);
    }

    public Optional<DatasetRequest> dataset(String name) {
        return datasets.stream().filter(d -> d.dataset().equals(name)).findFirst();
    }

    /** The transform a request gets: its own, else its role's default, else drop. */
    public Transform transformFor(ColumnRequest request, Role role) {
        if (request.transform() != null) return request.transform();
        return roleDefaults.getOrDefault(role, Transform.DROP);
    }
}
