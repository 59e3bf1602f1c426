package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.insurer.governance.batch.RemoteCluster;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.Trees;
import jp.insurer.governance.batch.provision.ProvisionRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The extract job with remote partitioning on loopback ({@link RemoteCluster}: a broker, a shared job
 * repository, two worker JVMs, each with the recipients' keys in its own state folder; the manager is the real
 * entry point in this JVM). The zone is tagged once, locally; every extract, its manifest and its provision
 * record are compared with a single-JVM extract of the same governed zone with the same keys.
 */
class RemoteExtractIT {

    @TempDir
    static Path shared;

    /** A tagged suite (state with the keys, out with the governed zone) that every case copies, and its extract. */
    static ExtractFixture.Tagged tagged;

    /** extract id → provision id of the single-JVM run (outside releases only). */
    static Map<String, String> referenceProvisions;

    @TempDir
    Path tmp;

    RemoteCluster cluster;

    @BeforeAll
    static void taggedOnceThenExtractedInOneJvm() throws Exception {
        tagged = ExtractFixture.taggedThenExtracted(shared, 600);
        referenceProvisions = provisions(tagged.reference().resolve("out"));
        assertThat(referenceProvisions)
                .as("outside releases with a provision record")
                .isNotEmpty();
    }

    /** A broker and a job repository of this test's own (a few seconds; no state shared between the cases). */
    @BeforeEach
    void startCluster() throws Exception {
        cluster = RemoteCluster.start(tmp);
    }

    @AfterEach
    void keepWorkerLogsThenStop(TestInfo test) throws Exception {
        try {
            cluster.stopWorkers(
                    tmp,
                    "remote-extract-it/" + test.getTestMethod().orElseThrow().getName());
        } finally {
            cluster.close();
        }
    }

    @Test
    void twoWorkersReleaseTheSingleJvmBytesWithOneProvisionRecordEach() throws Exception {
        Path a = worker("a");
        Path b = worker("b");
        Path out = suite();

        SuiteRun run = manager(out, "10m");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertSameReleases(out);
        // Each worker thread takes one request at a time: one profile's slices are shared by both workers.
        assertThat(slicesRun(a)).as("slices released by worker a").isNotEmpty();
        assertThat(slicesRun(b)).as("slices released by worker b").isNotEmpty();
        assertThat(cluster.partitions("extractSlice", out, "COMPLETED")).isEqualTo(3 * 4);
        assertThat(cluster.partitions("extractProfile", out, "COMPLETED")).isEqualTo(3);
    }

    @Test
    void aWorkerKilledMidProfileIsReplacedAndNothingIsLostOrRecordedTwice() throws Exception {
        Path a = worker("a");
        worker("b");
        Path out = suite();
        CompletableFuture<SuiteRun> run = CompletableFuture.supplyAsync(() -> manager(out, "10m"));
        awaitExtracting(a, run);
        cluster.workers().get(0).destroyForcibly(); // SIGKILL mid-profile: its request goes back to the broker
        assertThat(cluster.workers().get(0).waitFor(30, TimeUnit.SECONDS)).isTrue();

        SuiteRun done = run.get(10, TimeUnit.MINUTES);
        assertThat(done.exitCode).as(done.toString()).isZero();
        assertSameReleases(out);
        assertThat(cluster.partitions("extractProfile", out, "COMPLETED")).isEqualTo(3);
    }

    @Test
    void workersWithoutTheRecipientsKeysOrWithOtherKeysRefuseTheirPartitionsAndNothingIsReleased() throws Exception {
        Path keyless = cluster.startWorker(tmp, "keyless");
        Path state = Files.createDirectories(tmp.resolve("state-other-keys/keys"));
        for (String keyId : SampleData.KEYS.keySet()) {
            byte[] other = new byte[32];
            java.util.Arrays.fill(other, (byte) 9);
            Files.writeString(
                    state.resolve(keyId), java.util.Base64.getEncoder().encodeToString(other));
        }
        Path otherKeys = cluster.startWorker(tmp, "other-keys");
        Path out = suite();

        SuiteRun run = manager(out, "10m");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        // Each worker took a request (one per free thread): each says why it refused, naming the recipient.
        assertThat(Files.readString(keyless))
                .contains("(recipient ")
                .contains("pseudonym key 'EXTRACT_KEY_")
                .contains("is not set");
        assertThat(Files.readString(otherKeys)).contains("(recipient ").contains("is not the one the job started with");
        assertThat(cluster.partitions("extractCount", out, "FAILED")).isPositive();
        assertThat(cluster.partitions("extractProfile", out, "COMPLETED")).isZero();
        if (Files.isDirectory(out.resolve("extracts"))) {
            try (Stream<Path> s = Files.walk(out.resolve("extracts"))) {
                assertThat(s.map(p -> out.relativize(p).toString())
                                .filter(p -> p.endsWith(".parquet") || !p.startsWith("extracts/."))
                                .filter(p -> !p.equals("extracts"))
                                .toList())
                        .as("released extracts or staged Parquet files")
                        .isEmpty();
            }
        }
        assertThat(provisions(out)).isEmpty();
    }

    /** A worker whose own state folder holds the recipients' keys. */
    private Path worker(String name) throws Exception {
        SampleData.writeKeys(tmp.resolve("state-" + name));
        return cluster.startWorker(tmp, name);
    }

    /** A copy of the tagged template; returns its out folder. */
    private Path suite() throws Exception {
        Trees.copy(tagged.template(), tmp.resolve("suite"));
        return tmp.resolve("suite/out");
    }

    private SuiteRun manager(Path out, String timeout) {
        return SuiteRun.job(tmp.resolve("suite/state"), out, "extract", cluster.manager(tagged.params(), timeout));
    }

    /** Waits until worker {@code log} runs a profile it has not released yet. */
    private static void awaitExtracting(Path log, CompletableFuture<SuiteRun> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            String text = Files.readString(log);
            if (count(text, "running in this worker") > count(text, " released: ")) return;
            assertThat(run.isDone())
                    .as("the manager ended before the fault: " + (run.isDone() ? run.get() : ""))
                    .isFalse();
            assertThat(System.nanoTime())
                    .as("timed out waiting for a profile on the worker")
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** The slice partitions (pass 2) a worker ran, from its log. */
    private static List<String> slicesRun(Path log) throws Exception {
        return java.util.regex.Pattern.compile("partition (extractSlice:\\S+) of job execution")
                .matcher(Files.readString(log))
                .results()
                .map(m -> m.group(1))
                .toList();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }

    /**
     * The single-JVM bytes, no staging folder left, the same provision records (one per outside release, ids
     * from their content) and a chain that verify-audit accepts.
     */
    private void assertSameReleases(Path out) throws Exception {
        Map<String, byte[]> actual = ExtractJobIT.files(out.resolve("extracts"));
        assertThat(actual.keySet()).isEqualTo(tagged.releases().keySet());
        tagged.releases()
                .forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.map(p -> out.relativize(p).toString()).filter(p -> p.startsWith(".") || p.contains("/.")))
                    .as("staging folders or temporary files left")
                    .isEmpty();
        }
        assertThat(provisions(out)).isEqualTo(referenceProvisions);
        SuiteRun verify = SuiteRun.job(tmp.resolve("suite/state"), out, "verify-audit", tagged.params()[0]);
        assertThat(verify.exitCode).as(verify.toString()).isZero();
    }

    /**
     * extract id → provision id of every provision record under {@code out}, each extract once (a second record of
     * one extract fails here); each matches the id in its release's manifest.
     */
    private static Map<String, String> provisions(Path out) throws Exception {
        ProvisionRecords records = ExtractProvisionIT.records(out);
        Map<String, String> byExtract = new TreeMap<>();
        for (ProvisionRecords.Provision p : records.all()) {
            assertThat(byExtract.put(p.extractId(), p.provisionId()))
                    .as("second provision record of " + p.extractId())
                    .isNull();
            JsonNode manifest = jp.insurer.governance.batch.support.Json.MAPPER.readTree(
                    Files.readAllBytes(out.resolve("extracts/" + p.extractId() + "/manifest.json")));
            assertThat(manifest.path("provision").path("provisionId").asString())
                    .as(p.extractId())
                    .isEqualTo(p.provisionId());
        }
        return byExtract;
    }
}
