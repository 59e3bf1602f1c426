package jp.insurer.governance.policy.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionTallyTest {

    @Test
    void countsPerRuleDatasetAndPartitionAndMergesAcrossWorkers() {
        RetentionTally a = new RetentionTally();
        RetentionTally.Counts day1 = a.counts("r1", "web_events", "dt=2025-10-01");
        day1.add(RowDecision.DELETE_ROW, 10);
        day1.add(RowDecision.SPARED_LEGAL_HOLD);
        day1.add(RowDecision.KEEP_NULL_CLOCK);
        day1.addBytes(1_000, 900);
        RetentionTally b = new RetentionTally();
        b.counts("r1", "web_events", "dt=2025-10-01").add(RowDecision.DELETE_ROW, 5);
        b.counts("r1", "web_events", "dt=2025-10-02").add(RowDecision.KEEP, 7);
        b.counts("r2", "claims", null).add(RowDecision.NULL_COLUMNS);
        b.counts("r2", "claims", null).add(RowDecision.SPARED_OPEN_CLAIM);

        a.merge(b);

        assertThat(a.lines())
                .extracting(l ->
                        l.key().rule() + "/" + l.key().dataset() + "/" + l.key().partition())
                .containsExactly("r1/web_events/dt=2025-10-01", "r1/web_events/dt=2025-10-02", "r2/claims/");
        RetentionTally.Line first = a.lines().get(0);
        assertThat(first.rowsScanned()).isEqualTo(17);
        assertThat(first.rowsDeleted()).isEqualTo(15);
        assertThat(first.rowsKeptNullClock()).isEqualTo(1);
        assertThat(first.rowsSpared())
                .isEqualTo(Map.of(
                        ExceptionKind.LEGAL_HOLD, 1L, ExceptionKind.ACTIVE_CONTRACT, 0L, ExceptionKind.OPEN_CLAIM, 0L));
        assertThat(first.bytesScanned()).isEqualTo(1_000);
        assertThat(first.bytesRemoved()).isEqualTo(900);
        RetentionTally.Line claims = a.lines().get(2);
        assertThat(claims.rowsColumnsNulled()).isEqualTo(1);
        assertThat(claims.rowsSpared().get(ExceptionKind.OPEN_CLAIM)).isEqualTo(1);

        assertThat(a.total("r1").rowsScanned()).isEqualTo(24);
        assertThat(a.total(null).rowsScanned()).isEqualTo(26);
        // b is unchanged by the merge
        assertThat(b.total(null).rowsScanned()).isEqualTo(14);
    }
}
