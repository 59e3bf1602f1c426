package jp.insurer.governance.policy.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.detect.TestScanners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code schedule:} of an extract profile: which nights (business dates) make the extract. */
class ExtractScheduleTest {

    @TempDir
    Path dir;

    @Test
    void shippedProfilesAreMadeEveryNight() {
        ExtractProfiles profiles = ExtractProfiles.load(TestScanners.configDir(), Catalogs.POLICY);
        assertThat(profiles.schedules()).containsOnlyKeys(profiles.profiles().keySet());
        assertThat(profiles.schedules().values()).allMatch(s -> s instanceof ExtractSchedule.Daily);
    }

    @Test
    void withoutAScheduleAProfileIsOnDemandOnly() throws IOException {
        write("");
        ExtractProfiles profiles = ExtractProfiles.load(dir, Catalogs.POLICY);
        assertThat(profiles.profiles()).containsOnlyKeys("p1");
        assertThat(profiles.schedules()).isEmpty();
    }

    /** Every business date from FROM to TO (inclusive) on which the schedule is due, exactly. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        daily               | daily                       | 2026-11-28 | 2026-12-02 | 2026-11-28,2026-11-29,2026-11-30,2026-12-01,2026-12-02
        weekly on Monday    | '{weekly: MON}'             | 2026-11-01 | 2026-11-30 | 2026-11-02,2026-11-09,2026-11-16,2026-11-23,2026-11-30
        weekly, two days    | '{weekly: [mon, THURSDAY]}' | 2026-11-01 | 2026-11-15 | 2026-11-02,2026-11-05,2026-11-09,2026-11-12
        monthly on the 1st  | '{monthly: 1}'              | 2026-11-01 | 2027-03-01 | 2026-11-01,2026-12-01,2027-01-01,2027-02-01,2027-03-01
        monthly on the 28th | '{monthly: 28}'             | 2027-01-01 | 2027-03-31 | 2027-01-28,2027-02-28,2027-03-28
        monthly, last day   | '{monthly: last}'           | 2026-11-01 | 2027-03-01 | 2026-11-30,2026-12-31,2027-01-31,2027-02-28
        monthly, leap year  | '{monthly: last}'           | 2028-02-01 | 2028-03-01 | 2028-02-29
        """)
    void dueOnExactlyTheBusinessDatesItNames(String name, String schedule, String from, String to, String due)
            throws IOException {
        write("    schedule: " + schedule + "\n");
        ExtractSchedule parsed =
                ExtractProfiles.load(dir, Catalogs.POLICY).schedules().get("p1");
        java.util.List<LocalDate> actual = new java.util.ArrayList<>();
        for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1)) {
            if (parsed.isDue(d)) actual.add(d);
        }
        assertThat(actual)
                .as(name)
                .containsExactlyElementsOf(
                        Stream.of(due.split(",")).map(LocalDate::parse).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown word        | hourly                  | extracts.yml:10: field 'profiles[0].schedule': expected daily, {weekly: MON} or {monthly: 1}
        unknown day         | '{weekly: MONDAYS}'     | extracts.yml:10: field 'profiles[0].schedule.weekly': unknown day 'MONDAYS'
        unknown day in list | '{weekly: [MON, FUN]}'  | extracts.yml:10: field 'profiles[0].schedule.weekly[1]': unknown day 'FUN'
        a day 31            | '{monthly: 31}'         | extracts.yml:10: field 'profiles[0].schedule.monthly': a day of the month is 1 to 28 (every month has it) or last, got 31
        not a day           | '{monthly: first}'      | extracts.yml:10: field 'profiles[0].schedule.monthly': expected a whole number, got 'first'
        two kinds           | '{weekly: MON, monthly: 1}' | extracts.yml:10: field 'profiles[0].schedule': name one of weekly or monthly
        a typo              | '{weekley: MON}'        | extracts.yml:10: field 'profiles[0].schedule.weekley': unknown field
        """)
    void mistakesNameFileLineAndField(String name, String schedule, String expected) throws IOException {
        write("    schedule: " + schedule + "\n");
        assertThatThrownBy(() -> ExtractProfiles.load(dir, Catalogs.POLICY))
                .as(name)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    private void write(String scheduleLine) throws IOException {
        Files.createDirectories(dir.resolve("hierarchies"));
        Files.writeString(
                dir.resolve("hierarchies/hierarchies.yml"),
                "hierarchies:\n  age_band_5: {type: AGE_BAND, width: 5, top: 85}\n");
        Files.writeString(
                dir.resolve("extracts.yml"),
                ExtractProfilesTest.BASE.replace("    k: 2\n", "    k: 2\n" + scheduleLine));
    }
}
