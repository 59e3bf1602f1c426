package jp.insurer.governance.policy.consent;

import java.time.Instant;

/**
 * A customer's consent to one purpose as of the business date, with the event that decided it.
 *
 * @param decidedAt       time of the deciding event; null for {@link ConsentState#NOT_GIVEN}
 * @param documentVersion consent document version of the deciding event; null when not given
 */
public record ConsentDecision(ConsentState state, Instant decidedAt, String documentVersion) {

    public static final ConsentDecision NOT_GIVEN = new ConsentDecision(ConsentState.NOT_GIVEN, null, null);
}
