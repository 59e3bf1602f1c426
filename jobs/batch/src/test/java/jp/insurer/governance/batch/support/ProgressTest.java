package jp.insurer.governance.batch.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void rateAndEtaFollowTheRowsDoneAgainstTheFooterTotal() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        Progress progress = new Progress("tag files", 48_000, now::get);
        now.addAndGet(4_000_000_000L); // 4 s later
        progress.add(12_000);
        // 12,000 rows in 4 s = 3,000 rows/s; 36,000 to go = 12 s.
        assertThat(progress.line(now.get()))
                .isEqualTo("tag files: 12,000 of 48,000 rows (25.0 %), 3,000 rows/s, ETA 12s");
        now.addAndGet(12_000_000_000L);
        progress.add(36_000);
        assertThat(progress.line(now.get())).endsWith("48,000 of 48,000 rows (100.0 %), 3,000 rows/s, ETA 0s");
    }

    /** Remote partitions: the rows of the partitions workers completed, asked at each line, add to this JVM's. */
    @Test
    void rowsDoneElsewhereAreAskedAtEachLine() {
        AtomicLong now = new AtomicLong();
        AtomicLong workers = new AtomicLong();
        Progress progress = new Progress("retention units", 10_000, now::get, workers::get);
        now.addAndGet(2_000_000_000L);
        assertThat(progress.line(now.get())).startsWith("retention units: 0 of 10,000 rows (0.0 %)");
        workers.set(4_000); // a partition completed on a worker
        progress.add(1_000);
        assertThat(progress.line(now.get()))
                .isEqualTo("retention units: 5,000 of 10,000 rows (50.0 %), 2,500 rows/s, ETA 2s");
        assertThat(progress.done()).isEqualTo(5_000);
    }

    @Test
    void withoutATotalOnlyRowsAndRateAreShown() {
        AtomicLong now = new AtomicLong();
        Progress progress = new Progress("retention units", 0, now::get);
        now.addAndGet(2_000_000_000L);
        progress.add(500);
        assertThat(progress.line(now.get())).isEqualTo("retention units: 500 rows, 250 rows/s");
    }

    @Test
    void longEtasReadAsHoursAndMinutes() {
        assertThat(Progress.duration(59)).isEqualTo("59s");
        assertThat(Progress.duration(61)).isEqualTo("1m01s");
        assertThat(Progress.duration(3 * 3600 + 7 * 60 + 5)).isEqualTo("3h07m");
    }
}
