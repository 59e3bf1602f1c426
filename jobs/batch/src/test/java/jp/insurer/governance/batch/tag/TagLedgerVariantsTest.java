package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import jp.insurer.governance.batch.DuckDb;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ledger exports differ between systems: other column names, typed timestamps, shuffled order. */
class TagLedgerVariantsTest {

    @TempDir
    Path tmp;

    @Test
    void renamedColumnsTypedTimestampsAndShuffledRowsGiveTheSameConsent() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 80);
        SuiteRun plain = SuiteRun.job(
                tmp.resolve("state-a"), tmp.resolve("out-a"), "tag", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(plain.exitCode).as(plain.toString()).isZero();

        Path ledger = data.resolve("consent_events");
        Path original = tmp.resolve("ledger-original.parquet");
        Files.move(ledger.resolve("part-00000.parquet"), original);
        try (DuckDb db = new DuckDb()) {
            db.execute(
                    "COPY (SELECT customer_id AS kokyaku_id, purpose, action, CAST(event_ts AS TIMESTAMPTZ) AS occurred_at,"
                            + " channel, document_version FROM read_parquet('" + original
                            + "') ORDER BY hash(event_id))"
                            + " TO '" + ledger.resolve("export.parquet") + "' (FORMAT parquet)");
        }
        // Configuration only: the ledger's field names, and the dataset's customer key for classification.
        Path config = copyConfig(tmp.resolve("config"));
        Path rules = config.resolve("classification.yml");
        Files.writeString(
                rules,
                Files.readString(rules)
                        .replace(
                                "{dataset: consent_events,     categories: [DIRECT],                  customer_key: customer_id}",
                                "{dataset: consent_events, categories: [DIRECT], customer_key: kokyaku_id}"));
        SuiteRun renamed = SuiteRun.job(
                tmp.resolve("state-b"),
                tmp.resolve("out-b"),
                "tag",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "--governance.config=" + config,
                "--governance.tag.ledger-columns.customer_id=kokyaku_id",
                "--governance.tag.ledger-columns.event_ts=occurred_at");
        assertThat(renamed.exitCode).as(renamed.toString()).isZero();

        assertThat(customers(tmp.resolve("out-b")).rowsByConsent())
                .isEqualTo(customers(tmp.resolve("out-a")).rowsByConsent());

        SuiteRun unmapped = SuiteRun.job(
                tmp.resolve("state-c"), tmp.resolve("out-c"), "tag", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(unmapped.exitCode).isEqualTo(1);
        assertThat(unmapped.err).contains("consent_events").contains("customer_id");
    }

    private static Path copyConfig(Path target) throws Exception {
        Path source = SuiteRun.projectRoot().resolve("config");
        try (var files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        return target;
    }

    private static Catalog.Entry customers(Path out) throws Exception {
        Catalog catalog = Json.MAPPER.readValue(Files.readAllBytes(out.resolve("catalog/catalog.json")), Catalog.class);
        return catalog.datasets().stream()
                .filter(e -> e.name().equals("customers"))
                .findFirst()
                .orElseThrow();
    }
}
