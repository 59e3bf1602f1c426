package jp.insurer.governance.policy.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.Function;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.detect.TestScanners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped hierarchies of config/hierarchies/, at their boundaries. */
class HierarchyTest {

    static final LocalDate BUSINESS_DATE = LocalDate.of(2026, 11, 24);
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final Hierarchies SHIPPED = Hierarchies.load(TestScanners.configDir());

    static Function<Object, String> bound(String name) {
        return SHIPPED.get(name).orElseThrow().bind(BUSINESS_DATE, TOKYO);
    }

    @ParameterizedTest(name = "{0} born {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        age_band_5  | 1996-11-24 | 30-34
        age_band_5  | 1996-11-25 | 25-29
        age_band_5  | 1991-11-25 | 30-34
        age_band_5  | 1991-11-24 | 35-39
        age_band_5  | 2026-11-24 | 0-4
        age_band_5  | 2026-11-25 | ''
        age_band_5  | 1941-11-24 | 85+
        age_band_5  | 1941-11-25 | 80-84
        age_band_10 | 1986-11-24 | 40-49
        age_band_10 | 1986-11-25 | 30-39
        age_band_10 | 1946-11-24 | 80+
        age_band_20 | 2000-02-29 | 20-39
        age_band_5  | 2008-02-29 | 15-19
        age_band_5  | not a date | ''
        """)
    void ageBandsAtTheBusinessDate(String hierarchy, String birth, String expected) {
        Object value = birth.startsWith("not") ? birth : LocalDate.parse(birth);
        assertThat(bound(hierarchy).apply(value)).isEqualTo(expected.isEmpty() ? null : expected);
        if (!birth.startsWith("not"))
            assertThat(bound(hierarchy).apply(birth)).isEqualTo(expected.isEmpty() ? null : expected);
    }

    @Test
    void birthdayOnTheBusinessDateCountsTheNewAge() {
        Hierarchy.AgeBand band = new Hierarchy.AgeBand(5, 85, null);
        assertThat(band.bind(LocalDate.of(2026, 4, 1), TOKYO).apply(LocalDate.of(1996, 4, 1)))
                .isEqualTo("30-34");
        assertThat(band.bind(LocalDate.of(2026, 3, 31), TOKYO).apply(LocalDate.of(1996, 4, 1)))
                .isEqualTo("25-29");
        // 29 February birthdays: the age changes on 1 March in common years
        assertThat(band.bind(LocalDate.of(2029, 2, 28), TOKYO).apply(LocalDate.of(2004, 2, 29)))
                .isEqualTo("20-24");
        assertThat(band.bind(LocalDate.of(2029, 3, 1), TOKYO).apply(LocalDate.of(2004, 2, 29)))
                .isEqualTo("25-29");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        100-0001  | 東京都
        060-0001  | 北海道
        001-0010  | 北海道
        030-0801  | 青森県
        1500002   | 東京都
        〒１５０－０００２ | 東京都
        208-0001  | 東京都
        210-0001  | 神奈川県
        530-0001  | 大阪府
        600-8001  | 京都府
        900-0001  | 沖縄県
        980-0001  | 宮城県
        990-0001  | 山形県
        960-0001  | 福島県
        000-0000  | ''
        209-0000  | ''
        150-000   | ''
        abc       | ''
        """)
    void postalCodeToPrefecture(String postal, String expected) {
        assertThat(bound("prefecture").apply(postal)).isEqualTo(expected.isEmpty() ? null : expected);
    }

    @Test
    void everyPrefectureIsInTheTable() {
        Hierarchy.PostalPrefecture table =
                (Hierarchy.PostalPrefecture) SHIPPED.get("prefecture").orElseThrow();
        assertThat(table.prefectures().stream()
                        .filter(p -> p != null)
                        .distinct()
                        .count())
                .isEqualTo(47);
    }

    @Test
    void prefecturesGeneralizeToTheirRegion() {
        Hierarchy.PostalPrefecture region =
                (Hierarchy.PostalPrefecture) SHIPPED.get("region").orElseThrow();
        assertThat(region.groups()).hasSize(47);
        assertThat(new java.util.TreeSet<>(region.groups().values())).hasSize(8);
        assertThat(SHIPPED.get("prefecture").orElseThrow().next()).isEqualTo("region");
        assertThat(bound("region").apply("150-0002")).isEqualTo("関東地方");
        assertThat(bound("region").apply("〒９００－０００１")).isEqualTo("九州地方");
        assertThat(bound("region").apply("12")).isNull();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        premium_band      | -1      | <0
        premium_band      | 0       | 0-4999
        premium_band      | 4999    | 0-4999
        premium_band      | 4999.99 | 0-4999
        premium_band      | 5000    | 5000-9999
        premium_band      | 99999   | 60000-99999
        premium_band      | 100000  | 100000+
        premium_band      | 2500000 | 100000+
        stay_days_band    | 0       | 0
        stay_days_band    | 1       | 1-3
        stay_days_band    | 31      | 31+
        claim_amount_band | 1,200   | 0-9999
        claim_amount_band | x       | ''
        """)
    void amountBands(String hierarchy, String value, String expected) {
        Object v = value.matches("-?[0-9]+") ? (Object) Integer.valueOf(value) : value;
        assertThat(bound(hierarchy).apply(v)).isEqualTo(expected.isEmpty() ? null : expected);
    }

    @Test
    void datesTruncateInTheBusinessZoneAndDigitsKeepTheirPrefix() {
        assertThat(bound("month").apply(LocalDate.of(2026, 3, 9))).isEqualTo("2026-03");
        assertThat(bound("year").apply(LocalDate.of(2026, 3, 9))).isEqualTo("2026");
        // 2026-03-31T15:30Z is already 1 April in Tokyo
        assertThat(bound("month").apply(Instant.parse("2026-03-31T15:30:00Z"))).isEqualTo("2026-04");
        assertThat(bound("month").apply("2026-03-31T15:30:00Z")).isEqualTo("2026-04");
        assertThat(bound("postal_3").apply("150-0002")).isEqualTo("150****");
        assertThat(SHIPPED.get("age_band_5").orElseThrow().next()).isEqualTo("age_band_10");
    }

    @Test
    void mistakesNameFileLineAndField(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("hierarchies"));
        Files.writeString(
                dir.resolve("hierarchies/hierarchies.yml"),
                "hierarchies:\n  a: {type: AGE_BAND, width: 5, top: 80}\n  b: {type: BANDS, edges: [10, 5]}\n");
        assertThatThrownBy(() -> Hierarchies.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hierarchies.yml:3: field 'hierarchies.b': edges must be strictly ascending");
        Files.writeString(
                dir.resolve("hierarchies/hierarchies.yml"),
                "hierarchies:\n  a: {type: AGE_BAND, width: 5, top: 80, next: c}\n");
        assertThatThrownBy(() -> Hierarchies.load(dir))
                .hasMessageContaining("hierarchies.yml:2: field 'hierarchies.a.next': unknown hierarchy 'c'");
        Files.writeString(
                dir.resolve("hierarchies/hierarchies.yml"),
                "hierarchies:\n  p: {type: POSTAL_PREFECTURE, table: t.tsv}\n");
        Files.writeString(dir.resolve("hierarchies/t.tsv"), "# c\n100\t199\t東京都\n150\t160\t神奈川県\n");
        assertThatThrownBy(() -> Hierarchies.load(dir)).hasMessageContaining("t.tsv:3: prefix 150 is already 東京都");
    }
}
