package jp.insurer.governance.policy.detect.recognizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.TestScanners;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The project's 機微情報 vocabulary in English, romaji and codes, and the assistive-device words
 * that reveal a disability: the red team's values are found as their kind, ordinary words are not.
 */
class SensitiveTermDetectorTest {

    /** SENSITIVE findings as kind:span (span in the original text). */
    private static List<String> sensitive(String text) {
        int[] cps = text.codePoints().toArray();
        return TestScanners.project().scan(text).stream()
                .filter(f -> f.type().equals(EntityTypes.SENSITIVE))
                .map(f -> f.kind() + ":" + new String(cps, f.start(), f.end() - f.start()))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // codes: '_', '-', digits and camelCase separate words
                "WAIVED_CANCER_DX | HEALTH | CANCER",
                "cancerDx | HEALTH | cancer",
                "HOSPITALIZED-2 | HEALTH | HOSPITALIZED",
                "HIVTest | HEALTH | HIV",
                "hiv2 | HEALTH | hiv",
                "ｃａｎｃｅｒ | HEALTH | ｃａｎｃｅｒ",
                // the values scan-text missed
                "cancer | HEALTH | cancer",
                "HOSPITALIZED | HEALTH | HOSPITALIZED",
                "DIALYSIS | HEALTH | DIALYSIS",
                "PREGNANT | HEALTH | PREGNANT",
                "DEPRESSION | HEALTH | DEPRESSION",
                "GAN | HEALTH | GAN",
                "GAN_SHINDAN | HEALTH | GAN_SHINDAN",
                "GAN_STAGE2 | HEALTH | GAN",
                "TOUNYOUBYOU | HEALTH | TOUNYOUBYOU",
                "nyuuin_chuu | HEALTH | nyuuin",
                "diagnosed with leukemia in 2024 | HEALTH | leukemia",
                "history of myocardial infarction | HEALTH | infarction",
                "Alzheimer's disease | HEALTH | Alzheimer",
                "after a cardiac arrest | HEALTH | cardiac arrest",
                // assistive devices reveal a disability
                "松葉杖をついて来店された。 | DISABILITY | 松葉杖",
                "点字の書類を希望された。 | DISABILITY | 点字",
                "白杖を使っているとのこと。 | DISABILITY | 白杖",
                "盲導犬と来店 | DISABILITY | 盲導犬",
                "uses a wheelchair | DISABILITY | wheelchair",
                "SHOUGAI_TECHOU | DISABILITY | SHOUGAI_TECHOU",
                // every other kind has English (and romaji) words too
                "converted to Catholic | CREED | Catholic",
                "arrested in 2019 | CRIMINAL_RECORD | arrested",
                "domestic violence | CRIME_VICTIM | domestic violence",
                "SEIKATSU_HOGO | SOCIAL_STATUS | SEIKATSU_HOGO",
                "ethnicity | RACE | ethnicity",
                "joined a labor union | TRADE_UNION | labor union",
                "BURAKU | FAMILY_ORIGIN | BURAKU",
                "koseki tohon | REGISTERED_DOMICILE | koseki tohon",
                "transgender | SEX_LIFE | transgender"
            })
    void foundAsItsKind(String text, String kind, String expected) {
        assertThat(sensitive(text)).as(text).contains(kind + ":" + expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "organic",
                "ORGANIC_FOOD",
                "Morgan",
                "slogan",
                "GANTT_CHART",
                "keystroke",
                "KEYSTROKE_LOG",
                "cancellation",
                "disorderly",
                "utsukushii",
                "SHIVA",
                "WAIVED_PREMIUM",
                "ACTIVE",
                "LAPSED",
                "PAID_UP",
                "GAN_HOKEN",
                "INJURY_INSURANCE",
                "Utsunomiya",
                "rapeseed oil",
                "stomach",
                "CANCER_INSURANCE",
                "駅の点字ブロック",
                "がん保険のご案内"
            })
    void ordinaryWordsAreNot(String text) {
        assertThat(sensitive(text)).as(text).isEmpty();
    }
}
