package jp.insurer.governance.batch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards against mass deletion (issue 12, finding 3): a business date after today is refused; enforce
 * without the operator's audit key is refused; an enforce that would delete more than the safety valve
 * allows stops before any change, says what it would have done, and goes ahead only with
 * {@code --allow-mass-delete}. Every refusal is exit 2 and leaves the raw zone byte for byte as it was.
 */
class RetentionGuardTest {

    @TempDir
    static Path shared;

    static Path original;
    static Path config;
    static Map<String, String> before;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generate() throws Exception {
        original = SampleData.generate(shared.resolve("original"), 300);
        config = RetentionFixtures.config(shared.resolve("config"), RetentionEnforceTest.RULES);
        before = RetentionFixtures.checksums(original);
    }

    @Test
    void aFutureDateIsRefusedAndTheValveStillStopsItWhenAllowed() throws Exception {
        Path data = copy();
        String future = LocalDate.now(ZoneId.of("Asia/Tokyo")).plusYears(5).toString();
        String[] params = {"data=" + data, "date=" + future, "mode=enforce", "--governance.config=" + config};
        SuiteRun refused = SuiteRun.job(tmp.resolve("state"), tmp.resolve("out"), "retention", params);
        assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err)
                .contains("business date " + future + " is after today")
                .contains("--allow-future-date");
        assertThat(RetentionFixtures.checksums(data)).isEqualTo(before);

        // Allowed on purpose, five years ahead everything has expired: the valve refuses before any change.
        SuiteRun allowed = SuiteRun.job(
                tmp.resolve("state"), tmp.resolve("out"), "retention", append(params, "--allow-future-date"));
        assertThat(allowed.exitCode).as(allowed.toString()).isEqualTo(2);
        assertThat(allowed.err)
                .contains("nothing was changed")
                .contains("web_events")
                .contains("--allow-mass-delete");
        assertThat(RetentionFixtures.checksums(data)).isEqualTo(before);
    }

    @Test
    void enforceWithoutTheAuditKeyIsRefusedAndNoKeyIsMade() throws Exception {
        Path data = copy();
        Path key = tmp.resolve("keys/audit.key");
        SuiteRun run = SuiteRun.job(
                tmp.resolve("state"),
                tmp.resolve("out"),
                "retention",
                "data=" + data,
                "date=" + RetentionEnforceTest.DATE,
                "mode=enforce",
                "--governance.config=" + config,
                "--governance.retention.audit-key-file=" + key);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err)
                .contains("no audit key")
                .contains("GOVERNANCE_AUDIT_KEY")
                .contains(key.toString());
        assertThat(key).doesNotExist();
        assertThat(RetentionFixtures.checksums(data)).isEqualTo(before);

        SuiteRun dryRun = SuiteRun.job(
                tmp.resolve("state"),
                tmp.resolve("out"),
                "retention",
                "data=" + data,
                "date=" + RetentionEnforceTest.DATE,
                "--governance.config=" + config,
                "--governance.retention.audit-key-file=" + key);
        assertThat(dryRun.exitCode).as("a dry run needs no key\n" + dryRun).isZero();
    }

    @Test
    void theValveStopsAnEnforceThatWouldDeleteTooMuchUntilOverriddenForThatRun() throws Exception {
        Path data = copy();
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");
        String[] params = {
            "data=" + data,
            "date=" + RetentionEnforceTest.DATE,
            "mode=enforce",
            "--governance.config=" + config,
            "--governance.retention.max-delete-fraction=0.2"
        };
        SuiteRun refused = SuiteRun.job(state, out, "retention", params);
        assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err)
                .containsPattern("would delete \\d+ row\\(s\\): .*web_events \\d+ of \\d+ rows \\(\\d+\\.\\d %\\)")
                .contains("more than 20 % of a dataset")
                .contains("--allow-mass-delete");
        assertThat(RetentionFixtures.checksums(data)).as("nothing changed").isEqualTo(before);
        assertThat(RetentionFixtures.auditRecords(out, "RETENTION_DECISION")).isZero();

        // A per-run row limit refuses too.
        SuiteRun rows = SuiteRun.job(
                tmp.resolve("state2"),
                tmp.resolve("out2"),
                "retention",
                "data=" + data,
                "date=" + RetentionEnforceTest.DATE,
                "mode=enforce",
                "--governance.config=" + config,
                "--governance.retention.max-delete-rows=10");
        assertThat(rows.exitCode).as(rows.toString()).isEqualTo(2);
        assertThat(rows.err).contains("over governance.retention.max-delete-rows=10");
        assertThat(RetentionFixtures.checksums(data)).isEqualTo(before);

        SuiteRun overridden =
                SuiteRun.job(state, out, "retention", append(append(params, "--restart"), "--allow-mass-delete"));
        assertThat(overridden.exitCode).as(overridden.toString()).isZero();
        RetentionEnforceTest.assertConverged(original, data, out);
    }

    private Path copy() throws Exception {
        Path data = tmp.resolve("data");
        RetentionFixtures.copyTree(original, data);
        return data;
    }

    private static String[] append(String[] a, String b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = b;
        return r;
    }
}
