package jp.insurer.governance.policy.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LegalHoldsTest {

    @ParameterizedTest(name = "{0} {1} on {2}: {3}")
    @CsvSource(textBlock = """
        CUSTOMER, c1, 2026-01-09, false
        CUSTOMER, c1, 2026-01-10, true
        CUSTOMER, c1, 2026-03-31, true
        CUSTOMER, c1, 2026-04-01, false
        CUSTOMER, c1, 2026-06-01, true
        CUSTOMER, c1, 2099-12-31, true
        POLICY,   c1, 2026-02-01, false
        POLICY,   p7, 1990-01-01, true
        POLICY,   p7, 2026-05-31, true
        POLICY,   p7, 2026-06-01, false
        CUSTOMER, p7, 2026-01-01, false
        CUSTOMER, c2, 2026-02-01, false
        """)
    void holdsCoverTheirInclusiveRangeForTheirSubjectTypeOnly(
            HoldSubject type, String id, LocalDate date, boolean held) {
        LegalHolds holds = new LegalHolds();
        holds.addRow("CUSTOMER", "c1", "2026-01-10", "2026-03-31");
        holds.addRow("customer", "c1", "2026-06-01", ""); // second hold, still open
        holds.addRow("POLICY", "p7", null, "2026-05-31T23:00:00+09:00"); // no start: since always
        assertThat(holds.isHeld(type, id, date)).isEqualTo(held);
        assertThat(holds.size()).isEqualTo(3);
    }

    @Test
    void rowLookupChecksCustomerAndPolicyAndToleratesNulls() {
        LegalHolds holds = new LegalHolds();
        holds.add(HoldSubject.POLICY, "p1", null, null);
        LocalDate day = LocalDate.of(2026, 11, 25);
        assertThat(holds.isRowHeld("c1", "p1", day)).isTrue();
        assertThat(holds.isRowHeld(null, "p1", day)).isTrue();
        assertThat(holds.isRowHeld("c1", null, day)).isFalse();
        assertThat(holds.isRowHeld(null, null, day)).isFalse();
    }

    @ParameterizedTest(name = "{4}")
    @CsvSource(nullValues = "-", textBlock = """
        PERSON,   secret-id, 2026-01-01, -,          unknown legal hold subject type
        CUSTOMER, -,         2026-01-01, -,          needs a subject type and id
        CUSTOMER, secret-id, 2026-13-01, -,          hold_from is not an ISO date
        CUSTOMER, secret-id, 2026-01-01, tomorrow,   hold_until is not an ISO date
        CUSTOMER, secret-id, 2026-02-01, 2026-01-01, ends before it starts
        """)
    void badRowsAreErrorsThatNeverNameTheSubject(String type, String id, String from, String until, String problem) {
        LegalHolds holds = new LegalHolds();
        assertThatThrownBy(() -> holds.addRow(type, id, from, until))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem)
                .message()
                .doesNotContain("secret-id");
    }

    @Test
    void aMillionHoldsStayFindableThroughGrowth() {
        LegalHolds holds = new LegalHolds();
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            holds.add(
                    i % 2 == 0 ? HoldSubject.CUSTOMER : HoldSubject.POLICY,
                    "id-" + i,
                    LocalDate.of(2026, 1, 1),
                    LocalDate.of(2026, 12, 31));
        }
        LocalDate day = LocalDate.of(2026, 6, 1);
        assertThat(holds.size()).isEqualTo(n);
        for (int i = 0; i < n; i += 9_973) {
            HoldSubject type = i % 2 == 0 ? HoldSubject.CUSTOMER : HoldSubject.POLICY;
            HoldSubject other = i % 2 == 0 ? HoldSubject.POLICY : HoldSubject.CUSTOMER;
            assertThat(holds.isHeld(type, "id-" + i, day)).isTrue();
            assertThat(holds.isHeld(other, "id-" + i, day)).isFalse();
            assertThat(holds.isHeld(type, "id-" + i, LocalDate.of(2027, 1, 1))).isFalse();
        }
        assertThat(holds.isHeld(HoldSubject.CUSTOMER, "id-" + n, day)).isFalse();
    }
}
