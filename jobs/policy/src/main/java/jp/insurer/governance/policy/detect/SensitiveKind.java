package jp.insurer.governance.policy.detect;

/**
 * Kinds of 機微情報: the 要配慮個人情報 of the Personal Information Protection Act plus the items the
 * financial-sector guideline adds (trade-union membership, 門地, 本籍地, health care, sex life).
 */
public enum SensitiveKind {
    HEALTH,
    DISABILITY,
    CREED,
    CRIMINAL_RECORD,
    CRIME_VICTIM,
    SOCIAL_STATUS,
    RACE,
    TRADE_UNION,
    FAMILY_ORIGIN,
    REGISTERED_DOMICILE,
    SEX_LIFE
}
