package jp.insurer.governance.policy.classify;

/** What a column is, for release and retention decisions (README "How the tag job decides"). */
public enum Role {
    DIRECT_IDENTIFIER,
    QUASI_IDENTIFIER,
    /** 機微情報: 要配慮個人情報 plus trade-union membership, family origin, registered domicile, health care, sex life. */
    SENSITIVE,
    /** May hide any of the above. */
    FREE_TEXT,
    NON_PERSONAL,
    /** Nobody classified it: treated as the most restrictive class (fail closed). */
    UNKNOWN
}
