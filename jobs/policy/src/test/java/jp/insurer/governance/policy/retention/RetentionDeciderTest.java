package jp.insurer.governance.policy.retention;

import static jp.insurer.governance.policy.retention.ExceptionKind.ACTIVE_CONTRACT;
import static jp.insurer.governance.policy.retention.ExceptionKind.LEGAL_HOLD;
import static jp.insurer.governance.policy.retention.ExceptionKind.OPEN_CLAIM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RetentionDeciderTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @ParameterizedTest(name = "{0} + {1} on {2}: expired={3}")
    @CsvSource(textBlock = """
        # clock date, period, business date, expired
        2025-10-25, P13M, 2026-11-25, false
        2025-10-25, P13M, 2026-11-26, true
        2025-10-26, P13M, 2026-11-26, false
        # month ends: 2024-01-31 + P13M = 2025-02-28 (clamped), kept through that day
        2024-01-31, P13M, 2025-02-28, false
        2024-01-31, P13M, 2025-03-01, true
        2024-01-29, P13M, 2025-03-01, true
        2024-02-01, P13M, 2025-03-01, false
        # into a leap February: 2023-01-31 + P13M = 2024-02-29
        2023-01-31, P13M, 2024-02-29, false
        2023-01-31, P13M, 2024-03-01, true
        # leap day + P1Y = 2025-02-28
        2024-02-29, P1Y,  2025-02-28, false
        2024-02-29, P1Y,  2025-03-01, true
        2024-02-28, P1Y,  2025-03-01, true
        2024-03-01, P1Y,  2025-03-01, false
        # leap day + P4Y lands on a leap day again
        2024-02-29, P4Y,  2028-02-29, false
        2024-02-29, P4Y,  2028-03-01, true
        2019-03-31, P7Y,  2026-03-31, false
        2019-03-31, P7Y,  2026-04-01, true
        2026-10-26, P30D, 2026-11-25, false
        2026-10-26, P30D, 2026-11-26, true
        """)
    void dateClockExpiresTheDayAfterItsPeriodEnds(LocalDate clock, String period, LocalDate business, boolean expired) {
        RetentionDecider d = RetentionDecider.of(TestRules.rule(period), business, TOKYO);
        assertThat(d.isExpired(clock)).isEqualTo(expired);
        assertThat(d.isExpiredEpochDay(clock.toEpochDay())).isEqualTo(expired);
        // The instant overloads agree for every time of that day in the business zone.
        Instant first = clock.atStartOfDay(TOKYO).toInstant();
        Instant last = clock.plusDays(1).atStartOfDay(TOKYO).toInstant().minusNanos(1000);
        assertThat(d.isExpired(first)).isEqualTo(expired);
        assertThat(d.isExpired(last)).isEqualTo(expired);
        assertThat(d.isExpiredEpochMicros(ChronoUnit.MICROS.between(Instant.EPOCH, last)))
                .isEqualTo(expired);
    }

    static Stream<Arguments> periods() {
        return Stream.of("P1M", "P13M", "P6M", "P1Y", "P7Y", "P30D", "P1Y1M1D", "P2W")
                .map(Arguments::of);
    }

    /** The precomputed threshold equals the definition {@code clock + period < business date} everywhere. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("periods")
    void thresholdMatchesTheDefinitionOverFiveYearsOfDates(String period) {
        RetentionPeriod p = RetentionPeriod.parse(period);
        for (LocalDate business = LocalDate.of(2024, 1, 1);
                business.isBefore(LocalDate.of(2029, 1, 1));
                business = business.plusDays(1)) {
            RetentionDecider d = RetentionDecider.of(TestRules.rule(period), business, TOKYO);
            LocalDate last = d.lastExpiredDate();
            assertThat(last.plus(p.period())).as("%s on %s", period, business).isBefore(business);
            assertThat(last.plusDays(1).plus(p.period()))
                    .as("%s on %s", period, business)
                    .isAfterOrEqualTo(business);
        }
    }

    @ParameterizedTest(name = "{0} + PT72H on {1}: expired={2}")
    @CsvSource(textBlock = """
        2026-11-21T23:59:59+09:00, 2026-11-25, true
        2026-11-22T00:00:00+09:00, 2026-11-25, false
        2026-11-21T14:59:59Z,      2026-11-25, true
        2026-11-21T15:00:00Z,      2026-11-25, false
        """)
    void durationIsExactToTheStartOfTheBusinessDate(String clock, LocalDate business, boolean expired) {
        RetentionDecider d = RetentionDecider.of(TestRules.rule("PT72H"), business, TOKYO);
        assertThat(d.isExpired(java.time.OffsetDateTime.parse(clock).toInstant()))
                .isEqualTo(expired);
        assertThat(d.cutoff()).isEqualTo(Instant.parse("2026-11-21T15:00:00Z"));
        assertThat(d.lastExpiredDate()).isEqualTo(LocalDate.of(2026, 11, 21));
        assertThat(d.isExpired(LocalDate.of(2026, 11, 21))).isTrue();
        assertThat(d.isExpired(LocalDate.of(2026, 11, 22))).isFalse();
    }

    @Test
    void theZoneDecidesWhichDayAnInstantBelongsTo() {
        // 2025-10-25T15:30Z is 2025-10-26 in Tokyo: kept one day longer than in UTC.
        Instant clock = Instant.parse("2025-10-25T15:30:00Z");
        LocalDate business = LocalDate.of(2026, 11, 26);
        assertThat(RetentionDecider.of(TestRules.rule("P13M"), business, TOKYO).isExpired(clock))
                .isFalse();
        assertThat(RetentionDecider.of(TestRules.rule("P13M"), business, ZoneId.of("UTC"))
                        .isExpired(clock))
                .isTrue();
    }

    @Test
    void nullClockNeverDeletesAndAsksNothing() {
        RetentionDecider d = RetentionDecider.of(TestRules.rule("P1D"), LocalDate.of(2026, 11, 25), TOKYO);
        TestRules.Facts facts = TestRules.Facts.none();
        assertThat(d.decide((Instant) null, "c1", null, facts)).isEqualTo(RowDecision.KEEP_NULL_CLOCK);
        assertThat(d.decide((LocalDate) null, "c1", null, facts)).isEqualTo(RowDecision.KEEP_NULL_CLOCK);
        assertThat(d.notStarted()).isEqualTo(RowDecision.KEEP);
        assertThat(facts.lookups).isZero();
    }

    @Test
    void rowsNotExpiredAreKeptWithoutLookups() {
        RetentionDecider d = RetentionDecider.of(TestRules.rule("P1Y"), LocalDate.of(2026, 11, 25), TOKYO);
        TestRules.Facts facts = TestRules.Facts.none();
        assertThat(d.decide(LocalDate.of(2026, 1, 1), "c1", null, facts)).isEqualTo(RowDecision.KEEP);
        assertThat(facts.lookups).isZero();
    }

    static Stream<Arguments> exceptionCases() {
        Set<String> c1 = Set.of("c1");
        Set<String> none = Set.of();
        RetentionAction rows = RetentionAction.PURGE_ROWS;
        return Stream.of(
                // listed exceptions, facts, expected
                Arguments.of(
                        "nothing applies",
                        Set.of(ACTIVE_CONTRACT, OPEN_CLAIM),
                        new TestRules.Facts(none, none, none, none, none),
                        rows,
                        RowDecision.DELETE_ROW),
                Arguments.of(
                        "purge columns",
                        Set.of(),
                        TestRules.Facts.none(),
                        RetentionAction.PURGE_COLUMNS,
                        RowDecision.NULL_COLUMNS),
                Arguments.of(
                        "customer hold, not listed",
                        Set.of(),
                        new TestRules.Facts(c1, none, none, none, none),
                        rows,
                        RowDecision.SPARED_LEGAL_HOLD),
                Arguments.of(
                        "policy hold",
                        Set.of(LEGAL_HOLD),
                        new TestRules.Facts(none, Set.of("p1"), none, none, none),
                        rows,
                        RowDecision.SPARED_LEGAL_HOLD),
                Arguments.of(
                        "hold wins over active contract and open claim",
                        Set.of(ACTIVE_CONTRACT, OPEN_CLAIM),
                        new TestRules.Facts(c1, none, c1, c1, none),
                        rows,
                        RowDecision.SPARED_LEGAL_HOLD),
                Arguments.of(
                        "active contract",
                        Set.of(ACTIVE_CONTRACT, OPEN_CLAIM),
                        new TestRules.Facts(none, none, c1, c1, none),
                        rows,
                        RowDecision.SPARED_ACTIVE_CONTRACT),
                Arguments.of(
                        "open claim",
                        Set.of(ACTIVE_CONTRACT, OPEN_CLAIM),
                        new TestRules.Facts(none, none, none, c1, none),
                        rows,
                        RowDecision.SPARED_OPEN_CLAIM),
                Arguments.of(
                        "active contract, not listed",
                        Set.of(OPEN_CLAIM),
                        new TestRules.Facts(none, none, c1, none, none),
                        rows,
                        RowDecision.DELETE_ROW),
                Arguments.of(
                        "open claim, not listed",
                        Set.of(ACTIVE_CONTRACT),
                        new TestRules.Facts(none, none, none, c1, none),
                        rows,
                        RowDecision.DELETE_ROW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exceptionCases")
    void expiredRowsAreSparedByHoldFirstThenListedExceptions(
            String why,
            Set<ExceptionKind> listed,
            TestRules.Facts facts,
            RetentionAction action,
            RowDecision expected) {
        RetentionDecider d = RetentionDecider.of(
                TestRules.rule("P1Y", action, RuleScope.ALL, listed.toArray(ExceptionKind[]::new)),
                LocalDate.of(2026, 11, 25),
                TOKYO);
        RowDecision decision = d.decide(LocalDate.of(2020, 1, 1), "c1", "p1", facts);
        assertThat(decision).isEqualTo(expected);
        assertThat(decision.changesRow())
                .isEqualTo(expected == RowDecision.DELETE_ROW || expected == RowDecision.NULL_COLUMNS);
    }

    @ParameterizedTest(name = "customer {0}: {1}")
    @CsvSource(nullValues = "-", textBlock = """
        applicant,  NULL_COLUMNS
        contracted, KEEP_OUT_OF_SCOPE
        held,       SPARED_LEGAL_HOLD
        -,          KEEP_OUT_OF_SCOPE
        """)
    void neverContractedScopeTouchesOnlyApplicants(String customer, RowDecision expected) {
        TestRules.Facts facts = new TestRules.Facts(Set.of("held"), Set.of(), Set.of(), Set.of(), Set.of("contracted"));
        RetentionDecider d = RetentionDecider.of(
                TestRules.rule("P6M", RetentionAction.PURGE_COLUMNS, RuleScope.NEVER_CONTRACTED),
                LocalDate.of(2026, 11, 25),
                TOKYO);
        assertThat(d.decide(LocalDate.of(2026, 1, 1), customer, null, facts)).isEqualTo(expected);
    }

    @Test
    void anonymousRowsCanExpireButOnlyPolicyHoldsCanSpareThem() {
        RetentionDecider d = RetentionDecider.of(
                TestRules.rule("P1Y", RetentionAction.PURGE_ROWS, RuleScope.ALL, ACTIVE_CONTRACT, OPEN_CLAIM),
                LocalDate.of(2026, 11, 25),
                TOKYO);
        TestRules.Facts facts = new TestRules.Facts(Set.of(), Set.of("p9"), Set.of(), Set.of(), Set.of());
        assertThat(d.decide(LocalDate.of(2020, 1, 1), null, null, facts)).isEqualTo(RowDecision.DELETE_ROW);
        assertThat(d.decide(LocalDate.of(2020, 1, 1), null, "p9", facts)).isEqualTo(RowDecision.SPARED_LEGAL_HOLD);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", textBlock = """
        # partition, held customers in it, verdict, rows removed, rows kept
        not expired,        2025-10-26, -,      KEEP,            0, 0
        unparsable date,    -,          -,      KEEP_NULL_CLOCK, 0, 0
        expired no hold,    2025-10-24, -,      DROP,            3, 0
        expired one held,   2025-10-24, c2,     REWRITE,         2, 1
        expired all held,   2025-10-24, c1;c2;c3, KEEP,          0, 3
        """)
    void aPartitionIsDroppedWholeOnlyWhenNoRowIsHeld(
            String why, LocalDate partition, String held, PartitionVerdict verdict, long removed, long kept) {
        RetentionDecider d = RetentionDecider.of(
                TestRules.rule("P13M", RetentionAction.DROP_PARTITION, RuleScope.ALL),
                LocalDate.of(2026, 11, 25),
                TOKYO);
        TestRules.Facts facts = new TestRules.Facts(
                held == null ? Set.of() : Set.of(held.split(";")), Set.of(), Set.of(), Set.of(), Set.of());
        PartitionScan scan = d.partition(partition);
        if (scan.needsRows()) {
            for (String c : new String[] {"c1", "c2", "c3"}) scan.row(c, null, facts);
        }
        assertThat(scan.verdict()).isEqualTo(verdict);
        assertThat(scan.rowsRemoved()).isEqualTo(removed);
        assertThat(scan.rowsKept()).isEqualTo(kept);
    }

    @Test
    void emptyExpiredPartitionIsDroppedAndRowsOfAKeptPartitionAreRefused() {
        RetentionDecider d = RetentionDecider.of(
                TestRules.rule("P13M", RetentionAction.DROP_PARTITION, RuleScope.ALL),
                LocalDate.of(2026, 11, 25),
                TOKYO);
        assertThat(d.partition(LocalDate.of(2020, 1, 1)).verdict()).isEqualTo(PartitionVerdict.DROP);
        PartitionScan kept = d.partition(LocalDate.of(2026, 11, 1));
        assertThatThrownBy(() -> kept.row("c1", null, TestRules.Facts.none()))
                .isInstanceOf(IllegalStateException.class);
        RetentionDecider rows = RetentionDecider.of(TestRules.rule("P1Y"), LocalDate.of(2026, 11, 25), TOKYO);
        assertThatThrownBy(() -> rows.partition(LocalDate.of(2020, 1, 1))).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        P13M          | P13M |
        P7Y           | P7Y  |
        PT72H         |      | PT72H
        P2DT3H        |      | PT51H
        """)
    void periodsParseAsCalendarPeriodsOrExactDurations(String text, String period, String duration) {
        RetentionPeriod p = RetentionPeriod.parse(text);
        assertThat(p.period() == null ? null : p.period().toString()).isEqualTo(period);
        assertThat(p.duration() == null ? null : p.duration().toString()).isEqualTo(duration);
        assertThat(p.toString()).isEqualTo(text);
    }
}
