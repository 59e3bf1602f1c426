package jp.insurer.governance.policy.retention;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;

/**
 * How long data is kept after its clock: an ISO-8601 date period ({@code P13M}, {@code P7Y},
 * {@code P30D}), added in calendar terms, or a time duration ({@code PT72H}), added in exact seconds.
 * Exactly one of {@code period} and {@code duration} is set.
 *
 * @param text the spelling from config, for reports
 */
public record RetentionPeriod(String text, Period period, Duration duration) {

    public RetentionPeriod {
        if ((period == null) == (duration == null)) {
            throw new IllegalArgumentException("exactly one of period and duration");
        }
    }

    /**
     * Parses an ISO-8601 period or duration; the message of the exception is meant for the officer.
     * Zero and negative lengths are rejected: "keep for no time" is a mistake, not a rule.
     */
    public static RetentionPeriod parse(String text) {
        String t = text == null ? "" : text.trim();
        try {
            Period p = Period.parse(t);
            if (p.isNegative() || p.isZero())
                throw new IllegalArgumentException("period must be positive, got '" + t + "'");
            return new RetentionPeriod(t, p, null);
        } catch (DateTimeParseException notAPeriod) {
            try {
                Duration d = Duration.parse(t);
                if (d.isNegative() || d.isZero())
                    throw new IllegalArgumentException("period must be positive, got '" + t + "'");
                return new RetentionPeriod(t, null, d);
            } catch (DateTimeParseException notADuration) {
                throw new IllegalArgumentException(
                        "not an ISO-8601 period (P13M, P7Y, P30D) or duration (PT72H): '" + t + "'");
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
