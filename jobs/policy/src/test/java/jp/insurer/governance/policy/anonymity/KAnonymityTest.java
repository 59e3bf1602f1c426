package jp.insurer.governance.policy.anonymity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tiny datasets computed by hand. Rows are "ageBand,gender,prefecture" separated by ';'
 * ("~" is a null value).
 */
class KAnonymityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # name                 | k | rows                                                                           | classes | suppressed | kAchieved | maxRisk | avgRisk
        all classes large      | 2 | 30-34,F,東京都;30-34,F,東京都;40-44,M,大阪府;40-44,M,大阪府;40-44,M,大阪府          | 2       | 0          | 2         | 0.5     | 0.4
        one singleton          | 2 | 30-34,F,東京都;30-34,F,東京都;40-44,M,大阪府;40-44,M,大阪府;50-54,F,沖縄県          | 3       | 1          | 2         | 0.5     | 0.5
        k=3 keeps only 3+      | 3 | a,F,x;a,F,x;a,F,x;b,M,y;b,M,y;c,F,z;c,F,z;c,F,z;c,F,z                          | 3       | 2          | 3         | 0.3333  | 0.2857
        everything suppressed  | 5 | a,F,x;a,F,x;b,M,y                                                              | 2       | 3          | 0         | 0       | 0
        k=1 releases all       | 1 | a,F,x;b,F,x;c,F,x                                                              | 3       | 0          | 1         | 1       | 1
        nulls form a class     | 2 | ~,F,x;~,F,x;a,F,x                                                              | 2       | 1          | 2         | 0.5     | 0.5
        one field differs      | 2 | a,F,x;a,M,x;a,F,y;a,F,x                                                        | 3       | 2          | 2         | 0.5     | 0.5
        """)
    void judge(
            String name,
            int k,
            String rows,
            int classes,
            long suppressed,
            long kAchieved,
            double maxRisk,
            double avgRisk) {
        EquivalenceClassProfile profile = new EquivalenceClassProfile(List.of("age", "gender", "prefecture"));
        List<Object[]> tuples = Arrays.stream(rows.split(";"))
                .map(r -> Arrays.stream(r.trim().split(","))
                        .map(v -> v.equals("~") ? null : v)
                        .toArray())
                .toList();
        tuples.forEach(profile::add);

        KAnonymity.Judgement j = new KAnonymity(k).judge(profile);

        assertThat(j.records()).isEqualTo(tuples.size());
        assertThat(j.classes()).isEqualTo(classes);
        assertThat(j.suppressedRecords()).isEqualTo(suppressed);
        assertThat(j.releasedRecords()).isEqualTo(tuples.size() - suppressed);
        assertThat(j.kAchieved()).isEqualTo(kAchieved);
        assertThat(j.maxRisk()).isCloseTo(maxRisk, within(1e-4));
        assertThat(j.averageRisk()).isCloseTo(avgRisk, within(1e-4));
        // second pass: exactly the records of small classes are suppressed
        long secondPass = tuples.stream().filter(j::suppressed).count();
        assertThat(secondPass).isEqualTo(suppressed);
    }

    @org.junit.jupiter.api.Test
    void keysCannotBeFakedBySeparatorsAndProfilesMerge() {
        EquivalenceClassProfile a = new EquivalenceClassProfile(List.of("x", "y"));
        a.add("a/1:b", "c");
        a.add("a", "1:b/1:c");
        assertThat(a.classes()).isEqualTo(2);
        EquivalenceClassProfile b = new EquivalenceClassProfile(List.of("x", "y"));
        b.add("a", "1:b/1:c");
        a.merge(b);
        assertThat(a.records()).isEqualTo(3);
        assertThat(a.count("a", "1:b/1:c")).isEqualTo(2);
        assertThat(new KAnonymity(2).judge(a).suppressed("a/1:b", "c")).isTrue();
    }
}
