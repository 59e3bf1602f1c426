package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear error, loses nothing, and leaves the sources as they were. */
class TagBadInputIT {

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void sampleDataWithAnomaliesAndACorruptFile() throws Exception {
        data = SampleData.generate(tmp.resolve("data"), 120, "--with-anomalies");
        byte[] garbage = new byte[2048];
        new Random(3).nextBytes(garbage);
        Files.write(data.resolve("payments/part-99999.parquet"), garbage);
    }

    @Test
    void corruptFileStopsTheRunByDefaultNamingDatasetAndFile() throws Exception {
        byte[] before = Files.readAllBytes(data.resolve("payments/part-99999.parquet"));
        SuiteRun run = SuiteRun.job(
                tmp.resolve("state-fail"), tmp.resolve("out-fail"), "tag", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.err)
                .contains("dataset 'payments'")
                .contains("part-99999.parquet")
                .contains("on-bad-file");
        assertThat(Files.readAllBytes(data.resolve("payments/part-99999.parquet")))
                .isEqualTo(before);
        assertThat(tmp.resolve("out-fail/catalog/catalog.json")).doesNotExist();
    }

    @Test
    void aLedgerFileDatedInTheFutureStopsTheRun() throws Exception {
        Path own = SampleData.generate(tmp.resolve("data-future"), 40);
        Path ledgerFile;
        try (var files = Files.list(own.resolve("consent_events"))) {
            ledgerFile = files.filter(f -> f.toString().endsWith(".parquet"))
                    .findFirst()
                    .orElseThrow();
        }
        // its lines may be dated up to the file's time: a file from 2063 would let a 2062 withdrawal wait, ignored
        Files.setLastModifiedTime(
                ledgerFile, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2063-01-01T00:00:00Z")));
        SuiteRun run = SuiteRun.job(
                tmp.resolve("state-future"),
                tmp.resolve("out-future"),
                "tag",
                "data=" + own,
                "date=" + SampleData.AS_OF);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.err).contains(ledgerFile.getFileName().toString()).contains("after now");
        assertThat(tmp.resolve("out-future/catalog/catalog.json")).doesNotExist();
    }

    @Test
    void quarantineModeTagsTheOthersAndCountsEverythingSetAside() throws Exception {
        Path out = tmp.resolve("out-q");
        SuiteRun run = SuiteRun.job(
                tmp.resolve("state-q"),
                out,
                "tag",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "--governance.tag.on-bad-file=QUARANTINE_DATASET");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(4);
        assertThat(run.out).contains("QUARANTINED payments").contains("quarantined");

        Catalog catalog = Json.MAPPER.readValue(Files.readAllBytes(out.resolve("catalog/catalog.json")), Catalog.class);
        Catalog.Entry payments = catalog.datasets().stream()
                .filter(e -> e.name().equals("payments"))
                .findFirst()
                .orElseThrow();
        assertThat(payments.status()).isEqualTo("QUARANTINED");
        assertThat(payments.problem()).contains("part-99999.parquet");
        assertThat(out.resolve("governed/payments")).doesNotExist();
        assertThat(out.resolve("governed/customers")).isDirectory();

        // Invalid ledger events: quarantined with their reason, counted per reason, matching the generator's count.
        var truth = Json.MAPPER.readTree(Files.readAllBytes(data.resolve("_ground_truth.json")));
        TagReport report = Json.MAPPER.readValue(
                Files.readAllBytes(out.resolve("reports/tag-" + SampleData.AS_OF + ".json")), TagReport.class);
        assertThat(report.quarantinedEvents()).isPositive();
        assertThat(report.quarantinedByReason()).containsKeys("UNKNOWN_ACTION", "MISSING_CUSTOMER", "UNPARSABLE_TIME");
        Map<String, Long> inFile = new HashMap<>();
        long forgiven;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT reason, count(*) FROM read_parquet('"
                    + out.resolve("quarantine/consent_events") + "/**/*.parquet') GROUP BY reason")) {
                while (rs.next()) inFile.put(rs.getString(1), rs.getLong(2));
            }
            // the generator's purpose anomaly "marketing " is read as MARKETING (case and spaces forgiven, README
            // "Uncertain consent"); its other purpose anomalies stay unknown
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + data.resolve("consent_events")
                    + "/**/*.parquet') WHERE purpose = 'marketing '")) {
                rs.next();
                forgiven = rs.getLong(1);
            }
        }
        assertThat(inFile).isEqualTo(report.quarantinedByReason());
        assertThat(report.quarantinedEvents() + forgiven)
                .isEqualTo(truth.get("consent").get("anomalies").get("total").asLong());
        // every quarantined line that names a customer left that customer's consent uncertain
        assertThat(report.uncertainCustomers()).isPositive();
        assertThat(report.unmatchedLedgerCustomers()).isZero();
    }
}
