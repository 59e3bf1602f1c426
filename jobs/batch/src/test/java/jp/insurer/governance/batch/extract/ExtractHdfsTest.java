package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.insurer.governance.batch.DuckDb;
import jp.insurer.governance.batch.HdfsFiles;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The extract job with its input and output on real HDFS (a MiniDFSCluster) releases exactly the
 * bytes of the same run on local disk: same sample, keys, date and profiles. The release folders
 * are published by rename on HDFS too (no staging or previous folder left behind), and a rerun over
 * an existing HDFS release replaces it with the same bytes.
 */
class ExtractHdfsTest {

    @TempDir
    static Path tmp;

    static MiniDFSCluster hdfs;

    @BeforeAll
    static void startHdfs() throws Exception {
        hdfs = new MiniDFSCluster.Builder(
                        new Configuration(), tmp.resolve("hdfs").toFile())
                .numDataNodes(1)
                .build();
        hdfs.waitActive();
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) hdfs.shutdown();
    }

    @Test
    void extractOnHdfsReleasesTheBytesOfTheLocalRunAndARerunReplacesThemIdentically() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 1000);
        keepLastDays(data.resolve("web_events"), 7);
        String date = "date=" + SampleData.AS_OF;

        // Local disk.
        Path localState = SampleData.writeKeys(tmp.resolve("state-local"));
        Path localOut = tmp.resolve("out-local");
        SuiteRun localTag = SuiteRun.job(localState, localOut, "tag", "data=" + data, date);
        assertThat(localTag.exitCode).as(localTag.toString()).isZero();
        SuiteRun localExtract = SuiteRun.job(localState, localOut, "extract", "data=" + data, date);
        assertThat(localExtract.exitCode).as(localExtract.toString()).isZero();
        Map<String, byte[]> local = ExtractJobTest.files(localOut.resolve("extracts"));
        assertThat(local.keySet()).hasSize(3 * 2 + 7).noneMatch(name -> name.startsWith("."));

        // HDFS: the same sample, keys, date and profiles; data and out on HDFS (the state folder,
        // i.e. the job repository, locks and keys, stays local by design).
        FileSystem fs = hdfs.getFileSystem();
        fs.copyFromLocalFile(
                false, true, new org.apache.hadoop.fs.Path(data.toUri()), new org.apache.hadoop.fs.Path("/raw"));
        String hdfsData = fs.getUri() + "/raw";
        String hdfsOut = fs.getUri() + "/out";
        Path hdfsState = SampleData.writeKeys(tmp.resolve("state-hdfs"));
        Path unused = tmp.resolve("unused");
        SuiteRun hdfsTag = SuiteRun.job(hdfsState, unused, "tag", "data=" + hdfsData, "out=" + hdfsOut, date);
        assertThat(hdfsTag.exitCode).as(hdfsTag.toString()).isZero();
        SuiteRun hdfsExtract = SuiteRun.job(hdfsState, unused, "extract", "data=" + hdfsData, "out=" + hdfsOut, date);
        assertThat(hdfsExtract.exitCode).as(hdfsExtract.toString()).isZero();
        assertThat(unused).doesNotExist();
        assertThat(fs.exists(new org.apache.hadoop.fs.Path("/out/reports/extract-" + SampleData.AS_OF + ".json")))
                .isTrue();

        org.apache.hadoop.fs.Path extracts = new org.apache.hadoop.fs.Path("/out/extracts");
        assertThat(names(fs.listStatus(extracts)))
                .containsExactlyElementsOf(ExtractJobTest.PROFILES.stream()
                        .map(p -> p + "-" + SampleData.AS_OF)
                        .sorted()
                        .toList());
        assertNothingHiddenLeft(fs);

        // Byte for byte: the manifest holds no location (paths in it are relative to the release
        // folder) and the extract id is profile-date on both, so nothing needs to be masked.
        Map<String, byte[]> onHdfs = HdfsFiles.read(fs, extracts);
        assertSameBytes(onHdfs, local);
        Path copied = Files.createDirectories(tmp.resolve("from-hdfs"));
        fs.copyToLocalFile(false, extracts, new org.apache.hadoop.fs.Path(copied.toUri()), true);
        assertSameBytes(ExtractJobTest.files(copied.resolve("extracts")), local);
        assertDuckDbReadsTheManifestRowCounts(copied.resolve("extracts"));

        // Rerun on HDFS over the existing releases: publish moves each old release aside, renames
        // the new staging folder into place and deletes the old one.
        Map<String, Long> writtenBefore = modificationTimes(fs, extracts);
        SuiteRun rerun =
                SuiteRun.job(hdfsState, unused, "extract", "data=" + hdfsData, "out=" + hdfsOut, date, "--rerun");
        assertThat(rerun.exitCode).as(rerun.toString()).isZero();
        Map<String, Long> writtenAfter = modificationTimes(fs, extracts);
        assertThat(writtenAfter.keySet()).isEqualTo(writtenBefore.keySet());
        writtenBefore.forEach((name, time) ->
                assertThat(writtenAfter.get(name)).as("rewritten: " + name).isGreaterThan(time));
        assertNothingHiddenLeft(fs);
        assertSameBytes(HdfsFiles.read(fs, extracts), local);
    }

    /**
     * Keeps a daily-partitioned dataset's last {@code days} partitions. web_events has one folder per
     * day for two years (730 of the sample's 740 files) and no extract profile releases it; on a
     * MiniDFSCluster each file costs a quarter second or more to write, so copying and tagging
     * them all would take minutes. Both runs read the same trimmed raw zone.
     */
    private static void keepLastDays(Path dataset, int days) throws Exception {
        List<Path> partitions;
        try (var s = Files.list(dataset)) {
            partitions = s.filter(p -> p.getFileName().toString().startsWith("dt="))
                    .sorted()
                    .toList();
        }
        assertThat(partitions).hasSizeGreaterThan(days);
        for (Path partition : partitions.subList(0, partitions.size() - days)) {
            try (var s = Files.walk(partition)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    private static void assertSameBytes(Map<String, byte[]> actual, Map<String, byte[]> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
    }

    /** DuckDB, an independent reader, finds in every released file the rows and checksum its manifest states. */
    private static void assertDuckDbReadsTheManifestRowCounts(Path extracts) throws Exception {
        int files = 0;
        try (DuckDb db = new DuckDb()) {
            for (String profile : ExtractJobTest.PROFILES) {
                long total = 0;
                Path release = extracts.resolve(profile + "-" + SampleData.AS_OF);
                JsonNode manifest = Json.MAPPER.readTree(Files.readAllBytes(release.resolve("manifest.json")));
                assertThat(manifest.get("extractId").asString()).isEqualTo(profile + "-" + SampleData.AS_OF);
                for (JsonNode f : manifest.get("files")) {
                    Path file = release.resolve(f.get("path").asString());
                    String sha = HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
                    assertThat(sha)
                            .as(file.toString())
                            .isEqualTo(f.get("sha256").asString());
                    long rows = db.scalarLong("SELECT count(*) FROM read_parquet('" + file + "')");
                    assertThat(rows).as(file.toString()).isEqualTo(f.get("rows").asLong());
                    total += rows;
                    files++;
                }
                // the byte comparison covers real data, not empty files (overseas k = 20 with customer-wide
                // suppression may leave a 1,000-customer sample empty)
                if (!profile.startsWith("overseas"))
                    assertThat(total).as(profile + " rows").isPositive();
            }
        }
        assertThat(files).isEqualTo(7);
    }

    /** No {@code .staging-*} or {@code .previous-*} folder, nor any other hidden file, anywhere under the extracts. */
    private static void assertNothingHiddenLeft(FileSystem fs) throws Exception {
        List<String> hidden = new ArrayList<>();
        walk(fs, new org.apache.hadoop.fs.Path("/out/extracts"), hidden);
        assertThat(hidden).isEmpty();
    }

    private static void walk(FileSystem fs, org.apache.hadoop.fs.Path dir, List<String> hidden) throws Exception {
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_"))
                hidden.add(s.getPath().toUri().getPath());
            if (s.isDirectory()) walk(fs, s.getPath(), hidden);
        }
    }

    private static List<String> names(FileStatus[] statuses) {
        List<String> names = new ArrayList<>();
        for (FileStatus s : statuses) names.add(s.getPath().getName());
        names.sort(null);
        return names;
    }

    private static Map<String, Long> modificationTimes(FileSystem fs, org.apache.hadoop.fs.Path root) throws Exception {
        Map<String, Long> times = new TreeMap<>();
        String prefix = fs.getFileStatus(root).getPath().toUri().getPath() + "/";
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            LocatedFileStatus s = it.next();
            times.put(s.getPath().toUri().getPath().substring(prefix.length()), s.getModificationTime());
        }
        return times;
    }
}
