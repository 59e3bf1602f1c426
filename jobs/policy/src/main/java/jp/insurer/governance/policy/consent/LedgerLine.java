package jp.insurer.governance.policy.consent;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A raw ledger line as exported, before validation. {@link #validate} turns it into an event, or
 * into a quarantine reason plus what could still be read of it (customer, purpose, time window) so
 * that the customer's consent becomes UNCERTAIN rather than being decided by an older event.
 *
 * <p>Forgiving where the meaning is unambiguous, never in place of failing closed:
 * <ul>
 *   <li>customer ids go through the configured {@link CustomerKey};</li>
 *   <li>purpose and action are read after NFKC, trimming and upper casing; {@code GRANT} and
 *       {@code WITHDRAW} are read as {@code GRANTED} and {@code WITHDRAWN};</li>
 *   <li>times: {@code yyyy-MM-dd} or {@code yyyy/M/d} (also {@code .}), a {@code T} or spaces before
 *       the time, seconds and fractions optional, an offset as {@code Z}, {@code UTC}, {@code +09:00},
 *       {@code +0900} or {@code +09}, full-width digits. Year-first dates only: {@code 01/02/2026}
 *       could be January or February and is unreadable.</li>
 * </ul>
 * A time without an offset (or a date without a time) is not guessed into a zone: it is quarantined
 * as {@link Problem#TIME_WITHOUT_OFFSET} with the window of instants it can stand for in any zone on
 * earth (UTC+14 … UTC−12); the consent it touches is UNCERTAIN within that window.
 *
 * <p>A time that reads well but cannot be true ({@link Dates}: before the ledger's first plausible day,
 * or after the file holding the line was written) is in doubt exactly like an unreadable one: a year
 * typed {@code 0026} or a null default {@code 0001-01-01} would otherwise sort before the customer's
 * grant and let it stand, and a {@code 2062} withdrawal would wait, ignored, for decades.
 */
public record LedgerLine(
        String customerId, String purpose, String action, String timestamp, String channel, String documentVersion) {

    /** Why a line cannot be used; counted per reason in the run report. */
    public enum Problem {
        MISSING_CUSTOMER,
        UNKNOWN_PURPOSE,
        UNKNOWN_ACTION,
        UNPARSABLE_TIME,
        TIME_WITHOUT_OFFSET,
        /** Before the ledger's first plausible day ({@code policy.yml consent_ledger.earliest_event}). */
        TIME_BEFORE_EARLIEST_EVENT,
        /** After the file holding the line was last written (beyond the clock-skew margin). */
        TIME_AFTER_FILE_WRITTEN
    }

    /**
     * The instants a line of one ledger file can be dated at; a time that can stand for none of them is
     * implausible. Either bound may be null (unbounded).
     */
    public record Dates(Instant earliest, Instant latest) {

        /** No bounds: every readable time is plausible (readers that judge no file). */
        public static final Dates ANY = new Dates(null, null);

        /**
         * Clock skew allowed between the consent system that stamped an event and the storage that
         * stamped its file: they are other hosts, whose clocks may disagree by minutes or hours. A day
         * covers that; a line dated later still was not written before its file (at worst an honest line
         * is doubted: its consent UNCERTAIN, nothing released).
         */
        public static final Duration CLOCK_SKEW = Duration.ofDays(1);

        /**
         * Bounds of the lines of a file last modified at {@code fileModified}: from {@code earliestEvent}
         * to that time plus {@link #CLOCK_SKEW}. A line cannot be dated after the file holding it was
         * written; the file's own time, not the clock of the run, so that restarts and remote workers
         * decide the same.
         */
        public static Dates ofFile(Instant earliestEvent, Instant fileModified) {
            return new Dates(earliestEvent, fileModified == null ? null : fileModified.plus(CLOCK_SKEW));
        }

        /** Why a time that can stand for {@code window} cannot be true, or null when it can. */
        Problem implausible(Window window) {
            if (earliest != null && window.latest().isBefore(earliest)) return Problem.TIME_BEFORE_EARLIEST_EVENT;
            if (latest != null && window.earliest().isAfter(latest)) return Problem.TIME_AFTER_FILE_WRITTEN;
            return null;
        }
    }

    /** The earliest and latest offsets in use anywhere (Kiribati, Baker Island): the window of a zone-less time. */
    static final ZoneOffset EARLIEST = ZoneOffset.ofHours(14);

    static final ZoneOffset LATEST = ZoneOffset.ofHours(-12);

    /**
     * Either an event, or the reason the line was quarantined and what could still be read of it.
     *
     * @param customer normalized customer key of a quarantined line; null when it names none
     * @param purpose  the line's purpose when it could be read, else null (then it touches every purpose)
     * @param earliest earliest instant the line can stand for; null when its time is unreadable
     * @param latest   latest instant the line can stand for; null when its time is unreadable
     */
    public record Validated(
            ConsentEvent event,
            Problem problem,
            String customer,
            String purpose,
            Instant earliest,
            Instant latest,
            boolean mayWithdraw) {

        /** Whether the line names a customer whose consent it makes uncertain. */
        public boolean uncertain() {
            return event == null && customer != null;
        }

        /**
         * Whether the line may withdraw a consent and names no customer it can be tied to: its action is
         * WITHDRAWN or unreadable. Nobody's records can be excluded for it, so every grant it may
         * postdate is in doubt ({@link DoubtfulWithdrawals}).
         */
        public boolean unattributedWithdrawal() {
            return event == null && customer == null && mayWithdraw;
        }
    }

    /** Validation with the default customer-key normalization. */
    public Validated validate(Set<String> knownPurposes) {
        return validate(knownPurposes, CustomerKey.DEFAULT);
    }

    /** Validation without bounds on plausible times. */
    public Validated validate(Set<String> knownPurposes, CustomerKey keys) {
        return validate(knownPurposes, keys, Dates.ANY);
    }

    /**
     * @param dates the instants this line's file can hold; a time outside them is treated as unreadable
     *              (whatever else is wrong with the line), so that it is placed after every event of its
     *              customer and decides nothing but UNCERTAIN
     */
    public Validated validate(Set<String> knownPurposes, CustomerKey keys, Dates dates) {
        String customer = keys.normalize(customerId);
        String p = word(purpose);
        if (p != null && !knownPurposes.contains(p)) p = null;
        ConsentAction a = action(action);
        Window window = parseTime(timestamp);
        Problem implausible = window == null ? null : dates.implausible(window);
        if (implausible != null) window = null;
        Problem problem = customer == null
                ? Problem.MISSING_CUSTOMER
                : p == null
                        ? Problem.UNKNOWN_PURPOSE
                        : a == null
                                ? Problem.UNKNOWN_ACTION
                                : implausible != null
                                        ? implausible
                                        : window == null
                                                ? Problem.UNPARSABLE_TIME
                                                : !window.exact() ? Problem.TIME_WITHOUT_OFFSET : null;
        if (problem != null) {
            return new Validated(
                    null,
                    problem,
                    customer,
                    p,
                    window == null ? null : window.earliest(),
                    window == null ? null : window.latest(),
                    a != ConsentAction.GRANTED);
        }
        return new Validated(
                new ConsentEvent(customer, p, a, window.earliest(), channel, documentVersion),
                null,
                null,
                null,
                null,
                null,
                false);
    }

    /** NFKC, trimmed, upper case; null when blank. */
    private static String word(String text) {
        if (text == null) return null;
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT);
        return s.isEmpty() ? null : s;
    }

    private static ConsentAction action(String text) {
        String s = word(text);
        if (s == null) return null;
        return switch (s) {
            case "GRANTED", "GRANT" -> ConsentAction.GRANTED;
            case "WITHDRAWN", "WITHDRAW" -> ConsentAction.WITHDRAWN;
            default -> null;
        };
    }

    /**
     * The instants a ledger time can stand for: one instant when it carries an offset, a window when
     * it does not.
     */
    public record Window(Instant earliest, Instant latest) {
        public boolean exact() {
            return earliest.equals(latest);
        }
    }

    // The regex only reshapes the accepted spellings into ISO text; java.time then checks the values
    // strictly (no 25:00, no February 30), so the hand-written part decides nothing about validity.
    private static final Pattern TIME = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})"
            + "(?:(?:[Tt]|\\s+)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
            + "\\s*(Z|z|UTC|utc|GMT|gmt|[+-]\\d{2}(?::?\\d{2})?)?");

    /** Nanoseconds per unit of a fraction of {@code i} digits. */
    private static final int[] NANO_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    /** A ledger time read forgivingly (see the class comment); null when unreadable. */
    public static Window parseTime(String text) {
        if (text == null) return null;
        Matcher m =
                TIME.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).strip());
        if (!m.matches()) return null;
        try {
            LocalDate date = LocalDate.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            String offsetText = m.group(8);
            if (m.group(4) == null) {
                if (offsetText != null) return null; // a date with an offset but no time is no known format
                return new Window(
                        date.atStartOfDay().toInstant(EARLIEST),
                        date.plusDays(1).atStartOfDay().toInstant(LATEST).minusNanos(1000));
            }
            // LocalTime.of checks the ranges strictly (no 24:00, no minute 60); the fraction is padded to nanoseconds.
            String fraction = m.group(7) == null ? "0" : m.group(7);
            LocalTime time = LocalTime.of(
                    Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                    Integer.parseInt(fraction) * NANO_SCALE[fraction.length()]);
            LocalDateTime local = LocalDateTime.of(date, time);
            if (offsetText == null) return new Window(local.toInstant(EARLIEST), local.toInstant(LATEST));
            Instant at = local.toInstant(offset(offsetText));
            return new Window(at, at);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static ZoneOffset offset(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.equals("Z") || upper.equals("UTC") || upper.equals("GMT")) return ZoneOffset.UTC;
        String digits = upper.replace(":", "");
        String normalized = digits.length() == 3 ? digits + "00" : digits; // +09 → +0900
        return ZoneOffset.of(normalized.substring(0, 3) + ":" + normalized.substring(3));
    }

    /** ISO-8601 with an offset (and the forgiving forms above); null for anything else, including zone-less times. */
    static Instant parseInstant(String text) {
        Window w = parseTime(text);
        return w == null || !w.exact() ? null : w.earliest();
    }
}
