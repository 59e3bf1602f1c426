package jp.insurer.governance.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TextScannerTest {

    @Test
    void overlapsKeepTheHigherScoreThenTheLongerSpan() {
        Finding weak = new Finding("A", null, 0, 10, 0.5, "a");
        Finding strong = new Finding("B", null, 5, 8, 0.9, "b");
        Finding longer = new Finding("C", null, 20, 30, 0.7, "c");
        Finding shorter = new Finding("D", null, 22, 25, 0.7, "d");
        Finding apart = new Finding("E", null, 40, 41, 0.1, "e");
        assertThat(TextScanner.resolveOverlaps(List.of(weak, strong, longer, shorter, apart)))
                .containsExactly(strong, longer, apart);
    }

    @Test
    void findingsAreInTextOrderWithOriginalOffsets() {
        String text = "👍 契約者：山田太郎様、ＴＥＬ０９０－１２３４－５６７８、taro@example.co.jp";
        List<Finding> fs = TestScanners.project().scan(text);
        assertThat(fs)
                .extracting(Finding::type)
                .containsExactly(EntityTypes.PERSON_NAME, EntityTypes.PHONE_NUMBER, EntityTypes.EMAIL_ADDRESS);
        int[] cps = text.codePoints().toArray();
        Finding phone = fs.get(1);
        assertThat(new String(cps, phone.start(), phone.length())).isEqualTo("０９０－１２３４－５６７８");
    }

    @Test
    void scanValueReportsWeakEvidenceForCells() {
        TextScanner s = TestScanners.project();
        assertThat(s.scan("1980/03/02")).isEmpty();
        assertThat(s.scanValue("1980/03/02")).extracting(Finding::type).containsExactly(EntityTypes.DATE_OF_BIRTH);
        assertThat(s.scanValue("")).isEmpty();
    }

    @Test
    void isThreadSafe() throws Exception {
        TextScanner s = TestScanners.project();
        List<String> texts = List.of(
                "被保険者 鈴木花子さんは胃がんで入院。",
                "〒100-0001 東京都千代田区千代田1-1",
                "マイナンバー 621498320257",
                "Taro Yamada 様 tel03-1234-5678");
        List<List<Finding>> expected = texts.stream().map(s::scan).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int k = i % texts.size();
                results.add(pool.submit(() -> s.scan(texts.get(k)).equals(expected.get(k))));
            }
            for (Future<Boolean> r : results) assertThat(r.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
