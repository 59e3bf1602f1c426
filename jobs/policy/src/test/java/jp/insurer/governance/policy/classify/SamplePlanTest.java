package jp.insurer.governance.policy.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplePlanTest {

    /** Three files of four row groups of 10,000 rows each. */
    static List<SamplePlan.SourceFile> files() {
        List<SamplePlan.SourceFile> files = new ArrayList<>();
        for (int f = 0; f < 3; f++)
            files.add(new SamplePlan.SourceFile(
                    "part-0000" + f + ".parquet", List.of(10_000L, 10_000L, 10_000L, 10_000L)));
        return files;
    }

    @Test
    void drawsRowGroupsAcrossFilesAndRowsAcrossEachGroupNotTheFirstRows() {
        SamplePlan plan = SamplePlan.of("policies", files(), 1000, 8, 4);
        assertThat(plan.rows()).isEqualTo(1000);
        assertThat(plan.picks()).hasSize(8);
        assertThat(plan.picks().stream().map(SamplePlan.Pick::file).distinct())
                .as("more than one file")
                .hasSizeGreaterThan(1);
        assertThat(plan.picks())
                .as("beyond the first row group of the first file")
                .anyMatch(p -> p.file() > 0 || p.rowGroup() > 0);
        for (SamplePlan.Pick p : plan.picks()) {
            long[] rows = p.rows();
            assertThat(rows).isSorted();
            assertThat(Arrays.stream(rows).distinct().count()).isEqualTo(rows.length);
            assertThat(rows[rows.length - 1])
                    .as("rows spread over the group")
                    .isGreaterThan(5_000)
                    .isLessThan(10_000);
            assertThat(rows[0]).isGreaterThanOrEqualTo(0);
            // runs of consecutive rows: most sampled rows have a sampled neighbour
            long adjacent = 0;
            for (int i = 1; i < rows.length; i++) if (rows[i] == rows[i - 1] + 1) adjacent++;
            assertThat(adjacent).isGreaterThan(rows.length / 2);
        }
    }

    @Test
    void theSameDatasetAndFilesGiveTheSameRowsAndAnotherDatasetOthers() {
        SamplePlan a = SamplePlan.of("policies", files(), 1000, 8, 4);
        SamplePlan b = SamplePlan.of("policies", files(), 1000, 8, 4);
        SamplePlan c = SamplePlan.of("claims", files(), 1000, 8, 4);
        assertThat(describe(a)).isEqualTo(describe(b)).isNotEqualTo(describe(c));
    }

    @Test
    void aSmallDatasetIsReadWholeAndTinyGroupsAreDrawnUntilTheyHoldTheTarget() {
        SamplePlan small = SamplePlan.of(
                "customers", List.of(new SamplePlan.SourceFile("p.parquet", List.of(300L, 200L))), 1000, 8, 4);
        assertThat(small.rows()).isEqualTo(500);
        List<SamplePlan.SourceFile> daily = new ArrayList<>();
        for (int d = 0; d < 700; d++)
            daily.add(new SamplePlan.SourceFile("dt=" + d + "/part-00000.parquet", List.of(5L)));
        SamplePlan events = SamplePlan.of("web_events", daily, 1000, 8, 4);
        assertThat(events.picks()).hasSize(SamplePlan.MAX_GROUPS);
        assertThat(events.rows()).isEqualTo(5L * SamplePlan.MAX_GROUPS);
    }

    private static List<String> describe(SamplePlan plan) {
        return plan.picks().stream()
                .map(p -> p.file() + "/" + p.rowGroup() + ":" + Arrays.toString(p.rows()))
                .toList();
    }
}
