package jp.insurer.governance.policy.retention;

import java.util.Map;
import java.util.Set;
import jp.insurer.governance.policy.classify.AcquisitionCategory;

/** The sample data's datasets, as the inventory would report them. */
final class SampleDatasets {

    static final Map<String, Set<String>> COLUMNS = Map.of(
            "customers",
                    Set.of(
                            "customer_id",
                            "氏名",
                            "フリガナ",
                            "birth_date",
                            "gender",
                            "address",
                            "postal_code",
                            "phone",
                            "email",
                            "my_number",
                            "occupation",
                            "created_at"),
            "policies",
                    Set.of(
                            "policy_id",
                            "customer_id",
                            "product",
                            "start_date",
                            "end_date",
                            "lapse_date",
                            "status",
                            "premium"),
            "claims",
                    Set.of(
                            "claim_id",
                            "policy_id",
                            "customer_id",
                            "diagnosis_code",
                            "diagnosis_name",
                            "hospital",
                            "claimed_amount",
                            "paid_amount",
                            "incident_date",
                            "claim_date",
                            "assessment_note",
                            "status"),
            "payments",
                    Set.of(
                            "customer_id",
                            "card_brand",
                            "card_number",
                            "bank_name",
                            "branch",
                            "account_type",
                            "account_number",
                            "identity_check_method",
                            "verified_at"),
            "web_events",
                    Set.of("event_id", "cookie_id", "device_id", "ip", "user_agent", "page", "event_ts", "customer_id"),
            "contact_notes", Set.of("note_id", "customer_id", "channel", "created_at", "note"),
            "third_party_checks", Set.of("customer_id", "check_type", "provider", "result", "score", "checked_at"),
            "consent_events",
                    Set.of("event_id", "customer_id", "purpose", "action", "event_ts", "channel", "document_version"),
            "legal_holds", Set.of("hold_id", "subject_type", "subject_id", "reason", "hold_from", "hold_until"));

    static final Map<String, Set<String>> PARTITION_KEYS = Map.of("web_events", Set.of("dt"));

    static final Map<String, Set<AcquisitionCategory>> CATEGORIES = Map.of(
            "web_events", Set.of(AcquisitionCategory.DEVICE_COOKIE, AcquisitionCategory.USAGE),
            "third_party_checks", Set.of(AcquisitionCategory.THIRD_PARTY),
            "customers", Set.of(AcquisitionCategory.DIRECT),
            "payments", Set.of(AcquisitionCategory.PAYMENT_IDENTITY));

    static final Set<String> PURPOSES =
            Set.of("INSURANCE_GROUP_SHARING", "GROUP_SHARING", "SENSITIVE_RND", "MARKETING", "NEWSLETTER");

    private SampleDatasets() {}
}
