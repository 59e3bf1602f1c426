package jp.insurer.governance.sampledata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeneratorPartsTest {

    @Test
    void checkDigits() {
        assertThat(CheckDigits.isValidMyNumber("621498320257")).isTrue();
        assertThat(CheckDigits.isValidMyNumber("621498320258")).isFalse();
        assertThat(CheckDigits.isLuhnValid("4111111111111111")).isTrue();
        assertThat(CheckDigits.isLuhnValid("4111111111111112")).isFalse();
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(CheckDigits.isValidMyNumber(CheckDigits.myNumber(rng))).isTrue();
            assertThat(CheckDigits.isLuhnValid(Payments.cardNumber(rng, Payments.CARD_RANGES.next(rng))))
                    .isTrue();
        }
    }

    @Test
    void eraDatesAndRomaji() {
        assertThat(JapaneseText.eraDate(LocalDate.of(1980, 3, 2))).isEqualTo("昭和55年3月2日");
        assertThat(JapaneseText.eraDate(LocalDate.of(1989, 5, 1))).isEqualTo("平成元年5月1日");
        assertThat(JapaneseText.eraDate(LocalDate.of(1989, 1, 7))).isEqualTo("昭和64年1月7日");
        assertThat(JapaneseText.eraDate(LocalDate.of(2019, 5, 1))).isEqualTo("令和元年5月1日");
        assertThat(JapaneseText.eraDateKanji(LocalDate.of(1980, 3, 2))).isEqualTo("昭和五十五年三月二日");
        assertThat(JapaneseText.eraDateShort(LocalDate.of(1980, 3, 2))).isEqualTo("S55.3.2");
        assertThat(JapaneseText.romaji("サトウ")).isEqualTo("SATO");
        assertThat(JapaneseText.romaji("イノウエ")).isEqualTo("INOUE");
        assertThat(JapaneseText.romaji("ショウタ")).isEqualTo("SHOTA");
        assertThat(JapaneseText.romaji("ハットリ")).isEqualTo("HATTORI");
        assertThat(JapaneseText.romaji("ユウコ")).isEqualTo("YUKO");
        assertThat(JapaneseText.fullWidth("090-1234")).isEqualTo("０９０－１２３４");
    }

    @Test
    void allPrefecturesAreWeighted() {
        assertThat(Places.PREFECTURES).hasSize(47).contains("北海道", "東京都", "沖縄県");
        assertThat(Names.SURNAME.items()).hasSizeGreaterThan(100);
        assertThat(Names.MALE_GIVEN.items()).hasSizeGreaterThan(100);
        assertThat(Names.FEMALE_GIVEN.items()).hasSizeGreaterThan(100);
    }

    @Test
    void contactNotesRecordTheEntitiesTheyContain() {
        SplittableRandom rng = new SplittableRandom(3);
        int withSensitive = 0;
        for (int i = 1; i <= 300; i++) {
            Customer c = Customers.create(5, LocalDate.of(2025, 6, 30), i);
            TextTemplate.NoteBuilder note = ContactNotes.text(rng, c, "電話", LocalDate.of(2025, 6, 30));
            String text = note.toString();
            for (TextTemplate.NoteBuilder.Span span : note.spans()) {
                int start = text.offsetByCodePoints(0, span.start());
                int end = text.offsetByCodePoints(0, span.end());
                assertThat(end).isGreaterThan(start);
                if (span.type().equals("MY_NUMBER")) {
                    String digits = java.text.Normalizer.normalize(
                                    text.substring(start, end), java.text.Normalizer.Form.NFKC)
                            .replaceAll("[^0-9]", "");
                    assertThat(CheckDigits.isValidMyNumber(digits)).as(digits).isTrue();
                }
            }
            if (note.spans().stream().anyMatch(s -> s.type().startsWith("SENSITIVE:"))) {
                withSensitive++;
            }
        }
        assertThat(withSensitive).isBetween(50, 250);
    }
}
