package jp.insurer.governance.policy.consent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * A raw ledger line as exported, before validation. {@link #validate} turns it into an event or a
 * quarantine reason; nothing is guessed (an unparsable time is not read as "now").
 */
public record LedgerLine(String customerId, String purpose, String action, String timestamp,
                         String channel, String documentVersion) {

    /** Why a line cannot be used; counted per reason in the run report. */
    public enum Problem {
        MISSING_CUSTOMER, UNKNOWN_PURPOSE, UNKNOWN_ACTION, UNPARSABLE_TIME
    }

    /** Either an event or the reason it was quarantined; exactly one is non-null. */
    public record Validated(ConsentEvent event, Problem problem) {}

    public Validated validate(Set<String> knownPurposes) {
        if (customerId == null || customerId.isBlank()) return rejected(Problem.MISSING_CUSTOMER);
        if (purpose == null || !knownPurposes.contains(purpose.trim())) return rejected(Problem.UNKNOWN_PURPOSE);
        ConsentAction parsedAction;
        try {
            parsedAction = ConsentAction.valueOf(action == null ? "" : action.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return rejected(Problem.UNKNOWN_ACTION);
        }
        Instant at = parseInstant(timestamp);
        if (at == null) return rejected(Problem.UNPARSABLE_TIME);
        return new Validated(new ConsentEvent(customerId.trim(), purpose.trim(), parsedAction, at, channel,
                documentVersion), null);
    }

    /** ISO-8601 with an offset or Z; a time without a zone is ambiguous and rejected. */
    static Instant parseInstant(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Validated rejected(Problem problem) {
        return new Validated(null, problem);
    }
}
