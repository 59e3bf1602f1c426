package jp.insurer.governance.policy.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.policy.classify.AcquisitionCategory;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.classify.DecisionSource;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentPurpose;

/** The sample data's catalog as the tag job classifies it, and the shipped policy's purposes. */
final class Catalogs {

    static final Policy POLICY = new Policy(
            "test",
            "0".repeat(64),
            List.of(
                    new ConsentPurpose("INSURANCE_GROUP_SHARING", ""),
                    new ConsentPurpose("GROUP_SHARING", ""),
                    new ConsentPurpose("SENSITIVE_RND", ""),
                    new ConsentPurpose("MARKETING", ""),
                    new ConsentPurpose("NEWSLETTER", "")),
            jp.insurer.governance.policy.consent.CustomerKey.DEFAULT,
            Policy.DEFAULT_CUSTOMER_MASTER,
            java.util.Map.of(
                    "SG", new Policy.OverseasCountry("SG", "Singapore", java.util.Set.of("2022.4", "2024.10"))));

    /** dataset → column → role[/sensitiveKind]. */
    private static final String[][] SAMPLE = {
        {"customers", "customer_id", "DIRECT_IDENTIFIER"}, {"customers", "氏名", "DIRECT_IDENTIFIER"},
        {"customers", "フリガナ", "DIRECT_IDENTIFIER"}, {"customers", "birth_date", "QUASI_IDENTIFIER"},
        {"customers", "gender", "QUASI_IDENTIFIER"}, {"customers", "postal_code", "QUASI_IDENTIFIER"},
        {"customers", "prefecture", "QUASI_IDENTIFIER"}, {"customers", "address", "DIRECT_IDENTIFIER"},
        {"customers", "phone", "DIRECT_IDENTIFIER"}, {"customers", "email", "DIRECT_IDENTIFIER"},
        {"customers", "my_number", "DIRECT_IDENTIFIER"}, {"customers", "occupation", "QUASI_IDENTIFIER"},
        {"customers", "created_at", "NON_PERSONAL"}, {"customers", "legacy_flag_x", "UNKNOWN"},
        {"policies", "policy_id", "DIRECT_IDENTIFIER"}, {"policies", "customer_id", "DIRECT_IDENTIFIER"},
        {"policies", "product_code", "NON_PERSONAL"}, {"policies", "start_date", "NON_PERSONAL"},
        {"policies", "status", "NON_PERSONAL"}, {"policies", "annual_premium_jpy", "NON_PERSONAL"},
        {"claims", "claim_id", "NON_PERSONAL"}, {"claims", "policy_id", "DIRECT_IDENTIFIER"},
        {"claims", "customer_id", "DIRECT_IDENTIFIER"}, {"claims", "claim_type", "NON_PERSONAL"},
        {"claims", "incident_date", "QUASI_IDENTIFIER"}, {"claims", "diagnosis_code", "SENSITIVE/HEALTH"},
        {"claims", "diagnosis_name", "SENSITIVE/HEALTH"}, {"claims", "hospital", "SENSITIVE/HEALTH"},
        {"claims", "hospitalization_days", "SENSITIVE/HEALTH"}, {"claims", "claimed_amount_jpy", "NON_PERSONAL"},
        {"claims", "paid_amount_jpy", "NON_PERSONAL"}, {"claims", "assessment_note", "FREE_TEXT/HEALTH"},
        {"contact_notes", "note_id", "NON_PERSONAL"}, {"contact_notes", "customer_id", "DIRECT_IDENTIFIER"},
        {"contact_notes", "channel", "NON_PERSONAL"}, {"contact_notes", "category", "NON_PERSONAL"},
        {"contact_notes", "created_at", "NON_PERSONAL"}, {"contact_notes", "note", "FREE_TEXT"},
    };

    static Map<String, Map<String, ColumnClassification>> sample() {
        Map<String, Map<String, ColumnClassification>> out = new LinkedHashMap<>();
        for (String[] row : SAMPLE) {
            String[] roleKind = row[2].split("/");
            Role role = Role.valueOf(roleKind[0]);
            out.computeIfAbsent(row[0], d -> new LinkedHashMap<>())
                    .put(
                            row[1],
                            new ColumnClassification(
                                    row[1],
                                    "STRING",
                                    role,
                                    Set.of(AcquisitionCategory.DIRECT),
                                    roleKind.length > 1 ? roleKind[1] : null,
                                    role == Role.UNKNOWN ? DecisionSource.NONE : DecisionSource.RULE,
                                    role == Role.UNKNOWN ? 0 : 1,
                                    role == Role.UNKNOWN ? "" : "sample rule",
                                    null));
        }
        return out;
    }

    private Catalogs() {}
}
