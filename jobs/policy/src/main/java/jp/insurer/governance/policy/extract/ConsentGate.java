package jp.insurer.governance.policy.extract;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.consent.ConsentState;

/**
 * Which consents a record and a column need before they may be released to a recipient for a
 * purpose. The whole rule is this table (the README's "Consent gate" section repeats it):
 *
 * <pre>
 * recipient kind          purposes of use allowed    consents every record needs           機微情報 (SENSITIVE columns,
 *                                                                                          sensitive mentions in text)
 * INTERNAL                section-4 purposes only    none (same company) + the purpose's    SENSITIVE_RND, if the purpose
 *                                                     own consents (e.g. MARKETING)          is product R&amp;D
 * GROUP_INSURER           section-4 purposes only    INSURANCE_GROUP_SHARING + the          SENSITIVE_RND, if the purpose
 *                                                     purpose's own consents                 is product R&amp;D
 * GROUP_COMPANY           any (their own purposes)   GROUP_SHARING + the purpose's own      never
 * OVERSEAS_GROUP_COMPANY  any (their own purposes)   GROUP_SHARING + the purpose's own      never
 * </pre>
 *
 * <ul>
 *   <li>A required consent WITHDRAWN on or before the business date excludes the record
 *       ({@link RecordVerdict#CONSENT_WITHDRAWN}), UNCERTAIN excludes it
 *       ({@link RecordVerdict#CONSENT_UNCERTAIN}: a ledger line about it could not be trusted), NOT_GIVEN
 *       excludes it too ({@link RecordVerdict#CONSENT_NOT_GIVEN}): silence is never consent. Reported in
 *       that order when several apply.</li>
 *   <li>機微情報 needs SENSITIVE_RND GRANTED: WITHDRAWN, UNCERTAIN and NOT_GIVEN all withhold it.</li>
 *   <li>Where 機微情報 is not allowed for a record, the record is still released but its SENSITIVE
 *       cells are null and sensitive mentions in its free text are replaced by ＜機微情報＞. Where the
 *       recipient or purpose can never receive 機微情報, SENSITIVE columns are dropped altogether
 *       ({@link #columnAllowed}).</li>
 *   <li>A record without a customer link (anonymous, e.g. a web event before login) has no consent
 *       to check: it is released only when the profile needs no consent at all (an INTERNAL recipient
 *       for a purpose without consents of its own), and never with 機微情報; otherwise it is excluded
 *       as {@link RecordVerdict#NO_CUSTOMER_LINK}.</li>
 * </ul>
 * Purposes of use that a kind may not receive data for are refused when the profile is loaded.
 * Immutable and thread-safe; {@link #decide} does no allocation.
 */
public final class ConsentGate {

    public static final String INSURANCE_GROUP_SHARING = "INSURANCE_GROUP_SHARING";
    public static final String GROUP_SHARING = "GROUP_SHARING";
    public static final String SENSITIVE_RND = "SENSITIVE_RND";

    private final RecipientKind kind;
    private final PurposeOfUse purpose;
    private final List<String> required;
    private final int[] requiredIndex;
    private final int sensitiveIndex;
    private final boolean sensitiveEligible;

    private ConsentGate(RecipientKind kind, PurposeOfUse purpose, List<String> policyPurposeOrder) {
        this.kind = kind;
        this.purpose = purpose;
        this.required = requiredConsents(kind, purpose);
        this.requiredIndex = new int[required.size()];
        for (int i = 0; i < required.size(); i++) {
            requiredIndex[i] = policyPurposeOrder.indexOf(required.get(i));
            if (requiredIndex[i] < 0) {
                throw new IllegalArgumentException(
                        "consent purpose " + required.get(i) + " is not configured in policy.yml");
            }
        }
        this.sensitiveEligible = sensitiveEligible(kind, purpose);
        this.sensitiveIndex = policyPurposeOrder.indexOf(SENSITIVE_RND);
        if (sensitiveEligible && sensitiveIndex < 0) {
            throw new IllegalArgumentException("consent purpose " + SENSITIVE_RND + " is not configured in policy.yml");
        }
    }

    /**
     * @param policyPurposeOrder the consent purposes in the order of the state arrays given to
     *                           {@link #decide} (the policy's order, as {@code ConsentBook.states} returns them)
     */
    public static ConsentGate forProfile(ExtractProfile profile, List<String> policyPurposeOrder) {
        return of(profile.recipient().kind(), profile.purpose(), policyPurposeOrder);
    }

    public static ConsentGate of(RecipientKind kind, PurposeOfUse purpose, List<String> policyPurposeOrder) {
        return new ConsentGate(kind, purpose, List.copyOf(policyPurposeOrder));
    }

    /** The consent purposes every record needs for this kind and purpose, in table order. */
    public static List<String> requiredConsents(RecipientKind kind, PurposeOfUse purpose) {
        Set<String> out = new LinkedHashSet<>();
        switch (kind) {
            case INTERNAL -> {}
            case GROUP_INSURER -> out.add(INSURANCE_GROUP_SHARING);
            case GROUP_COMPANY, OVERSEAS_GROUP_COMPANY -> out.add(GROUP_SHARING);
        }
        out.addAll(purpose.consents());
        return List.copyOf(out);
    }

    /** Whether the kind may receive data for the purpose at all (checked when profiles load). */
    public static boolean purposeAllowed(RecipientKind kind, PurposeOfUse purpose) {
        return switch (kind) {
            case INTERNAL, GROUP_INSURER -> purpose.section4();
            case GROUP_COMPANY, OVERSEAS_GROUP_COMPANY -> true;
        };
    }

    /** Whether 機微情報 can ever go to this kind for this purpose (then it still needs SENSITIVE_RND per record). */
    public static boolean sensitiveEligible(RecipientKind kind, PurposeOfUse purpose) {
        return (kind == RecipientKind.INTERNAL || kind == RecipientKind.GROUP_INSURER) && purpose.productRnd();
    }

    public List<String> requiredConsents() {
        return required;
    }

    public boolean sensitiveEligible() {
        return sensitiveEligible;
    }

    /**
     * The verdict for one record.
     *
     * @param states the record's consent states in policy purpose order; null when the record has no customer link
     */
    public RecordVerdict decide(ConsentState[] states) {
        if (states == null) return required.isEmpty() ? RecordVerdict.INCLUDE : RecordVerdict.NO_CUSTOMER_LINK;
        RecordVerdict verdict = RecordVerdict.INCLUDE;
        for (int index : requiredIndex) {
            ConsentState s = states[index];
            if (s == ConsentState.WITHDRAWN) return RecordVerdict.CONSENT_WITHDRAWN;
            if (s == ConsentState.UNCERTAIN) verdict = RecordVerdict.CONSENT_UNCERTAIN;
            else if (s != ConsentState.GRANTED && verdict == RecordVerdict.INCLUDE)
                verdict = RecordVerdict.CONSENT_NOT_GIVEN;
        }
        return verdict;
    }

    /** Whether this record's 機微情報 may be released (its SENSITIVE cells and sensitive mentions). */
    public boolean sensitiveAllowed(ConsentState[] states) {
        return sensitiveEligible && states != null && states[sensitiveIndex] == ConsentState.GRANTED;
    }

    /**
     * Whether a column of this classification may be released to this recipient at all: SENSITIVE
     * columns only where 機微情報 is eligible; every other role is decided by its transform.
     */
    public boolean columnAllowed(ColumnClassification column) {
        return column.role() != Role.SENSITIVE || sensitiveEligible;
    }

    /** The table above as Markdown rows, for the README and the data dictionary. */
    public static String tableMarkdown() {
        List<String> rows = new ArrayList<>();
        rows.add(
                "| recipient kind | purposes of use allowed | consents every record needs | 機微情報 (SENSITIVE columns, sensitive mentions) |");
        rows.add("| --- | --- | --- | --- |");
        rows.add(
                "| INTERNAL | section-4 purposes only | none (same company) + the purpose's own consents | SENSITIVE_RND granted, product-R&D purpose |");
        rows.add(
                "| GROUP_INSURER | section-4 purposes only | INSURANCE_GROUP_SHARING + the purpose's own consents | SENSITIVE_RND granted, product-R&D purpose |");
        rows.add(
                "| GROUP_COMPANY | any (their own purposes) | GROUP_SHARING + the purpose's own consents | never (columns dropped, mentions removed) |");
        rows.add(
                "| OVERSEAS_GROUP_COMPANY | any (their own purposes) | GROUP_SHARING + the purpose's own consents | never (columns dropped, mentions removed) |");
        return String.join("\n", rows) + "\n";
    }

    @Override
    public String toString() {
        return "ConsentGate[" + kind + ", " + purpose.id() + ", requires " + required
                + (sensitiveEligible ? ", 機微情報 with " + SENSITIVE_RND : ", no 機微情報") + "]";
    }
}
