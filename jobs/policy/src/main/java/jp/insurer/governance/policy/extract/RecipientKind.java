package jp.insurer.governance.policy.extract;

/**
 * Who receives an extract, as section 5 of the consent document distinguishes them. What each kind
 * needs is the {@link ConsentGate} table.
 */
public enum RecipientKind {
    /** A team of the company itself (当社): no third-party provision, but only for section-4 purposes. */
    INTERNAL,
    /** An insurer or small-amount short-term insurer of the insurance group (楽天保険グループ), section 5(1). */
    GROUP_INSURER,
    /** Another company of the wider group in Japan, section 5(2), for its own purposes. */
    GROUP_COMPANY,
    /** A group company outside Japan, section 5(2) (日本国外にある者を含みます). */
    OVERSEAS_GROUP_COMPANY
}
