package jp.insurer.governance.batch.night;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The night follows the schedules of {@code extracts.yml}: a profile not due on the business date is skipped
 * (NOOP), one without a schedule is not made; a refused step refuses the night (exit 2) after the steps before
 * it, and the same command resumes from that step once the cause is fixed. A broken schedule refuses the
 * night before it starts, naming file, line and field, and leaves the other jobs alone.
 */
class NightlyScheduleTest {

    @TempDir
    Path tmp;

    @Test
    void onlyDueProfilesAreMadeAndARefusedStepResumesWhereItStopped() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 200);
        Path config = copyConfig(tmp.resolve("config"));
        Path yml = config.resolve("extracts.yml");
        String extracts = Files.readString(yml);
        // SampleData.AS_OF (2026-11-24) is a Tuesday
        extracts = replaceOnce(
                extracts,
                "    key_id: EXTRACT_KEY_RND_INTERNAL\n    schedule: daily\n",
                "    key_id: EXTRACT_KEY_RND_INTERNAL\n    schedule: {weekly: MON}\n");
        extracts = replaceOnce(
                extracts,
                "    key_id: EXTRACT_KEY_OVERSEAS_MARKETING\n    schedule: daily\n",
                "    key_id: EXTRACT_KEY_OVERSEAS_MARKETING\n");
        Files.writeString(yml, extracts);
        Path state = tmp.resolve("state"); // no recipient keys yet
        Path out = tmp.resolve("out");
        String[] params = {"data=" + data, "date=" + SampleData.AS_OF, "--governance.config=" + config};

        SuiteRun refused = SuiteRun.job(state, out, "nightly", params);
        assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err).contains("nightly refused", "extract", "EXTRACT_KEY_GROUP_LIFE");
        assertThat(refused.out)
                .contains(
                        "== inventory: COMPLETED",
                        "== tag: COMPLETED",
                        "== retention: COMPLETED",
                        "== extract-rnd-internal: COMPLETED (NOOP) - extract-rnd-internal is not scheduled for 2026-11-24 (weekly MON)",
                        "== extract-group-insurer-product-rnd: FAILED")
                .doesNotContain("overseas");
        assertThat(out.resolve("reports/tag-" + SampleData.AS_OF + ".json")).exists();
        assertThat(out.resolve("extracts/rnd-internal-" + SampleData.AS_OF)).doesNotExist();
        long tagged =
                Files.getLastModifiedTime(out.resolve("catalog/catalog.json")).toMillis();

        Nights.stateWithKeys(state);
        SuiteRun resumed = SuiteRun.job(state, out, "nightly", params);
        assertThat(resumed.exitCode).as(resumed.toString()).isIn(0, 4);
        assertThat(resumed.out)
                .contains(
                        "resuming failed execution",
                        "== tag: COMPLETED",
                        "(an earlier attempt of this night)",
                        "== extract-group-insurer-product-rnd: COMPLETED");
        assertThat(Files.getLastModifiedTime(out.resolve("catalog/catalog.json"))
                        .toMillis())
                .as("tag is not redone")
                .isEqualTo(tagged);
        try (Stream<Path> s = Files.list(out.resolve("extracts"))) {
            assertThat(s.map(p -> p.getFileName().toString())
                            .filter(n -> !n.startsWith("."))
                            .toList())
                    .containsExactly("group-insurer-product-rnd-" + SampleData.AS_OF);
        }
    }

    @Test
    void aBrokenScheduleRefusesTheNightNamingFileLineAndFieldAndLeavesOtherJobsAlone() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 20);
        Path config = copyConfig(tmp.resolve("config"));
        Path yml = config.resolve("extracts.yml");
        Files.writeString(yml, replaceOnce(Files.readString(yml), "    schedule: daily\n", "    schedule: hourly\n"));
        String[] params = {"data=" + data, "date=" + SampleData.AS_OF, "--governance.config=" + config};

        SuiteRun night = SuiteRun.job(tmp.resolve("state"), tmp.resolve("out"), "nightly", params);
        assertThat(night.exitCode).as(night.toString()).isEqualTo(2);
        assertThat(night.err)
                .containsPattern("extracts\\.yml:\\d+: field 'profiles\\[0\\]\\.schedule': expected daily");
        assertThat(tmp.resolve("out/reports")).doesNotExist();

        SuiteRun inventory = SuiteRun.job(tmp.resolve("state"), tmp.resolve("out"), "inventory", params);
        assertThat(inventory.exitCode).as(inventory.toString()).isIn(0, 4);
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text).contains(from);
        return text.replace(from, to);
    }

    private static Path copyConfig(Path to) throws Exception {
        Path from = SuiteRun.projectRoot().resolve("config");
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return to;
    }
}
