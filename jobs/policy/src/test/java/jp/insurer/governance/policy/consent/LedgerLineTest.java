package jp.insurer.governance.policy.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ledger lines as exports really write them: what is read, what becomes UNCERTAIN, and for which purposes. */
class LedgerLineTest {

    static final Set<String> PURPOSES = Set.of("MARKETING", "SENSITIVE_RND");

    /** Times read forgivingly, to the exact instant, because their meaning is unambiguous. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        ISO with offset           | 2026-11-20T10:15:00+09:00       | 2026-11-20T01:15:00Z
        Z                         | 2026-11-20T01:15:00Z            | 2026-11-20T01:15:00Z
        fractions                 | 2026-11-20T01:15:00.123456Z     | 2026-11-20T01:15:00.123456Z
        one fraction digit        | 2026-11-20T01:15:00.5Z          | 2026-11-20T01:15:00.500Z
        nine fraction digits      | 2026-11-20T01:15:00,123456789Z  | 2026-11-20T01:15:00.123456789Z
        space instead of T        | 2026-11-20 10:15:00+09:00       | 2026-11-20T01:15:00Z
        slashes                   | 2026/11/20 10:15:00+09:00       | 2026-11-20T01:15:00Z
        slashes, short fields     | 2026/1/5 9:05+09:00             | 2026-01-05T00:05:00Z
        offset without colon      | 2026-11-20T10:15:00+0900        | 2026-11-20T01:15:00Z
        hours-only offset         | 2026-11-20T10:15:00+09          | 2026-11-20T01:15:00Z
        space before offset       | 2026-11-20 10:15:00 +09:00      | 2026-11-20T01:15:00Z
        UTC word                  | 2026-11-20 01:15:00 UTC         | 2026-11-20T01:15:00Z
        full-width digits         | ２０２６－１１－２０Ｔ１０：１５：００＋０９：００ | 2026-11-20T01:15:00Z
        no seconds                | 2026-11-20T10:15+09:00          | 2026-11-20T01:15:00Z
        negative offset           | 2026-11-19T20:15:00-05:00       | 2026-11-20T01:15:00Z
        """)
    void commonTimeFormatsAreReadExactly(String why, String text, String expected) {
        LedgerLine.Window w = LedgerLine.parseTime(text);
        assertThat(w).isNotNull();
        assertThat(w.exact()).isTrue();
        assertThat(w.earliest()).isEqualTo(Instant.parse(expected));
        LedgerLine.Validated v = new LedgerLine("C1", "MARKETING", "WITHDRAWN", text, "web", "v1").validate(PURPOSES);
        assertThat(v.event().at()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void aTimeWithoutOffsetIsTheWindowOfEveryZoneOnEarth() {
        LedgerLine.Window local = LedgerLine.parseTime("2026-11-20 10:15:00");
        assertThat(local.exact()).isFalse();
        assertThat(local.earliest()).isEqualTo(Instant.parse("2026-11-19T20:15:00Z")); // UTC+14
        assertThat(local.latest()).isEqualTo(Instant.parse("2026-11-20T22:15:00Z")); // UTC−12
        LedgerLine.Window day = LedgerLine.parseTime("2026/11/20");
        assertThat(day.earliest()).isEqualTo(Instant.parse("2026-11-19T10:00:00Z"));
        assertThat(day.latest()).isEqualTo(Instant.parse("2026-11-21T11:59:59.999999Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        garbage          | yesterday
        day first        | 20/11/2026 10:15:00+09:00
        month 13         | 2026-13-01T10:15:00+09:00
        February 30      | 2026-02-30T10:15:00+09:00
        hour 25          | 2026-11-20T25:15:00+09:00
        hour 24          | 2026-11-20T24:00:00+09:00
        minute 60        | 2026-11-20T10:60:00+09:00
        second 60        | 2026-11-20T10:15:60+09:00
        zone name        | 2026-11-20T10:15:00 JST
        trailing text    | 2026-11-20T10:15:00+09:00 (corrected)
        epoch number     | 1763601300
        empty            | ' '
        """)
    void unreadableTimesAreNotGuessed(String why, String text) {
        assertThat(LedgerLine.parseTime(text)).isNull();
    }

    /**
     * What a bad line still says: the customer (normalized), the purpose when it can be read (else
     * null: every purpose), and its window (null: time unreadable).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        WITHDRAW synonym          | c1    | MARKETING     | WITHDRAW      | 2026-11-20T10:15:00+09:00 | -                   | -         | true
        GRANT synonym             | c1    | MARKETING     | grant         | 2026-11-20T10:15:00+09:00 | -                   | -         | true
        lower-case purpose        | c1    | marketing     | WITHDRAWN     | 2026-11-20T10:15:00+09:00 | -                   | -         | true
        full-width purpose        | c1    | ＭＡＲＫＥＴＩＮＧ | ＷＩＴＨＤＲＡＷＮ | 2026-11-20T10:15:00+09:00 | -         | -         | true
        unknown action word       | c1    | MARKETING     | OPT_OUT       | 2026-11-20T10:15:00+09:00 | UNKNOWN_ACTION      | MARKETING | true
        Japanese action word      | c1    | MARKETING     | 撤回           | 2026-11-20T10:15:00+09:00 | UNKNOWN_ACTION      | MARKETING | true
        missing action            | c1    | MARKETING     | -             | 2026-11-20T10:15:00+09:00 | UNKNOWN_ACTION      | MARKETING | true
        unknown purpose           | c1    | SENSITIVE-RND | WITHDRAWN     | 2026-11-20T10:15:00+09:00 | UNKNOWN_PURPOSE     | -         | true
        missing purpose           | c1    | -             | WITHDRAWN     | 2026-11-20T10:15:00+09:00 | UNKNOWN_PURPOSE     | -         | true
        garbage time              | c1    | MARKETING     | WITHDRAWN     | soon                      | UNPARSABLE_TIME     | MARKETING | false
        time without offset       | c1    | MARKETING     | WITHDRAWN     | 2026-11-20T10:15:00       | TIME_WITHOUT_OFFSET | MARKETING | true
        everything wrong          | c1    | ???           | ???           | ???                       | UNKNOWN_PURPOSE     | -         | false
        no customer               | -     | MARKETING     | WITHDRAWN     | 2026-11-20T10:15:00+09:00 | MISSING_CUSTOMER    | -         | false
        blank customer            | '　 ' | MARKETING     | WITHDRAWN     | 2026-11-20T10:15:00+09:00 | MISSING_CUSTOMER    | -         | false
        """)
    void aBadLineSaysWhatItCan(
            String why,
            String customer,
            String purpose,
            String action,
            String time,
            LedgerLine.Problem problem,
            String readPurpose,
            boolean timed) {
        LedgerLine.Validated v = new LedgerLine(customer, purpose, action, time, "web", "v1").validate(PURPOSES);
        assertThat(v.problem()).isEqualTo(problem);
        if (problem == null) {
            assertThat(v.event().customerId()).isEqualTo("C1");
            assertThat(v.event().purpose()).isEqualTo("MARKETING");
            assertThat(v.uncertain()).isFalse();
            return;
        }
        assertThat(v.event()).isNull();
        if (problem == LedgerLine.Problem.MISSING_CUSTOMER) {
            assertThat(v.uncertain()).isFalse();
            return;
        }
        assertThat(v.uncertain()).isTrue();
        assertThat(v.customer()).isEqualTo("C1");
        assertThat(v.purpose()).isEqualTo(readPurpose);
        assertThat(v.earliest() != null).isEqualTo(timed);
        assertThat(v.latest() != null).isEqualTo(timed);
    }

    @Test
    void theConfiguredNormalizationDecidesTheKey() {
        assertThat(new LedgerLine(" ｃ ０００１２", "MARKETING", "GRANTED", "2026-11-20T10:15:00Z", null, null)
                        .validate(PURPOSES)
                        .event()
                        .customerId())
                .isEqualTo("C00012");
        assertThat(new LedgerLine(" ｃ ０００１２", "MARKETING", "GRANTED", "2026-11-20T10:15:00Z", null, null)
                        .validate(PURPOSES, new CustomerKey(false, false, false))
                        .event()
                        .customerId())
                .isEqualTo("ｃ ０００１２");
        for (String same : List.of("C00012", "c00012", "Ｃ００ ０１２", "\tC00012\n")) {
            assertThat(CustomerKey.DEFAULT.normalize(same)).as(same).isEqualTo("C00012");
        }
    }
}
