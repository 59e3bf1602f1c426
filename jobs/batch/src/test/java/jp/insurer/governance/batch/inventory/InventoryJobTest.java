package jp.insurer.governance.batch.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import jp.insurer.governance.batch.DuckDb;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryJobTest {

    @TempDir
    Path tmp;

    @Test
    void describesEveryDatasetFromFootersWithCountsAnIndependentReaderAgreesWith() throws Exception {
        Path data = InventoryFixtures.rawZone(tmp.resolve("data"));
        SuiteRun run =
                SuiteRun.job(tmp.resolve("state"), tmp.resolve("out"), "inventory", "data=" + data, "date=2026-11-24");
        assertThat(run.exitCode).as(run.toString()).isZero();

        InventoryReport report = read(tmp.resolve("out/reports/inventory-2026-11-24.json"));
        Map<String, DatasetInventory> byName =
                report.datasets().stream().collect(Collectors.toMap(DatasetInventory::name, d -> d));
        assertThat(byName).containsOnlyKeys("customers", "web_events", "claims", "empty_dataset");

        try (DuckDb db = new DuckDb()) {
            for (String name : new String[] {"customers", "web_events", "claims"}) {
                long expected = db.scalarLong("SELECT count(*) FROM read_parquet('" + data.resolve(name)
                        + "/**/*.parquet', union_by_name=true)");
                assertThat(byName.get(name).rows()).as(name).isEqualTo(expected);
            }
        }
        DatasetInventory customers = byName.get("customers");
        assertThat(customers.files()).hasSize(2);
        assertThat(customers.columns())
                .extracting(DatasetInventory.Column::name)
                .containsExactly("customer_id", "name", "birth_date");
        assertThat(customers.columns().get(2).types()).containsExactly("INT32/DATE");
        assertThat(customers.hasSchemaDrift()).isFalse();

        DatasetInventory events = byName.get("web_events");
        assertThat(events.partitionKeys()).containsExactly("dt");
        assertThat(events.partitions())
                .extracting(DatasetInventory.Partition::path)
                .containsExactly("dt=2026-11-20", "dt=2026-11-21", "dt=2026-11-22");
        assertThat(events.partitions()).allSatisfy(p -> assertThat(p.rows()).isEqualTo(1000));

        DatasetInventory claims = byName.get("claims");
        assertThat(claims.hasSchemaDrift()).isTrue();
        assertThat(claims.columns())
                .filteredOn(c -> c.name().equals("amount"))
                .singleElement()
                .satisfies(c -> assertThat(c.types()).containsExactly("INT64/INTEGER(64,true)", "BINARY/STRING"));
        assertThat(report.totals().datasetsWithSchemaDrift()).containsExactly("claims");

        assertThat(run.out).contains("customers").contains("1,000").contains("schema differs between files");
        assertThat(tmp.resolve("out/reports/inventory-2026-11-24.html")).isRegularFile();
        assertThat(tmp.resolve("out/reports/.staging")).isEmptyDirectory();
        try (var files = Files.walk(tmp.resolve("out"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".crc"))).isEmpty();
        }
    }

    @Test
    void corruptFileIsNamedCountedAndLeftUntouchedWithExitFour() throws Exception {
        Path data = InventoryFixtures.rawZone(tmp.resolve("data"));
        InventoryFixtures.corruptFile(data.resolve("customers"));
        byte[] before = Files.readAllBytes(data.resolve("customers/part-00099.parquet"));

        SuiteRun run =
                SuiteRun.job(tmp.resolve("state"), tmp.resolve("out"), "inventory", "data=" + data, "date=2026-11-24");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(4);
        assertThat(run.out).contains("1 unreadable files");
        InventoryReport report = read(tmp.resolve("out/reports/inventory-2026-11-24.json"));
        DatasetInventory customers = report.datasets().stream()
                .filter(d -> d.name().equals("customers"))
                .findFirst()
                .orElseThrow();
        assertThat(customers.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.path()).isEqualTo("part-00099.parquet");
            assertThat(u.reason()).isNotBlank();
        });
        assertThat(customers.rows()).isEqualTo(1000);
        assertThat(Files.readAllBytes(data.resolve("customers/part-00099.parquet")))
                .isEqualTo(before);
    }

    static InventoryReport read(Path json) throws Exception {
        return Json.MAPPER.readValue(Files.readAllBytes(json), InventoryReport.class);
    }
}
