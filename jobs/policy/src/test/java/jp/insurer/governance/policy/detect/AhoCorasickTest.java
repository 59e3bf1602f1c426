package jp.insurer.governance.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {

    @Test
    void findsAllOverlappingTermsInOnePass() {
        AhoCorasick<String> ac = new AhoCorasick<>(Map.of("がん", "a", "胃がん", "b", "he", "c", "she", "d", "hers", "e"));
        List<AhoCorasick.Hit<String>> hits = ac.findAll("胃がん ushers");
        assertThat(hits).extracting(AhoCorasick.Hit::term).containsExactlyInAnyOrder("胃がん", "がん", "she", "he", "hers");
        AhoCorasick.Hit<String> stomach =
                hits.stream().filter(h -> h.term().equals("胃がん")).findFirst().orElseThrow();
        assertThat(stomach.start()).isZero();
        assertThat(stomach.end()).isEqualTo(3);
    }

    @Test
    void noTermsNoHits() {
        assertThat(new AhoCorasick<String>(Map.of()).findAll("anything")).isEmpty();
    }
}
