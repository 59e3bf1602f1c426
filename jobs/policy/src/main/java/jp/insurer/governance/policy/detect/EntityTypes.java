package jp.insurer.governance.policy.detect;

import java.util.List;

/**
 * The built-in entity type names of the scan-text contract. Types are strings, not an enum, because
 * custom detectors in config add their own (e.g. {@code POLICY_NUMBER}) without a code change.
 */
public final class EntityTypes {

    public static final String PERSON_NAME = "PERSON_NAME";
    public static final String PHONE_NUMBER = "PHONE_NUMBER";
    public static final String EMAIL_ADDRESS = "EMAIL_ADDRESS";
    public static final String MY_NUMBER = "MY_NUMBER";
    public static final String CORPORATE_NUMBER = "CORPORATE_NUMBER";
    public static final String CREDIT_CARD = "CREDIT_CARD";
    public static final String BANK_ACCOUNT = "BANK_ACCOUNT";
    public static final String POSTAL_CODE = "POSTAL_CODE";
    public static final String ADDRESS = "ADDRESS";
    public static final String DATE_OF_BIRTH = "DATE_OF_BIRTH";
    public static final String IP_ADDRESS = "IP_ADDRESS";
    public static final String DRIVERS_LICENSE = "DRIVERS_LICENSE";
    public static final String PASSPORT = "PASSPORT";
    public static final String HEALTH_INSURANCE_NUMBER = "HEALTH_INSURANCE_NUMBER";
    public static final String SENSITIVE = "SENSITIVE";

    public static final List<String> BUILT_IN = List.of(
            PERSON_NAME,
            PHONE_NUMBER,
            EMAIL_ADDRESS,
            MY_NUMBER,
            CORPORATE_NUMBER,
            CREDIT_CARD,
            BANK_ACCOUNT,
            POSTAL_CODE,
            ADDRESS,
            DATE_OF_BIRTH,
            IP_ADDRESS,
            DRIVERS_LICENSE,
            PASSPORT,
            HEALTH_INSURANCE_NUMBER,
            SENSITIVE);

    private EntityTypes() {}

    public static boolean isBuiltIn(String type) {
        return BUILT_IN.contains(type);
    }
}
