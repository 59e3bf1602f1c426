package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jp.insurer.governance.batch.RemoteCluster;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote partitioning with the production job repository: a manager and two worker JVMs reporting through
 * CI's PostgreSQL (.ci/run sets GOVERNANCE_TEST_POSTGRES_URL; elsewhere skipped). Tagged: the database is
 * shared, so failsafe runs it alone (root pom, execution "postgres").
 */
@Tag("postgres")
class RemoteTagPostgresIT {

    @TempDir
    Path tmp;

    @Test
    void twoWorkersOnPostgresProduceTheSingleJvmOutput() throws Exception {
        assumeTrue(RemoteCluster.POSTGRES != null, "GOVERNANCE_TEST_POSTGRES_URL is not set");
        String[] params = TagKillIT.reference(tmp);
        try (RemoteCluster cluster = RemoteCluster.startOnPostgres()) {
            Path a = cluster.startWorker(tmp, "a");
            Path b = cluster.startWorker(tmp, "b");
            // The database outlives the test: a fresh job instance by a fresh output folder.
            Path out = tmp.resolve("out-" + java.util.UUID.randomUUID());
            SuiteRun run = SuiteRun.job(tmp.resolve("state"), out, "tag", cluster.manager(params, "10m"));
            assertThat(run.exitCode).as(run.toString()).isZero();
            TagKillIT.assertSameFiles(tmp.resolve("out-ref"), out);
            assertThat(Files.readString(a) + Files.readString(b)).contains("partition tagFile:");
            assertThat(cluster.partitions("tagFile", out, "COMPLETED")).isGreaterThan(1);
            cluster.stopWorkers(tmp, "remote-tag-postgres-it");
        }
    }
}
