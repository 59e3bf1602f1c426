package jp.insurer.governance.policy.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import jp.insurer.governance.policy.extract.OwnIdentifierPagesTest.Add;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs written by parts of the zone and merged give the index one build over the whole zone gives. */
class OwnIdentifierRunsTest {

    @TempDir
    Path temp;

    /** A run of {@code adds} as one part writes it (small spills, so a part's own runs merge too). */
    private byte[] run(List<Add> adds, String label) throws IOException {
        Path spill = Files.createTempDirectory(temp, "spill");
        OwnIdentifierIndex.Builder builder = OwnIdentifierIndex.builder(spill, 9_000);
        for (Add a : adds) builder.add(a.customer(), a.type(), a.source(), a.value());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        builder.writeRun(out, label);
        try (Stream<Path> left = Files.list(spill)) {
            assertThat(left).as("spills deleted once the run is written").isEmpty();
        }
        return out.toByteArray();
    }

    private static OwnIdentifierIndex.Run source(String label, byte[] bytes) {
        return new OwnIdentifierIndex.Run("run " + label, label, bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    @Test
    void runsOfContiguousPartsMergeToTheLookupsOfOneBuild() throws Exception {
        int customers = 6000;
        List<Add> adds = OwnIdentifierPagesTest.synthetic(customers, 5);
        OwnIdentifierIndex.Builder heap = OwnIdentifierIndex.builder(); // in heap: the reference
        for (Add a : adds) heap.add(a.customer(), a.type(), a.source(), a.value());
        OwnIdentifierIndex reference = heap.build();
        // uneven cuts, one of them inside a customer's columns and one in a pass of other datasets
        int[] cuts = {0, adds.size() / 7 + 1, adds.size() / 2, adds.size() * 5 / 6, adds.size()};
        List<OwnIdentifierIndex.Run> runs = new ArrayList<>();
        for (int p = 0; p + 1 < cuts.length; p++) {
            String label = "plan-0123456789abcdef part " + p + " of 4";
            runs.add(source(label, run(adds.subList(cuts[p], cuts[p + 1]), label)));
        }
        Path folder = Files.createDirectory(temp.resolve("merged"));
        try (OwnIdentifierIndex merged = OwnIdentifierIndex.merge(folder, runs)) {
            assertThat(merged.customers()).isEqualTo(reference.customers()).isEqualTo(customers);
            assertThat(merged.forms()).isEqualTo(reference.forms());
            assertThat(merged.kinds()).isEqualTo(reference.kinds());
            for (int c = 0; c < customers; c++) {
                String id = String.format("C%09d", c);
                assertThat(merged.customer(id).identifiers())
                        .as(id)
                        .isEqualTo(reference.customer(id).identifiers());
            }
            for (Add a : adds.subList(0, 20_000)) {
                String text = "ご連絡：" + a.value() + " 以上";
                assertThat(merged.find(a.customer(), text)).isNotEmpty().isEqualTo(reference.find(a.customer(), text));
            }
        }
        assertThat(folder).as("close deletes the merged pages and their folder").doesNotExist();
    }

    @Test
    void aRunCutShortChangedOrOfAnotherPartIsAnErrorNeverAMiss() throws Exception {
        List<Add> adds = OwnIdentifierPagesTest.synthetic(800, 9);
        String label = "plan-0123456789abcdef part 0 of 1";
        byte[] whole = run(adds, label);

        byte[] flipped = whole.clone();
        flipped[flipped.length / 2] ^= 0x04;
        byte[] cut = Arrays.copyOf(whole, whole.length - 24 * 10);
        byte[] longer = Arrays.copyOf(whole, whole.length + 24);
        System.arraycopy(whole, whole.length - 8, longer, longer.length - 8, 8);

        for (byte[] bad : List.of(flipped, cut, longer)) {
            Path folder = Files.createTempDirectory(temp, "merged");
            assertThatThrownBy(() -> OwnIdentifierIndex.merge(folder, List.of(source(label, bad))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("run " + label)
                    .hasMessageNotContaining("C000000");
            try (Stream<Path> left = Files.list(folder)) {
                assertThat(left).as("no index is left from a bad run").isEmpty();
            }
        }
        Path folder = Files.createDirectory(temp.resolve("other"));
        assertThatThrownBy(() ->
                        OwnIdentifierIndex.merge(folder, List.of(source("plan-0123456789abcdef part 1 of 2", whole))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not plan-0123456789abcdef part 1 of 2");
        try (OwnIdentifierIndex ok = OwnIdentifierIndex.merge(folder, List.of(source(label, whole)))) {
            assertThat(ok.customers()).isEqualTo(800);
        }
    }

    @Test
    void anEmptyPartWritesAnEmptyRun() throws Exception {
        String label = "plan-0123456789abcdef part 3 of 4";
        byte[] empty = run(List.of(), label);
        List<Add> adds = OwnIdentifierPagesTest.synthetic(30, 2);
        String other = "plan-0123456789abcdef part 0 of 4";
        Path folder = Files.createDirectory(temp.resolve("merged"));
        try (OwnIdentifierIndex merged =
                OwnIdentifierIndex.merge(folder, List.of(source(other, run(adds, other)), source(label, empty)))) {
            assertThat(merged.customers()).isEqualTo(30);
        }
    }
}
