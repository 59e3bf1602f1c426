package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The released customers of a profile: the slices' sorted key files merged into one sorted stream, each key once. */
class SortedMergeTest {

    private final List<Boolean> closed = new ArrayList<>();

    private SortedMerge.Source<String> file(String content) {
        int index = closed.size();
        closed.add(false);
        SortedMerge.Source<String> lines =
                SortedMerge.lines("slice-" + index, new BufferedReader(new StringReader(content)));
        return new SortedMerge.Source<>() {
            @Override
            public String next() throws IOException {
                return lines.next();
            }

            @Override
            public String name() {
                return lines.name();
            }

            @Override
            public void close() throws IOException {
                closed.set(index, true);
                lines.close();
            }
        };
    }

    private List<String> merged(List<SortedMerge.Source<String>> sources) throws IOException {
        List<String> out = new ArrayList<>();
        try (SortedMerge<String> merge = SortedMerge.lines(sources)) {
            merge.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void duplicatesWithinAndAcrossFilesAreGivenOnce() throws IOException {
        assertThat(merged(List.of(file("A1\nA1\nB2\nC3\n"), file("A1\nB1\nC3\nC3\nD4\n"), file("B2\nZ9\n"))))
                .containsExactly("A1", "B1", "B2", "C3", "D4", "Z9");
        assertThat(closed).containsOnly(true);
    }

    @Test
    void emptyFilesAndNoFilesGiveNothingOfTheirOwn() throws IOException {
        assertThat(merged(List.of())).isEmpty();
        assertThat(merged(List.of(file(""), file("")))).isEmpty();
        assertThat(merged(List.of(file(""), file("K1\nK2\n"), file("")))).containsExactly("K1", "K2");
    }

    @Test
    void oneFileIsPassedThroughWithoutItsRepeats() throws IOException {
        assertThat(merged(List.of(file("K1\nK1\nK2\nK3\nK3\n")))).containsExactly("K1", "K2", "K3");
    }

    @Test
    void keysAreOrderedAsStringsLikeTheSlicesWriteThem() throws IOException {
        // A prefix sorts first; digits and letters by their code units, as TreeSet<String> ordered them.
        assertThat(merged(List.of(file("C10\nc1\n"), file("C1\nC100\nC2\n"))))
                .containsExactly("C1", "C10", "C100", "C2", "c1");
    }

    @Test
    void manyFilesMergeToTheSortedUnionOfTheirKeys() throws IOException {
        Random random = new Random(42);
        TreeSet<String> all = new TreeSet<>();
        List<SortedMerge.Source<String>> sources = new ArrayList<>();
        for (int f = 0; f < 300; f++) {
            TreeSet<String> keys = new TreeSet<>();
            int n = random.nextInt(50); // some files empty
            for (int i = 0; i < n; i++) keys.add(String.format("C%05d", random.nextInt(5_000)));
            all.addAll(keys);
            sources.add(file(keys.isEmpty() ? "" : String.join("\n", keys) + "\n"));
        }
        assertThat(merged(sources)).containsExactlyElementsOf(all);
    }

    @Test
    void aFileOutOfOrderFailsTheMergeNamingTheFileNotTheKey() throws IOException {
        List<SortedMerge.Source<String>> sources = List.of(file("A1\nB1\n"), file("B2\nSECRET-KEY\nA0\n"));
        assertThatThrownBy(() -> merged(sources))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("slice-1")
                .hasMessageNotContaining("SECRET")
                .hasMessageNotContaining("A0");
        assertThat(closed).containsOnly(true);
    }
}
