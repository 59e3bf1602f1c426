package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.ColumnType;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.PrivateFiles;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, finding 7: files holding names and My Numbers (governed zone, research extracts,
 * quarantined ledger lines) are written owner-only, not only their zone folders; on local disk through
 * the real jobs, and on HDFS (a MiniDFSCluster) through the same writers the jobs use.
 */
class PrivateZoneFilesTest {

    @TempDir
    Path tmp;

    @Test
    void everyFileOfTheTagAndExtractJobsInAPrivateZoneIsOwnerOnly() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 120, "--with-anomalies");
        Path state = SampleData.writeKeys(tmp.resolve("state"));
        Path out = tmp.resolve("out");
        String[] params = {"data=" + data, "date=" + SampleData.AS_OF};
        SuiteRun tag = SuiteRun.job(state, out, "tag", params);
        assertThat(tag.exitCode).as(tag.toString()).isEqualTo(4); // anomalies quarantined
        SuiteRun extract = SuiteRun.job(state, out, "extract", params);
        assertThat(extract.exitCode).as(extract.toString()).isIn(0, 4);

        for (String zone : new String[] {"governed", "extracts", "quarantine"}) {
            Map<String, String> modes = modes(out.resolve(zone));
            assertThat(modes).as(zone + " has files").isNotEmpty();
            assertThat(modes)
                    .as(zone)
                    .allSatisfy((file, mode) -> assertThat(mode).as(file).isEqualTo("rw-------"));
        }
        assertThat(modes(out.resolve("governed")))
                .anySatisfy((file, mode) -> assertThat(file).endsWith(".parquet"));
        assertThat(modes(out.resolve("quarantine")))
                .anySatisfy((file, mode) -> assertThat(file).endsWith(".parquet"));
        assertThat(modes(out.resolve("extracts")))
                .containsKey(modes(out.resolve("extracts")).keySet().stream()
                        .filter(f -> f.endsWith("manifest.json"))
                        .findFirst()
                        .orElseThrow());
    }

    @Test
    void aLooserConfiguredZonePermissionGivesTheGroupReadAccessAndNoMore() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 40);
        Path out = tmp.resolve("out");
        SuiteRun tag = SuiteRun.job(
                tmp.resolve("state"),
                out,
                "tag",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "--governance.private-zone-permission=750");
        assertThat(tag.exitCode).as(tag.toString()).isZero();
        assertThat(modes(out.resolve("governed")))
                .isNotEmpty()
                .allSatisfy((file, mode) -> assertThat(mode).as(file).isEqualTo("rw-r-----"));
    }

    @Test
    void onHdfsFilesBelowAPrivateFolderAreCreatedOwnerOnlyAndOthersKeepTheDefault() throws Exception {
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(
                        new Configuration(), tmp.resolve("hdfs").toFile())
                .numDataNodes(1)
                .build();
        try {
            hdfs.waitActive();
            FileSystem fs = hdfs.getFileSystem();
            Configuration conf = fs.getConf();
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(fs.getUri() + "/out");
            org.apache.hadoop.fs.Path governed = new org.apache.hadoop.fs.Path(root, "governed");
            fs.mkdirs(governed);
            fs.setPermission(governed, new FsPermission("700"));
            fs.mkdirs(new org.apache.hadoop.fs.Path(root, "reports"));

            org.apache.hadoop.fs.Path parquet =
                    new org.apache.hadoop.fs.Path(governed, "customers/dt=2026-11-24/part-0.parquet");
            RowSchema schema = RowSchema.of("customers", Column.of("customer_id", ColumnType.STRING));
            try (ParquetRowWriter w =
                    ParquetRowWriter.open(parquet.toString(), schema, WriterOptions.defaults(), conf)) {
                w.write(new Object[] {"C000001"});
            }
            org.apache.hadoop.fs.Path manifest = new org.apache.hadoop.fs.Path(governed, "customers/_manifest.json");
            FileSystems.writeReplacing(manifest, "{}".getBytes(StandardCharsets.UTF_8), conf);
            org.apache.hadoop.fs.Path report = new org.apache.hadoop.fs.Path(root, "reports/tag.json");
            FileSystems.writeReplacing(report, "{}".getBytes(StandardCharsets.UTF_8), conf);

            assertThat(fs.getFileStatus(parquet).getPermission()).hasToString("rw-------");
            assertThat(fs.getFileStatus(manifest).getPermission()).hasToString("rw-------");
            assertThat(fs.getFileStatus(report).getPermission())
                    .as("not below a private folder: the default")
                    .isEqualTo(FsPermission.getFileDefault().applyUMask(FsPermission.getUMask(conf)));
            assertThat(PrivateFiles.permission(fs, report.getParent())).isNull();
        } finally {
            hdfs.shutdown();
        }
    }

    /** Mode of every regular file below a folder, by relative path. */
    private static Map<String, String> modes(Path root) throws Exception {
        Map<String, String> modes = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                modes.put(
                        root.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        return modes;
    }
}
