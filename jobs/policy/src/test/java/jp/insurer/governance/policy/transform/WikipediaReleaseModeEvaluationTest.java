package jp.insurer.governance.policy.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import jp.insurer.governance.policy.detect.TestScanners;
import jp.insurer.governance.policy.detect.eval.WikipediaNer;
import org.junit.jupiter.api.Test;

/**
 * Person names of public text no one here wrote (Stockmark Wikipedia NER, held-back half: odd page
 * ids) through the allowlist release research extracts use, built from the project config as the
 * profiles build it. A name is "fully covered in release mode" when every character of it lies inside
 * a placeholder of the released text; utility is the share of ordinary characters that survive.
 * Released with the 機微 right (sentences with a 機微 mention stay), so no name is counted as covered
 * only because its sentence went; the run without the right is printed for information. Floors sit a
 * little under the figures measured when they were set (docs/detectors-evaluation.md, "Release
 * mode"), so regressions fail; they are not targets. Only counts are printed.
 */
class WikipediaReleaseModeEvaluationTest {

    static final double HELD_BACK_COVERED_FLOOR = 0.84;
    static final double HELD_BACK_TOUCHED_FLOOR = 0.92;
    static final double HELD_BACK_LETTERS_COVERED_FLOOR = 0.86;
    static final double HELD_BACK_NAME_PLACEHOLDER_PRECISION_FLOOR = 0.63;
    static final double HELD_BACK_ORDINARY_KEPT_FLOOR = 0.93;

    @Test
    void personNamesOfHeldBackSentencesAreCoveredByTheAllowlistRelease() {
        TextScrubber release = TextScrubber.of(
                TextMode.ALLOWLIST,
                TestScanners.project(),
                ReleaseVocabulary.load(TestScanners.configDir()),
                TextRelease.DateGranularity.MONTH);
        WikipediaReleaseModeEvaluation tune = new WikipediaReleaseModeEvaluation();
        WikipediaReleaseModeEvaluation held = new WikipediaReleaseModeEvaluation();
        WikipediaReleaseModeEvaluation heldWithout機微Right = new WikipediaReleaseModeEvaluation();
        for (WikipediaNer.Sentence s : WikipediaNer.load()) {
            (s.heldBack() ? held : tune).add(s, release.scrub(s.text(), true));
            if (s.heldBack()) heldWithout機微Right.add(s, release.scrub(s.text(), false));
        }
        System.out.println(tune.table("Wikipedia NER, allowlist release, tuning part"));
        System.out.println(held.table("Wikipedia NER, allowlist release, held-back part"));
        System.out.println(
                heldWithout機微Right.table("Wikipedia NER, allowlist release without the 機微 right, held-back part"));
        WikipediaReleaseModeEvaluation.TypeRow p = held.persons();
        System.out.printf(
                Locale.ROOT,
                "held-back release mode: names fully covered %.3f, every letter covered %.3f, touched %.3f, ＜氏名＞ precision %.3f, "
                        + "ordinary characters kept %.3f%n",
                p.covered(),
                held.personLettersCovered(),
                p.touched(),
                held.namePlaceholderPrecision(),
                held.ordinaryKept());

        assertThat(tune.misaligned + held.misaligned + heldWithout機微Right.misaligned)
                .as("released texts that are not the input with runs replaced by placeholders")
                .isZero();
        assertThat(p.spans).as("held-back names").isGreaterThan(1000);
        assertThat(p.covered())
                .as("held-back names fully covered in release mode")
                .isGreaterThanOrEqualTo(HELD_BACK_COVERED_FLOOR);
        assertThat(held.personLettersCovered())
                .as("held-back names with every letter covered")
                .isGreaterThanOrEqualTo(HELD_BACK_LETTERS_COVERED_FLOOR);
        assertThat(p.touched()).as("held-back names partly covered").isGreaterThanOrEqualTo(HELD_BACK_TOUCHED_FLOOR);
        assertThat(held.namePlaceholderPrecision())
                .as("held-back ＜氏名＞ placeholders on a name")
                .isGreaterThanOrEqualTo(HELD_BACK_NAME_PLACEHOLDER_PRECISION_FLOOR);
        assertThat(held.ordinaryKept())
                .as("held-back ordinary characters kept")
                .isGreaterThanOrEqualTo(HELD_BACK_ORDINARY_KEPT_FLOOR);
    }

    @Test
    void alignmentFindsWhatEachPlaceholderReplaced() {
        ReleaseAlignment a = ReleaseAlignment.of("山田太郎は東京 都の会社員。", "＜氏名＞は＜地名＞の会社員。");
        assertThat(a.cost()).isZero();
        assertThat(a.removed())
                .containsExactly(
                        true, true, true, true, false, true, true, true, true, false, false, false, false, false);
        assertThat(a.spans())
                .containsExactly(
                        new ReleaseAlignment.Placeholder("PERSON_NAME", 0, 4),
                        new ReleaseAlignment.Placeholder(TextRelease.PLACE_NAME, 5, 9));
        // a placeholder whose last character reappears right after it: the literal is matched, not swallowed
        ReleaseAlignment b = ReleaseAlignment.of("ははは", "＜氏名＞は");
        assertThat(b.cost()).isZero();
        assertThat(b.removed()).containsExactly(true, true, false);
        // a character released that was not in the input is counted, not hidden
        assertThat(ReleaseAlignment.of("あい", "あいう").cost()).isEqualTo(1);
        assertThat(ReleaseAlignment.of("あいう", "あ").removed()).containsExactly(false, true, true);
    }
}
