package jp.insurer.governance.batch.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The subject-request job on the sample insurer, read back with DuckDB: a disclosure holds the customer's
 * records and no one else's; a stop request reaches the governed zone through tag; an erasure leaves no
 * record of the customer in raw or governed zones, keeps a held customer, and a dry run changes nothing.
 */
class SubjectRequestTest {

    static final String DATE = SampleData.AS_OF;

    @TempDir
    static Path shared;

    static Path original;
    /** Every policy ended more than 7 years ago, no open claim, no hold: nothing keeps their records. */
    static String erasable;
    /** A customer with records in several datasets, for the disclosure. */
    static String disclosed;

    static List<String> allCustomers;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generate() throws Exception {
        generate(shared);
    }

    /** The sample (300 customers) and the customers the tests ask about, chosen by DuckDB. */
    static void generate(Path dir) throws Exception {
        original = SampleData.generate(dir.resolve("original"), 300);
        String o = original.toString();
        allCustomers = SubjectFixtures.strings(
                "SELECT customer_id FROM read_parquet('" + o + "/customers/*.parquet') ORDER BY 1");
        erasable = SubjectFixtures.strings("""
                SELECT c.customer_id FROM read_parquet('%1$s/customers/*.parquet') c
                JOIN (SELECT customer_id, max(coalesce(lapse_date, end_date)) AS last_end,
                        bool_or(status <> 'CANCELLED' AND start_date <= DATE '%2$s'
                                AND (coalesce(lapse_date, end_date) IS NULL OR coalesce(lapse_date, end_date) >= DATE '%2$s')) AS active
                      FROM read_parquet('%1$s/policies/*.parquet') GROUP BY 1) p USING (customer_id)
                WHERE NOT p.active AND p.last_end + INTERVAL 7 YEAR < DATE '%2$s'
                  AND c.customer_id NOT IN (SELECT customer_id FROM read_parquet('%1$s/claims/*.parquet')
                                            WHERE claim_status = 'PENDING' AND customer_id IS NOT NULL)
                  AND c.customer_id NOT IN (SELECT subject_id FROM read_parquet('%1$s/legal_holds/*.parquet'))
                  AND c.customer_id NOT IN (SELECT q.customer_id FROM read_parquet('%1$s/policies/*.parquet') q
                                            JOIN read_parquet('%1$s/legal_holds/*.parquet') h ON h.subject_id = q.policy_id)
                  AND c.customer_id IN (SELECT customer_id FROM read_parquet('%1$s/web_events/**/*.parquet', hive_partitioning = true))
                ORDER BY 1 LIMIT 1""".formatted(o, DATE)).get(0);
        disclosed = SubjectFixtures.strings("""
                SELECT customer_id FROM read_parquet('%1$s/claims/*.parquet') WHERE customer_id IN
                  (SELECT customer_id FROM read_parquet('%1$s/contact_notes/*.parquet'))
                  AND customer_id IN (SELECT customer_id FROM read_parquet('%1$s/consent_events/*.parquet'))
                ORDER BY 1 LIMIT 1""".formatted(o)).get(0);
    }

    private Path copy(String name) throws Exception {
        Path data = tmp.resolve(name);
        SubjectFixtures.copyTree(original, data);
        return data;
    }

    static JsonNode report(Path out, String stdout) throws Exception {
        String request = stdout.lines()
                .filter(l -> l.startsWith("request "))
                .findFirst()
                .orElseThrow()
                .split(" ")[1];
        return Json.MAPPER.readTree(Files.readString(out.resolve("subject-requests/" + request + "/request.json")));
    }

    static String request(String stdout) {
        return stdout.lines()
                .filter(l -> l.startsWith("request "))
                .findFirst()
                .orElseThrow()
                .split(" ")[1];
    }

    @Test
    void disclosureHoldsTheCustomersRecordsAndNoOneElses() throws Exception {
        Path data = copy("data");
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");
        SuiteRun tag = SuiteRun.job(state, out, "tag", "data=" + data, "date=" + DATE);
        assertThat(tag.exitCode).as(tag.toString()).isIn(0, 4);

        SuiteRun run = SuiteRun.job(
                state,
                out,
                "subject-request",
                "data=" + data,
                "date=" + DATE,
                "customer=" + disclosed,
                "action=disclose");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out + run.err).doesNotContain(disclosed);
        String request = request(run.out);
        Path folder = out.resolve("subject-requests/" + request);
        JsonNode report = Json.MAPPER.readTree(Files.readString(folder.resolve("request.json")));
        String o = original.toString();
        for (JsonNode d : report.path("datasets")) {
            String dataset = d.path("dataset").asString();
            long expected = SubjectFixtures.count("SELECT count(*) FROM read_parquet('" + o + "/" + dataset
                    + "/**/*.parquet', hive_partitioning = true) WHERE customer_id = '" + disclosed + "'");
            assertThat(d.path("rawRows").asLong())
                    .as(dataset)
                    .isEqualTo(expected)
                    .isPositive();
            long governed = SubjectFixtures.count("SELECT count(*) FROM read_parquet('" + out + "/governed/" + dataset
                    + "/**/*.parquet', hive_partitioning = true) WHERE customer_id = '" + disclosed + "'");
            assertThat(d.path("governedRows").asLong()).as(dataset).isEqualTo(governed);
            assertThat(d.path("columnsHeld").size()).as(dataset).isPositive();
            assertThat(d.path("categories").size()).as(dataset).isPositive();
        }
        List<String> datasets = report.path("datasets")
                .valueStream()
                .map(d -> d.path("dataset").asString())
                .toList();
        assertThat(datasets).contains("customers", "claims", "contact_notes", "consent_events", "policies");
        long events = SubjectFixtures.count("SELECT count(*) FROM read_parquet('" + o
                + "/consent_events/*.parquet') WHERE customer_id = '" + disclosed + "'");
        assertThat(report.path("consent").path("events").size()).isEqualTo(events);
        assertThat(report.path("consent").path("decisionByPurpose").size()).isEqualTo(5);
        JsonNode customersRetention = report.path("datasets")
                .valueStream()
                .filter(d -> d.path("dataset").asString().equals("customers"))
                .findFirst()
                .orElseThrow()
                .path("retention");
        assertThat(customersRetention.valueStream().map(r -> r.path("rule").asString()))
                .contains("lapsed-contract-customers-7y");

        // No other customer's id anywhere in what the officer receives.
        String json = Files.readString(folder.resolve("request.json"));
        String html = Files.readString(folder.resolve("request.html"));
        assertThat(json).contains(disclosed);
        // The page comes from the subject template: its tables are there, and it names the customer it is about.
        assertThat(html)
                .contains("<table id=\"datasets\">", "<table id=\"retention-table\">", disclosed)
                .doesNotContain("holds no personal data");
        for (String other : allCustomers) {
            if (other.equals(disclosed)) continue;
            assertThat(json).doesNotContain(other);
            assertThat(html).doesNotContain(other);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("subject-requests"))))
                .isEqualTo("rwx------");

        // A second disclosure the same day is a new request, not "already completed".
        SuiteRun again = SuiteRun.job(
                state,
                out,
                "subject-request",
                "data=" + data,
                "date=" + DATE,
                "customer=" + disclosed,
                "action=disclose");
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(request(again.out)).isNotEqualTo(request);
        // The same request id again is the same request: already answered, its report still there.
        SuiteRun same = SuiteRun.job(
                state,
                out,
                "subject-request",
                "data=" + data,
                "date=" + DATE,
                "customer=" + disclosed,
                "action=disclose",
                "request=" + request);
        assertThat(same.exitCode).as(same.toString()).isZero();
        assertThat(same.out).contains("already completed");
    }

    @Test
    void stopUseIsAWithdrawalInTheLedgerThatTagHonours() throws Exception {
        Path data = copy("data");
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");
        SuiteRun stop = SuiteRun.job(
                state,
                out,
                "subject-request",
                "data=" + data,
                "date=" + DATE,
                "customer=" + disclosed,
                "action=stop-use");
        assertThat(stop.exitCode).as(stop.toString()).isZero();
        JsonNode report = report(out, stop.out);
        assertThat(report.path("withdrawals").size()).isEqualTo(5);

        String ledger = data + "/consent_events/*.parquet";
        // The request's event ids are its own: unique, and none the ledger already had (its exports repeat some lines).
        assertThat(SubjectFixtures.count(
                        "SELECT count(*) FROM read_parquet('" + ledger + "') WHERE channel = 'subject-request'"
                                + " AND event_id IN (SELECT event_id FROM read_parquet('" + original
                                + "/consent_events/*.parquet'))"))
                .isZero();
        assertThat(SubjectFixtures.count("SELECT count(DISTINCT event_id) FROM read_parquet('" + ledger
                        + "') WHERE channel = 'subject-request'"))
                .isEqualTo(5);
        assertThat(SubjectFixtures.count(
                        "SELECT count(*) FROM read_parquet('" + ledger + "') WHERE channel = 'subject-request'"
                                + " AND action = 'WITHDRAWN' AND customer_id = '" + disclosed + "'"))
                .isEqualTo(5);

        SuiteRun provision = SuiteRun.job(
                state,
                out,
                "subject-request",
                "data=" + data,
                "date=" + DATE,
                "customer=" + allCustomers.get(3),
                "action=stop-provision");
        assertThat(provision.exitCode).as(provision.toString()).isZero();
        assertThat(report(out, provision.out)
                        .path("withdrawals")
                        .valueStream()
                        .map(w -> w.path("purpose").asString()))
                .containsExactlyInAnyOrder("INSURANCE_GROUP_SHARING", "GROUP_SHARING", "SENSITIVE_RND");

        // Tag on the day of the request: every record of the customer is withdrawn for every purpose.
        String today = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();
        SuiteRun tag = SuiteRun.job(state, out, "tag", "data=" + data, "date=" + today);
        assertThat(tag.exitCode).as(tag.toString()).isIn(0, 4);
        for (String dataset : List.of("customers", "policies", "claims", "contact_notes")) {
            String governed = out + "/governed/" + dataset + "/**/*.parquet";
            long rows = SubjectFixtures.count(
                    "SELECT count(*) FROM read_parquet('" + governed + "') WHERE customer_id = '" + disclosed + "'");
            assertThat(rows).as(dataset).isPositive();
            for (String purpose :
                    List.of("insurance_group_sharing", "group_sharing", "sensitive_rnd", "marketing", "newsletter")) {
                assertThat(SubjectFixtures.count(
                                "SELECT count(*) FROM read_parquet('" + governed + "') WHERE customer_id = '"
                                        + disclosed + "' AND _consent_" + purpose + " = 'WITHDRAWN'"))
                        .as(dataset + " " + purpose)
                        .isEqualTo(rows);
            }
        }
        // Other customers' consent is untouched by the request: some still have GROUP_SHARING given.
        assertThat(SubjectFixtures.count("SELECT count(*) FROM read_parquet('" + out + "/governed/customers/*.parquet')"
                        + " WHERE _consent_group_sharing = 'GRANTED'"))
                .isPositive();
    }
}
