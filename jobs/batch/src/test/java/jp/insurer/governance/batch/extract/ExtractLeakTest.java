package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.tag.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leak check is the last line of defence: phone numbers hidden in the last rows of a column the
 * tag job's sample saw as not personal (policies.status) reach the extract as a KEEP column, and the
 * extract fails naming dataset, column and type — never the value — and publishes nothing.
 */
class ExtractLeakTest {

    static final String PHONE = "090-3141-5926";

    @TempDir Path tmp;

    @Test
    void personalDataInAKeptColumnFailsTheExtractWithoutPublishingOrEchoingIt() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 300);
        Path policies;
        try (Stream<Path> s = Files.walk(data.resolve("policies"))) {
            policies = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Path planted = policies.resolveSibling("planted.tmp");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT * REPLACE (CASE WHEN policy_id IN (SELECT policy_id FROM read_parquet('" + policies
                    + "') ORDER BY policy_id DESC LIMIT 3) THEN '" + PHONE + "' ELSE status END AS status) FROM read_parquet('"
                    + policies + "')) TO '" + planted + "' (FORMAT PARQUET)");
        }
        Files.move(planted, policies, StandardCopyOption.REPLACE_EXISTING);

        Path state = SampleData.writeKeys(tmp.resolve("state"));
        Path out = tmp.resolve("out");
        SuiteRun tag = SuiteRun.job(state, out, "tag", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(tag.exitCode).as(tag.toString()).isZero();
        Catalog catalog = Json.MAPPER.readValue(Files.readAllBytes(out.resolve("catalog/catalog.json")), Catalog.class);
        String role = catalog.datasets().stream().filter(d -> d.name().equals("policies")).findFirst().orElseThrow()
                .columns().stream().filter(c -> c.name().equals("status")).findFirst().orElseThrow().role();
        assertThat(role).as("the sample missed the planted rows").isEqualTo("NON_PERSONAL");

        SuiteRun extract = SuiteRun.job(state, out, "extract", "data=" + data, "date=" + SampleData.AS_OF, "profile=rnd-internal");
        assertThat(extract.exitCode).as(extract.toString()).isEqualTo(1);
        assertThat(extract.err + extract.out).contains("leak check failed", "dataset 'policies' column 'status' holds PHONE_NUMBER")
                .doesNotContain(PHONE).doesNotContain(PHONE.replace("-", ""));
        if (Files.exists(out.resolve("extracts"))) {
            try (Stream<Path> s = Files.list(out.resolve("extracts"))) {
                assertThat(s.toList()).as("no release and no staging folder").isEmpty();
            }
        }
    }
}
