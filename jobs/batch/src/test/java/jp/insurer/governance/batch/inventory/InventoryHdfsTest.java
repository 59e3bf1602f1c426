package jp.insurer.governance.batch.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import jp.insurer.governance.batch.SuiteRun;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same raw zone on local disk and on real HDFS gives the same inventory. */
class InventoryHdfsTest {

    @TempDir
    static Path tmp;

    static MiniDFSCluster hdfs;

    @BeforeAll
    static void startHdfs() throws Exception {
        Configuration conf = new Configuration();
        hdfs = new MiniDFSCluster.Builder(conf, tmp.resolve("hdfs").toFile())
                .numDataNodes(1)
                .build();
        hdfs.waitActive();
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) hdfs.shutdown();
    }

    @Test
    void inventoryOnHdfsEqualsInventoryOnLocalFiles() throws Exception {
        Path local = InventoryFixtures.rawZone(tmp.resolve("data"));
        InventoryFixtures.corruptFile(local.resolve("claims"));
        FileSystem fs = hdfs.getFileSystem();
        fs.copyFromLocalFile(
                false, true, new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path("/raw"));
        String hdfsRoot = fs.getUri() + "/raw";

        SuiteRun onLocal = SuiteRun.job(
                tmp.resolve("state"), tmp.resolve("out-local"), "inventory", "data=" + local, "date=2026-11-24");
        // Output on HDFS too: reports are written through the Hadoop client like the data.
        String hdfsOut = fs.getUri() + "/out";
        SuiteRun onHdfs = SuiteRun.job(
                tmp.resolve("state"),
                tmp.resolve("unused"),
                "inventory",
                "data=" + hdfsRoot,
                "out=" + hdfsOut,
                "date=2026-11-24");
        assertThat(onLocal.exitCode).as(onLocal.toString()).isEqualTo(4);
        assertThat(onHdfs.exitCode).as(onHdfs.toString()).isEqualTo(4);

        InventoryReport localReport = InventoryJobTest.read(tmp.resolve("out-local/reports/inventory-2026-11-24.json"));
        Path copied = tmp.resolve("from-hdfs.json");
        fs.copyToLocalFile(
                new org.apache.hadoop.fs.Path("/out/reports/inventory-2026-11-24.json"),
                new org.apache.hadoop.fs.Path(copied.toUri()));
        InventoryReport hdfsReport = InventoryJobTest.read(copied);

        assertThat(hdfsReport.dataRoot()).startsWith("hdfs://");
        assertThat(hdfsReport.datasets()).allSatisfy(d -> assertThat(d.uri()).startsWith("hdfs://"));
        assertThat(withoutLocations(hdfsReport)).isEqualTo(withoutLocations(localReport));
        assertThat(hdfsReport.totals().rows()).isEqualTo(1000 + 3000 + 80);
        assertThat(fs.exists(new org.apache.hadoop.fs.Path("/out/reports/inventory-2026-11-24.html")))
                .isTrue();
    }

    /** Everything but where the data lives and when the report was made. */
    private static List<Object> withoutLocations(InventoryReport r) {
        List<DatasetInventory> datasets = r.datasets().stream()
                .map(d -> new DatasetInventory(
                        d.name(),
                        "",
                        d.rows(),
                        d.bytes(),
                        d.partitionKeys(),
                        d.partitions(),
                        d.columns(),
                        d.files(),
                        d.unreadable()))
                .toList();
        return List.of(r.businessDate(), r.policyVersion(), r.totals(), datasets);
    }
}
