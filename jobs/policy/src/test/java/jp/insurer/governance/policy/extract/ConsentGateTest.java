package jp.insurer.governance.policy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jp.insurer.governance.policy.consent.ConsentState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gate table, every recipient kind × purpose × state of the consent that matters. States are
 * written in policy order: INSURANCE_GROUP_SHARING, GROUP_SHARING, SENSITIVE_RND, MARKETING, NEWSLETTER
 * as G/W/N/U (granted, withdrawn, not given, uncertain); '-' is a record without a customer link.
 */
class ConsentGateTest {

    static final List<String> ORDER =
            List.of("INSURANCE_GROUP_SHARING", "GROUP_SHARING", "SENSITIVE_RND", "MARKETING", "NEWSLETTER");
    static final PurposeOfUse PRODUCT_RND = new PurposeOfUse("PRODUCT_RND", "", true, true, List.of());
    static final PurposeOfUse SERVICE_RND = new PurposeOfUse("SERVICE_RND", "", true, false, List.of());
    static final PurposeOfUse MARKETING_ANALYTICS =
            new PurposeOfUse("MARKETING_ANALYTICS", "", true, false, List.of("MARKETING"));
    static final PurposeOfUse OWN_PURPOSE = new PurposeOfUse("OWN_PURPOSE", "", false, false, List.of());

    static PurposeOfUse purpose(String id) {
        return switch (id) {
            case "PRODUCT_RND" -> PRODUCT_RND;
            case "SERVICE_RND" -> SERVICE_RND;
            case "MARKETING_ANALYTICS" -> MARKETING_ANALYTICS;
            default -> OWN_PURPOSE;
        };
    }

    static ConsentState[] states(String code) {
        if (code.equals("-")) return null;
        ConsentState[] out = new ConsentState[code.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (code.charAt(i)) {
                case 'G' -> ConsentState.GRANTED;
                case 'W' -> ConsentState.WITHDRAWN;
                case 'U' -> ConsentState.UNCERTAIN;
                default -> ConsentState.NOT_GIVEN;
            };
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}, sensitive {4}")
    @CsvSource(delimiter = '|', textBlock = """
        # kind                 | purpose             | IGSMN | verdict           | sensitive
        INTERNAL               | PRODUCT_RND         | NNNNN | INCLUDE           | false
        INTERNAL               | PRODUCT_RND         | NNGNN | INCLUDE           | true
        INTERNAL               | PRODUCT_RND         | NNWNN | INCLUDE           | false
        INTERNAL               | PRODUCT_RND         | -     | INCLUDE           | false
        INTERNAL               | SERVICE_RND         | NNGNN | INCLUDE           | false
        INTERNAL               | SERVICE_RND         | WWWWW | INCLUDE           | false
        INTERNAL               | SERVICE_RND         | -     | INCLUDE           | false
        INTERNAL               | MARKETING_ANALYTICS | NNNGN | INCLUDE           | false
        INTERNAL               | MARKETING_ANALYTICS | NNGWN | CONSENT_WITHDRAWN | false
        INTERNAL               | MARKETING_ANALYTICS | NNNNN | CONSENT_NOT_GIVEN | false
        INTERNAL               | MARKETING_ANALYTICS | -     | NO_CUSTOMER_LINK  | false
        GROUP_INSURER          | PRODUCT_RND         | GNGNN | INCLUDE           | true
        GROUP_INSURER          | PRODUCT_RND         | GNNNN | INCLUDE           | false
        GROUP_INSURER          | PRODUCT_RND         | GNWNN | INCLUDE           | false
        GROUP_INSURER          | PRODUCT_RND         | WNGNN | CONSENT_WITHDRAWN | true
        GROUP_INSURER          | PRODUCT_RND         | NGGNN | CONSENT_NOT_GIVEN | true
        GROUP_INSURER          | PRODUCT_RND         | -     | NO_CUSTOMER_LINK  | false
        GROUP_INSURER          | SERVICE_RND         | GNGNN | INCLUDE           | false
        GROUP_INSURER          | SERVICE_RND         | WGGGG | CONSENT_WITHDRAWN | false
        GROUP_INSURER          | MARKETING_ANALYTICS | GNNGN | INCLUDE           | false
        GROUP_INSURER          | MARKETING_ANALYTICS | GNNNN | CONSENT_NOT_GIVEN | false
        GROUP_INSURER          | MARKETING_ANALYTICS | NNNWN | CONSENT_WITHDRAWN | false
        GROUP_COMPANY          | PRODUCT_RND         | GGGGG | INCLUDE           | false
        GROUP_COMPANY          | PRODUCT_RND         | GNGGG | CONSENT_NOT_GIVEN | false
        GROUP_COMPANY          | SERVICE_RND         | NGNNN | INCLUDE           | false
        GROUP_COMPANY          | SERVICE_RND         | GWGGG | CONSENT_WITHDRAWN | false
        GROUP_COMPANY          | OWN_PURPOSE         | NGNNN | INCLUDE           | false
        GROUP_COMPANY          | OWN_PURPOSE         | -     | NO_CUSTOMER_LINK  | false
        GROUP_COMPANY          | MARKETING_ANALYTICS | NGNGN | INCLUDE           | false
        GROUP_COMPANY          | MARKETING_ANALYTICS | NGNNN | CONSENT_NOT_GIVEN | false
        OVERSEAS_GROUP_COMPANY | PRODUCT_RND         | GGGGG | INCLUDE           | false
        OVERSEAS_GROUP_COMPANY | SERVICE_RND         | GNGGG | CONSENT_NOT_GIVEN | false
        OVERSEAS_GROUP_COMPANY | MARKETING_ANALYTICS | NGNGN | INCLUDE           | false
        OVERSEAS_GROUP_COMPANY | MARKETING_ANALYTICS | NGNWN | CONSENT_WITHDRAWN | false
        OVERSEAS_GROUP_COMPANY | MARKETING_ANALYTICS | NWNGN | CONSENT_WITHDRAWN | false
        OVERSEAS_GROUP_COMPANY | OWN_PURPOSE         | NNNNN | CONSENT_NOT_GIVEN | false
        OVERSEAS_GROUP_COMPANY | OWN_PURPOSE         | -     | NO_CUSTOMER_LINK  | false
        INTERNAL               | PRODUCT_RND         | NNUNN | INCLUDE           | false
        INTERNAL               | SERVICE_RND         | UUUUU | INCLUDE           | false
        INTERNAL               | MARKETING_ANALYTICS | NNNUN | CONSENT_UNCERTAIN | false
        GROUP_INSURER          | PRODUCT_RND         | UNGNN | CONSENT_UNCERTAIN | true
        GROUP_INSURER          | PRODUCT_RND         | GNUNN | INCLUDE           | false
        GROUP_INSURER          | PRODUCT_RND         | UUUUU | CONSENT_UNCERTAIN | false
        GROUP_INSURER          | MARKETING_ANALYTICS | UNNWN | CONSENT_WITHDRAWN | false
        GROUP_INSURER          | MARKETING_ANALYTICS | WNNUN | CONSENT_WITHDRAWN | false
        GROUP_INSURER          | MARKETING_ANALYTICS | NNNUN | CONSENT_UNCERTAIN | false
        GROUP_INSURER          | MARKETING_ANALYTICS | UNNNN | CONSENT_UNCERTAIN | false
        OVERSEAS_GROUP_COMPANY | MARKETING_ANALYTICS | GUGGG | CONSENT_UNCERTAIN | false
        OVERSEAS_GROUP_COMPANY | MARKETING_ANALYTICS | NUNNN | CONSENT_UNCERTAIN | false
        OVERSEAS_GROUP_COMPANY | MARKETING_ANALYTICS | NGNUN | CONSENT_UNCERTAIN | false
        GROUP_COMPANY          | OWN_PURPOSE         | NUNNN | CONSENT_UNCERTAIN | false
        """)
    void gateTable(RecipientKind kind, String purposeId, String states, RecordVerdict verdict, boolean sensitive) {
        ConsentGate gate = ConsentGate.of(kind, purpose(purposeId), ORDER);
        assertThat(gate.decide(states(states))).isEqualTo(verdict);
        assertThat(gate.sensitiveAllowed(states(states))).isEqualTo(sensitive);
    }

    @ParameterizedTest(name = "{0} {1}: purpose allowed {2}, 機微情報 eligible {3}, requires {4}")
    @CsvSource(delimiter = '|', textBlock = """
        INTERNAL               | PRODUCT_RND         | true  | true  | ''
        INTERNAL               | MARKETING_ANALYTICS | true  | false | MARKETING
        INTERNAL               | OWN_PURPOSE         | false | false | ''
        GROUP_INSURER          | PRODUCT_RND         | true  | true  | INSURANCE_GROUP_SHARING
        GROUP_INSURER          | MARKETING_ANALYTICS | true  | false | INSURANCE_GROUP_SHARING MARKETING
        GROUP_INSURER          | OWN_PURPOSE         | false | false | INSURANCE_GROUP_SHARING
        GROUP_COMPANY          | PRODUCT_RND         | true  | false | GROUP_SHARING
        GROUP_COMPANY          | OWN_PURPOSE         | true  | false | GROUP_SHARING
        OVERSEAS_GROUP_COMPANY | PRODUCT_RND         | true  | false | GROUP_SHARING
        OVERSEAS_GROUP_COMPANY | MARKETING_ANALYTICS | true  | false | GROUP_SHARING MARKETING
        """)
    void staticRules(RecipientKind kind, String purposeId, boolean allowed, boolean eligible, String requires) {
        PurposeOfUse p = purpose(purposeId);
        assertThat(ConsentGate.purposeAllowed(kind, p)).isEqualTo(allowed);
        assertThat(ConsentGate.sensitiveEligible(kind, p)).isEqualTo(eligible);
        assertThat(String.join(" ", ConsentGate.requiredConsents(kind, p))).isEqualTo(requires == null ? "" : requires);
        jp.insurer.governance.policy.classify.ColumnClassification sensitive =
                new jp.insurer.governance.policy.classify.ColumnClassification(
                        "diagnosis_name",
                        "STRING",
                        jp.insurer.governance.policy.classify.Role.SENSITIVE,
                        java.util.Set.of(),
                        "HEALTH",
                        jp.insurer.governance.policy.classify.DecisionSource.RULE,
                        1,
                        "",
                        null);
        assertThat(ConsentGate.of(kind, p, ORDER).columnAllowed(sensitive)).isEqualTo(eligible);
    }
}
