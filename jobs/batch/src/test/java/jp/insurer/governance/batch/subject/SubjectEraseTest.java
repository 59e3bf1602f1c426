package jp.insurer.governance.batch.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteProcess;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Erasure through retention's commit protocol, checked with DuckDB over the zones: a dry run changes no byte;
 * enforce then tag leaves no record of the customer in raw or governed zones; a customer under legal hold is
 * reported and kept (exit 4); an erasure killed with SIGKILL converges on rerun to the uninterrupted result;
 * bad input is refused with exit 2 and never echoed.
 */
class SubjectEraseTest {

    static final String DATE = SampleData.AS_OF;

    @TempDir
    static Path shared;

    static Path original;
    static String erasable;
    static String held;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generate() throws Exception {
        SubjectRequestTest.generate(shared);
        original = SubjectRequestTest.original;
        erasable = SubjectRequestTest.erasable;
        held = SubjectRequestTest.disclosed;
        assertThat(held).isNotEqualTo(erasable);
    }

    private Path copy(String name) throws Exception {
        Path data = tmp.resolve(name);
        SubjectFixtures.copyTree(original, data);
        return data;
    }

    /** A CUSTOMER legal hold on {@code customer}, open since 2020, as one more file of the holds dataset (same columns). */
    static void hold(Path data, String customer) throws Exception {
        SubjectFixtures.count("SELECT count(*) FROM (SELECT 1)"); // driver loaded
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                var s = c.createStatement()) {
            s.execute("COPY (SELECT 'HOLD-TEST-1' AS hold_id, 'CUSTOMER' AS subject_type, '" + customer
                    + "' AS subject_id,"
                    + " 'litigation' AS reason, 'CASE-TEST' AS case_reference, DATE '2020-01-01' AS hold_from,"
                    + " CAST(NULL AS DATE) AS hold_until) TO '" + data
                    + "/legal_holds/part-test.parquet' (FORMAT parquet)");
        }
    }

    @Test
    void dryRunChangesNothingEnforceErasesEverywhereAndAHoldWins() throws Exception {
        Path data = copy("data");
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");
        SuiteRun tag = SuiteRun.job(state, out, "tag", "data=" + data, "date=" + DATE);
        assertThat(tag.exitCode).as(tag.toString()).isIn(0, 4);
        long before = SubjectFixtures.rowsOf(data, erasable);
        assertThat(before).isPositive();
        assertThat(SubjectFixtures.rowsOf(out.resolve("governed"), erasable)).isEqualTo(before);

        Map<String, String> rawBefore = SubjectFixtures.checksums(data);
        Map<String, String> governedBefore = SubjectFixtures.checksums(out.resolve("governed"));
        SuiteRun dry = SuiteRun.job(
                state, out, "subject-request", "data=" + data, "date=" + DATE, "customer=" + erasable, "action=erase");
        assertThat(dry.exitCode).as(dry.toString()).isZero();
        assertThat(SubjectFixtures.checksums(data)).isEqualTo(rawBefore);
        assertThat(SubjectFixtures.checksums(out.resolve("governed"))).isEqualTo(governedBefore);
        JsonNode dryReport = SubjectRequestTest.report(out, dry.out);
        assertThat(dryReport.path("erasure").path("erasableRows").asLong()).isEqualTo(before);
        assertThat(dryReport.path("erasure").path("erasedRows").asLong()).isZero();

        SuiteRun enforce = SuiteRun.job(
                state,
                out,
                "subject-request",
                "data=" + data,
                "date=" + DATE,
                "customer=" + erasable,
                "action=erase",
                "mode=enforce");
        assertThat(enforce.exitCode).as(enforce.toString()).isZero();
        assertThat(enforce.out + enforce.err).doesNotContain(erasable);
        assertThat(SubjectRequestTest.report(out, enforce.out)
                        .path("erasure")
                        .path("erasedRows")
                        .asLong())
                .isEqualTo(before);

        // The held customer: reported, kept, exit 4.
        hold(data, held);
        long heldRaw = SubjectFixtures.rowsOf(data, held);
        SuiteRun refused = SuiteRun.job(
                state,
                out,
                "subject-request",
                "data=" + data,
                "date=" + DATE,
                "customer=" + held,
                "action=erase",
                "mode=enforce");
        assertThat(refused.exitCode).as(refused.toString()).isEqualTo(4);
        assertThat(refused.out).contains("under legal hold");
        JsonNode heldReport = SubjectRequestTest.report(out, refused.out);
        assertThat(heldReport.path("underLegalHold").asBoolean()).isTrue();
        assertThat(heldReport.path("erasure").path("erasedRows").asLong()).isZero();
        assertThat(SubjectFixtures.rowsOf(data, held)).isEqualTo(heldRaw);

        SuiteRun retag = SuiteRun.job(state, out, "tag", "data=" + data, "date=" + DATE, "--rerun");
        assertThat(retag.exitCode).as(retag.toString()).isIn(0, 4);
        assertThat(SubjectFixtures.rowsOf(data, erasable)).isZero();
        assertThat(SubjectFixtures.rowsOf(out.resolve("governed"), erasable)).isZero();
        assertThat(SubjectFixtures.rowsOf(out.resolve("governed"), held)).isPositive();
        // Everyone else's rows are all still there.
        assertThat(SubjectFixtures.count("SELECT count(*) FROM read_parquet('" + data + "/customers/*.parquet')"))
                .isEqualTo(SubjectFixtures.count(
                                "SELECT count(*) FROM read_parquet('" + original + "/customers/*.parquet')")
                        - 1);

        SuiteRun verify = SuiteRun.job(state, out, "verify-audit", "data=" + data);
        assertThat(verify.exitCode).as(verify.toString()).isZero();
        String audit = String.join(
                "\n",
                Files.readAllLines(Files.list(out.resolve("audit"))
                        .filter(p -> p.toString().endsWith(".jsonl"))
                        .findFirst()
                        .orElseThrow()));
        assertThat(audit)
                .contains("subject-request-erase")
                .doesNotContain(erasable)
                .doesNotContain(held);
    }

    @Test
    void killedErasureConvergesOnRerun() throws Exception {
        Path refData = copy("data-ref");
        SuiteRun reference = SuiteRun.job(
                tmp.resolve("state-ref"),
                tmp.resolve("out-ref"),
                "subject-request",
                "data=" + refData,
                "date=" + DATE,
                "customer=" + erasable,
                "action=erase",
                "mode=enforce");
        assertThat(reference.exitCode).as(reference.toString()).isZero();

        Path data = copy("data");
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");
        String[] params = {
            "data=" + data, "date=" + DATE, "customer=" + erasable, "action=erase", "mode=enforce", "request=kill-1"
        };
        Path log = tmp.resolve("killed.log");
        Process process = SuiteProcess.startJob(state, out, log, "subject-request", params);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (commits(out) < 2) {
            assertThat(process.isAlive())
                    .as("ended before it could be killed:\n" + Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime()).as("timed out waiting for commits").isLessThan(deadline);
            Thread.sleep(2);
        }
        process.destroyForcibly();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(SubjectFixtures.rowsOf(data, erasable)).as("killed midway").isPositive();

        SuiteRun again = SuiteRun.job(state, out, "subject-request", params);
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains("recovered execution");
        assertThat(SubjectFixtures.rowsOf(data, erasable)).isZero();
        assertThat(SubjectFixtures.checksums(data)).isEqualTo(SubjectFixtures.checksums(refData));
        SuiteRun verify = SuiteRun.job(state, out, "verify-audit", "data=" + data);
        assertThat(verify.exitCode).as(verify.toString()).isZero();
    }

    @Test
    void badInputIsRefusedWithExit2AndNeverEchoed() throws Exception {
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");
        String data = "data=" + original;
        for (String id : new String[] {"山田 太郎", "C0001'; DROP TABLE x", "090-1234-5678"}) {
            SuiteRun run = SuiteRun.job(state, out, "subject-request", data, "customer=" + id, "action=disclose");
            assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
            assertThat(run.err).contains("not a well-formed customer id").doesNotContain(id);
        }
        SuiteRun unknown = SuiteRun.job(state, out, "subject-request", data, "customer=C9999999999", "action=disclose");
        assertThat(unknown.exitCode).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err).contains("unknown customer").doesNotContain("C9999999999");
        SuiteRun action = SuiteRun.job(state, out, "subject-request", data, "customer=" + erasable, "action=forget");
        assertThat(action.exitCode).as(action.toString()).isEqualTo(2);
        SuiteRun mode = SuiteRun.job(
                state, out, "subject-request", data, "customer=" + erasable, "action=disclose", "mode=enforce");
        assertThat(mode.exitCode).as(mode.toString()).isEqualTo(2);
        SuiteRun noKey = SuiteRun.job(
                state,
                out,
                "subject-request",
                data,
                "customer=" + erasable,
                "action=erase",
                "mode=enforce",
                "--governance.retention.audit-key-file=" + tmp.resolve("no-such-key"));
        assertThat(noKey.exitCode).as(noKey.toString()).isEqualTo(2);
        assertThat(noKey.err).contains("no audit key");
        assertThat(SubjectFixtures.checksums(original)).isNotEmpty();
    }

    private static long commits(Path out) throws Exception {
        Path audit = out.resolve("audit");
        if (!Files.isDirectory(audit)) return 0;
        long n = 0;
        try (var files = Files.list(audit)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                try {
                    n += Files.readAllLines(f).stream()
                            .filter(l -> l.contains("\"type\":\"RETENTION_COMMITTED\""))
                            .count();
                } catch (java.io.IOException | java.io.UncheckedIOException torn) {
                    // a line being written
                }
            }
        }
        return n;
    }
}
