package jp.insurer.governance.policy.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ledger times that read well but cannot be true are in doubt, like unreadable ones ({@link LedgerLine.Dates}). */
class LedgerDatesTest {

    static final List<String> PURPOSES = List.of("GROUP_SHARING", "MARKETING");
    /** End of business date 2026-11-24 in Japan. */
    static final Instant CUTOFF = Instant.parse("2026-11-24T15:00:00Z");
    /** consent_ledger.earliest_event 2000-01-01, start of the day in Japan. */
    static final Instant EARLIEST = Instant.parse("1999-12-31T15:00:00Z");
    /** When the ledger file was last written: the morning after the business date. */
    static final Instant FILE_WRITTEN = Instant.parse("2026-11-25T00:30:00Z");

    static final LedgerLine.Dates DATES = LedgerLine.Dates.ofFile(EARLIEST, FILE_WRITTEN);
    static final String GRANT = "2024-04-01T10:00:00+09:00";

    /**
     * A customer granted GROUP_SHARING in 2024; one more line for it, as the tag job reads the ledger.
     * Expected: that line's problem and the purpose's state as of the date, in either order.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        withdrawal, year typed 0026         | WITHDRAWN | 0026-11-25T10:00:00+09:00     | TIME_BEFORE_EARLIEST_EVENT | UNCERTAIN
        withdrawal, null default 0001       | WITHDRAWN | 0001-01-01T00:00:00Z          | TIME_BEFORE_EARLIEST_EVENT | UNCERTAIN
        withdrawal, century typed 19        | WITHDRAWN | 1926-11-25T10:00:00+09:00     | TIME_BEFORE_EARLIEST_EVENT | UNCERTAIN
        withdrawal in 2062                  | WITHDRAWN | 2062-11-25T10:00:00+09:00     | TIME_AFTER_FILE_WRITTEN    | UNCERTAIN
        withdrawal, year 0026 without zone  | WITHDRAWN | 0026-11-25 10:00              | TIME_BEFORE_EARLIEST_EVENT | UNCERTAIN
        unknown action in year 0026         | WITHDRAW? | 0026-11-25T10:00:00+09:00     | UNKNOWN_ACTION             | UNCERTAIN
        a grant in year 0026                | GRANTED   | 0026-11-25T10:00:00+09:00     | TIME_BEFORE_EARLIEST_EVENT | UNCERTAIN
        a normal withdrawal                 | WITHDRAWN | 2025-06-01T10:00:00+09:00     | -                          | WITHDRAWN
        at the earliest day's start         | WITHDRAWN | 2000-01-01T00:00:00+09:00     | -                          | GRANTED
        a microsecond before it             | WITHDRAWN | 1999-12-31T23:59:59.999999+09:00 | TIME_BEFORE_EARLIEST_EVENT | UNCERTAIN
        after the date, before the file     | WITHDRAWN | 2026-11-25T09:00:00+09:00     | -                          | GRANTED
        at the file's time plus the margin  | WITHDRAWN | 2026-11-26T00:30:00Z          | -                          | GRANTED
        a microsecond later                 | WITHDRAWN | 2026-11-26T00:30:00.000001Z   | TIME_AFTER_FILE_WRITTEN    | UNCERTAIN
        """)
    void aLineDatedWhereNoEventCanBeMakesThePurposeUncertain(
            String why, String action, String time, LedgerLine.Problem problem, ConsentState expected) {
        List<LedgerLine> lines = List.of(
                new LedgerLine("c1", "GROUP_SHARING", "GRANTED", GRANT, "web", "2022.4"),
                new LedgerLine("c1", "GROUP_SHARING", action, time, "web", "2022.4"));
        assertThat(lines.get(1)
                        .validate(Set.copyOf(PURPOSES), CustomerKey.DEFAULT, DATES)
                        .problem())
                .isEqualTo(problem);
        assertThat(read(lines).state("c1", "GROUP_SHARING")).isEqualTo(expected);
        List<LedgerLine> reversed = new ArrayList<>(lines);
        Collections.reverse(reversed);
        assertThat(read(reversed).state("c1", "GROUP_SHARING")).isEqualTo(expected);
        assertThat(read(lines).state("c1", "MARKETING")).isEqualTo(ConsentState.NOT_GIVEN);
    }

    @Test
    void aDoubtedGrantNeverTurnsAWithdrawalIntoAGrant() {
        ConsentBook book = read(List.of(
                new LedgerLine("c1", "GROUP_SHARING", "WITHDRAWN", "2025-06-01T10:00:00+09:00", "web", "2022.4"),
                new LedgerLine("c1", "GROUP_SHARING", "GRANTED", "2062-11-25T10:00:00+09:00", "web", "2024.10")));
        assertThat(book.state("c1", "GROUP_SHARING")).isEqualTo(ConsentState.UNCERTAIN);
    }

    @Test
    void aDoubtedTimeIsReadAsUnreadableNotAsItsValue() {
        LedgerLine.Validated v = new LedgerLine("c1", "GROUP_SHARING", "WITHDRAWN", "0001-01-01T00:00:00Z", null, null)
                .validate(Set.copyOf(PURPOSES), CustomerKey.DEFAULT, DATES);
        assertThat(v.uncertain()).isTrue();
        assertThat(v.customer()).isEqualTo("C1");
        assertThat(v.purpose()).isEqualTo("GROUP_SHARING");
        assertThat(v.earliest()).isNull(); // placed after every event of the customer
        assertThat(v.latest()).isNull();
    }

    @Test
    void withoutBoundsEveryReadableTimeStands() {
        LedgerLine line = new LedgerLine("c1", "GROUP_SHARING", "WITHDRAWN", "0026-11-25T10:00:00+09:00", null, null);
        assertThat(line.validate(Set.copyOf(PURPOSES), CustomerKey.DEFAULT, LedgerLine.Dates.ANY)
                        .event())
                .isNotNull();
        assertThat(LedgerLine.Dates.ofFile(EARLIEST, FILE_WRITTEN).latest())
                .isEqualTo(FILE_WRITTEN.plus(LedgerLine.Dates.CLOCK_SKEW));
    }

    /** The lines read as the tag job reads them: events accepted, doubted lines made uncertain. */
    private static ConsentBook read(List<LedgerLine> lines) {
        ConsentBook book = new ConsentBook(PURPOSES, CUTOFF);
        for (LedgerLine line : lines) {
            LedgerLine.Validated v = line.validate(Set.copyOf(PURPOSES), CustomerKey.DEFAULT, DATES);
            if (v.event() != null) book.accept(v.event());
            else book.uncertain(v.customer(), v.purpose(), v.earliest(), v.latest());
        }
        return book;
    }
}
