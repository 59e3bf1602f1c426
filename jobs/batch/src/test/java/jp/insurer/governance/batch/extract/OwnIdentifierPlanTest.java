package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The zone's row groups cut into parts: every row once, in reading order, in stretches of equal weight. */
class OwnIdentifierPlanTest {

    @Test
    void partsAreContiguousStretchesOfEqualWeightCoveringEveryRowOnce() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            List<OwnIdentifierPlan.RowGroup> groups = new ArrayList<>();
            int n = 1 + random.nextInt(6);
            for (int g = 0; g < n; g++) {
                long rows = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 50 : 5000);
                groups.add(new OwnIdentifierPlan.RowGroup(
                        "d" + g % 3, "part-" + g + ".parquet", "1@1", g % 2, rows, 1 + random.nextInt(9)));
            }
            int parts = 1 + random.nextInt(8);
            List<List<OwnIdentifierPlan.Segment>> cut = OwnIdentifierPlan.cut(groups, parts);
            assertThat(cut).hasSize(parts);

            // read part after part, the segments are the groups' rows in order, each row once
            List<OwnIdentifierPlan.Segment> line =
                    cut.stream().flatMap(List::stream).toList();
            int at = 0;
            long total = 0;
            for (OwnIdentifierPlan.RowGroup g : groups) {
                total += g.rows() * g.width();
                long next = 0;
                while (next < g.rows()) {
                    OwnIdentifierPlan.Segment s = line.get(at++);
                    assertThat(s.relative()).isEqualTo(g.relative());
                    assertThat(s.fromRow()).isEqualTo(next);
                    assertThat(s.toRow()).isGreaterThan(s.fromRow()).isLessThanOrEqualTo(g.rows());
                    next = s.toRow();
                }
            }
            assertThat(at).isEqualTo(line.size());

            // each part weighs the P-th of the total, to one row of the widest group
            int widest = groups.stream()
                    .mapToInt(OwnIdentifierPlan.RowGroup::width)
                    .max()
                    .orElse(1);
            for (List<OwnIdentifierPlan.Segment> part : cut) {
                long weight = 0;
                for (OwnIdentifierPlan.Segment s : part) {
                    int width = groups.stream()
                            .filter(g -> g.relative().equals(s.relative()))
                            .findFirst()
                            .orElseThrow()
                            .width();
                    weight += (s.toRow() - s.fromRow()) * width;
                }
                assertThat((double) weight)
                        .isCloseTo((double) total / parts, org.assertj.core.data.Offset.offset(2.0 * widest));
            }
        }
    }

    @Test
    void oneLargeRowGroupIsSplitByRows() {
        var customers = new OwnIdentifierPlan.RowGroup("customers", "part-00000.parquet", "1@1", 0, 1_000_000, 9);
        var policies = new OwnIdentifierPlan.RowGroup("policies", "part-00000.parquet", "1@1", 0, 1_000_000, 1);
        List<List<OwnIdentifierPlan.Segment>> cut = OwnIdentifierPlan.cut(List.of(customers, policies), 2);
        assertThat(cut.get(0))
                .containsExactly(
                        new OwnIdentifierPlan.Segment("customers", "part-00000.parquet", "1@1", 0, 0, 555_556));
        assertThat(cut.get(1))
                .containsExactly(
                        new OwnIdentifierPlan.Segment("customers", "part-00000.parquet", "1@1", 0, 555_556, 1_000_000),
                        new OwnIdentifierPlan.Segment("policies", "part-00000.parquet", "1@1", 0, 0, 1_000_000));
    }
}
