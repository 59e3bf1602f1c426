package jp.insurer.governance.batch.night;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import jp.insurer.governance.batch.HdfsFiles;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.Trees;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The night's chain — inventory, tag, extract (the shipped profiles), retention in {@code mode=enforce} —
 * with its raw zone and outputs on real HDFS (a MiniDFSCluster) ends in the same bytes as the same chain
 * on local disk: the raw zone after enforcement, the governed zone, the catalog, the released extracts and
 * the retention audit decisions. Same sample, keys, audit key, date and config; only the location differs.
 *
 * <p>What is normalised, and why: JSON outputs that name a dataset's location (the catalog's and the
 * reports' {@code uri}s) are compared with the raw zone's and output's roots replaced by {@code DATA} and
 * {@code OUT}; the run reports are left out (they carry the run's own times and durations) and the audit
 * log is compared by its decisions (its records carry times). Everything else is compared byte for byte. The state folder (job repository, locks, keys) stays local by design.
 *
 * <p>Data: 300 customers, {@code web_events} trimmed to its three oldest daily partitions (expired: the
 * enforcement drops them) and four newest, since each file costs a quarter second or more on a
 * MiniDFSCluster.
 */
class ChainHdfsIT {

    static final List<String> JOBS = List.of("inventory", "tag", "extract", "retention");

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
    void theNightsChainOnHdfsEndsInTheBytesOfTheLocalChain() throws Exception {
        Path original = SampleData.generate(tmp.resolve("original"), 300);
        trimWebEvents(original.resolve("web_events"));
        String date = "date=" + SampleData.AS_OF;

        // Local disk: the reference.
        Path localData = tmp.resolve("data-local");
        Trees.copy(original, localData);
        Path localState = Nights.stateWithKeys(tmp.resolve("state-local"));
        Path localOut = tmp.resolve("out-local");
        for (String job : JOBS) {
            SuiteRun run = SuiteRun.job(localState, localOut, job, params(job, "data=" + localData, date));
            assertThat(run.exitCode).as(job + " locally: " + run).isIn(0, 4);
        }

        // HDFS: the same raw zone, keys, audit key (SuiteRun's test key), date and config.
        FileSystem fs = hdfs.getFileSystem();
        fs.copyFromLocalFile(
                false, true, new org.apache.hadoop.fs.Path(original.toUri()), new org.apache.hadoop.fs.Path("/raw"));
        String hdfsData = fs.getUri() + "/raw";
        String hdfsOut = fs.getUri() + "/out";
        Path hdfsState = Nights.stateWithKeys(tmp.resolve("state-hdfs"));
        Path unused = tmp.resolve("unused");
        for (String job : JOBS) {
            SuiteRun run =
                    SuiteRun.job(hdfsState, unused, job, params(job, "data=" + hdfsData, "out=" + hdfsOut, date));
            assertThat(run.exitCode).as(job + " on HDFS: " + run).isIn(0, 4);
        }
        assertThat(unused).as("nothing written to the local output folder").doesNotExist();

        // The raw zone after enforcement: the same files survive with the same bytes, and some were dropped.
        Map<String, byte[]> rawOnHdfs = HdfsFiles.read(fs, new org.apache.hadoop.fs.Path("/raw"));
        Map<String, byte[]> rawLocal = Trees.files(localData);
        assertThat(Trees.files(original).size())
                .as("the enforcement dropped expired files")
                .isGreaterThan(rawLocal.size());
        assertSameBytes("raw zone", rawOnHdfs, rawLocal);

        // Governed zone, catalog and extracts, byte for byte (locations in JSON normalised).
        Path fromHdfs = Files.createDirectories(tmp.resolve("from-hdfs"));
        fs.copyToLocalFile(
                false, new org.apache.hadoop.fs.Path("/out"), new org.apache.hadoop.fs.Path(fromHdfs.toUri()), true);
        Path hdfsOutCopy = fromHdfs.resolve("out");
        Map<String, byte[]> expected = normalised(
                Nights.outputs(localOut),
                localData.toUri().toString(),
                localOut.toUri().toString());
        Map<String, byte[]> actual = normalised(Nights.outputs(hdfsOutCopy), hdfsData, hdfsOut);
        assertThat(expected.keySet())
                .anyMatch(f -> f.startsWith("governed/"))
                .anyMatch(f -> f.startsWith("catalog/"))
                .anyMatch(f -> f.startsWith("extracts/"));
        assertSameBytes("outputs", actual, expected);

        // The retention audit: the same decisions (the customer hashes use the same audit key).
        assertThat(auditDecisions(hdfsOutCopy))
                .as("audit decisions")
                .isEqualTo(auditDecisions(localOut))
                .isNotEmpty();

        // No staging, trash, previous-release or temporary file left anywhere on HDFS.
        List<String> hidden = new ArrayList<>();
        for (String root : List.of("/raw", "/out/governed", "/out/extracts", "/out/catalog")) {
            walkHidden(fs, new org.apache.hadoop.fs.Path(root), hidden);
        }
        assertThat(hidden).isEmpty();
    }

    private static String[] params(String job, String... common) {
        List<String> all = new ArrayList<>(List.of(common));
        if (job.equals("retention")) all.add("mode=enforce");
        return all.toArray(String[]::new);
    }

    /** Keeps web_events' three oldest daily partitions (expired) and four newest. */
    private static void trimWebEvents(Path dataset) throws Exception {
        List<Path> partitions;
        try (Stream<Path> s = Files.list(dataset)) {
            partitions = s.filter(p -> p.getFileName().toString().startsWith("dt="))
                    .sorted()
                    .toList();
        }
        assertThat(partitions).hasSizeGreaterThan(7);
        for (Path partition : partitions.subList(3, partitions.size() - 4)) Trees.delete(partition);
    }

    /** JSON files with the run's roots replaced: a dataset's location is the one thing that differs by design. */
    private static Map<String, byte[]> normalised(Map<String, byte[]> files, String data, String out) {
        Map<String, byte[]> result = new TreeMap<>();
        files.forEach((name, bytes) -> {
            if (!name.endsWith(".json")) {
                result.put(name, bytes);
                return;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            for (var root : Map.of(data, "DATA", out, "OUT").entrySet()) {
                String trimmed = root.getKey().replaceFirst("/$", "");
                // a local root may be written as file:/ or file:/// depending on the writer
                text = text.replace(trimmed, root.getValue())
                        .replace(trimmed.replaceFirst("^file:///", "file:/"), root.getValue());
            }
            result.put(name, text.getBytes(StandardCharsets.UTF_8));
        });
        return result;
    }

    /** The decisions of the audit log's records (type, dataset, rule, file), without times or sequence. */
    private static List<String> auditDecisions(Path out) throws Exception {
        List<String> decisions = new ArrayList<>();
        Path audit = out.resolve("audit");
        if (!Files.isDirectory(audit)) return decisions;
        try (Stream<Path> s = Files.walk(audit)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList()) {
                for (String line : Files.readAllLines(p)) {
                    var node = jp.insurer.governance.batch.support.Json.MAPPER.readTree(line);
                    StringBuilder d = new StringBuilder();
                    for (String field : List.of("type", "dataset", "rule", "file", "rows", "customer")) {
                        if (node.has(field))
                            d.append(field)
                                    .append('=')
                                    .append(node.get(field).asString())
                                    .append(' ');
                    }
                    decisions.add(d.toString().replace(out.toUri().toString(), "OUT"));
                }
            }
        }
        decisions.sort(null);
        return decisions;
    }

    private static void assertSameBytes(String what, Map<String, byte[]> actual, Map<String, byte[]> expected) {
        assertThat(actual.keySet()).as(what).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(new String(actual.get(name), StandardCharsets.ISO_8859_1))
                .as(what + ": " + name)
                .isEqualTo(new String(bytes, StandardCharsets.ISO_8859_1)));
    }

    private static void walkHidden(FileSystem fs, org.apache.hadoop.fs.Path dir, List<String> hidden) throws Exception {
        if (!fs.exists(dir)) return;
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (name.startsWith(".")
                    || (name.startsWith("_")
                            && !name.equals("_tagged.json")
                            && !name.equals("_SUCCESS")
                            && !name.startsWith("_ground_truth"))) {
                hidden.add(s.getPath().toUri().getPath());
            }
            if (s.isDirectory()) walkHidden(fs, s.getPath(), hidden);
        }
    }
}
