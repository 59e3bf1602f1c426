package jp.insurer.governance.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jp.insurer.governance.policy.detect.eval.Scorer;
import jp.insurer.governance.policy.detect.eval.WikipediaNer;
import org.junit.jupiter.api.Test;

/**
 * Person names in public text no one here wrote (Wikipedia sentences, names annotated by Stockmark).
 * Prints recall (overlap), recall of names fully covered, and precision of PERSON_NAME findings on
 * the tuning part and the held-back part (docs/detectors-evaluation.md quotes the held-back one), and
 * fails when the held-back figures drop under their floors. Floors sit a little under the figures
 * measured when they were set, so regressions fail; they are not targets. Only counts are printed:
 * no sentence or name reaches the output.
 */
class WikipediaNerEvaluationTest {

    static final double LOW_THRESHOLD = 0.3;
    static final double HELD_BACK_RECALL_FLOOR = 0.70;
    static final double HELD_BACK_COVERED_FLOOR = 0.64;
    static final double HELD_BACK_PRECISION_FLOOR = 0.67;

    @Test
    void personNamesOnHeldBackWikipediaSentences() {
        TextScanner scanner = TestScanners.project();
        Scorer tune = new Scorer();
        Scorer held = new Scorer();
        int heldSentences = 0;
        for (WikipediaNer.Sentence s : WikipediaNer.load()) {
            List<Finding> names = new ArrayList<>();
            for (Finding f : scanner.scan(s.text())) {
                if (f.type().equals(EntityTypes.PERSON_NAME)) names.add(f);
            }
            (s.heldBack() ? held : tune).add(s.persons(), names);
            if (s.heldBack()) heldSentences++;
        }
        Scorer.Row h = held.row(EntityTypes.PERSON_NAME);
        Scorer.Row t = tune.row(EntityTypes.PERSON_NAME);
        System.out.println("Wikipedia NER, PERSON_NAME (tuning part)\n" + tune.table());
        System.out.println(
                "Wikipedia NER, PERSON_NAME (held-back part, " + heldSentences + " sentences)\n" + held.table());
        System.out.printf(
                Locale.ROOT,
                "held-back: recall %.3f, fully covered %.3f, precision %.3f%n",
                h.recall(),
                h.coveredRecall(),
                h.precision());
        // the same at a lower threshold (what a stricter release mode could use); printed, not asserted
        Scorer low = new Scorer();
        for (WikipediaNer.Sentence s : WikipediaNer.load()) {
            if (!s.heldBack()) continue;
            low.add(
                    s.persons(),
                    scanner.scan(s.text(), LOW_THRESHOLD).stream()
                            .filter(f -> f.type().equals(EntityTypes.PERSON_NAME))
                            .toList());
        }
        Scorer.Row l = low.row(EntityTypes.PERSON_NAME);
        System.out.printf(
                Locale.ROOT,
                "held-back at threshold %.2f: recall %.3f, fully covered %.3f, precision %.3f%n",
                LOW_THRESHOLD,
                l.recall(),
                l.coveredRecall(),
                l.precision());
        assertThat(t.gold()).isGreaterThan(1000);
        assertThat(h.gold()).as("held-back names").isGreaterThan(1000);
        assertThat(h.recall()).as("held-back recall").isGreaterThanOrEqualTo(HELD_BACK_RECALL_FLOOR);
        assertThat(h.coveredRecall())
                .as("held-back recall, names fully covered")
                .isGreaterThanOrEqualTo(HELD_BACK_COVERED_FLOOR);
        assertThat(h.precision()).as("held-back precision").isGreaterThanOrEqualTo(HELD_BACK_PRECISION_FLOOR);
    }
}
