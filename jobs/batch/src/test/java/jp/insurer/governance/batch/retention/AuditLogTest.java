package jp.insurer.governance.batch.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.audit.AuditEntry;
import jp.insurer.governance.policy.audit.AuditType;
import jp.insurer.governance.policy.audit.AuditVerification;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log on disk: segments per run, torn-tail repair, refusal of anything else. */
class AuditLogTest {

    @TempDir
    Path tmp;

    final Configuration conf = new Configuration();

    private void run(org.apache.hadoop.fs.Path dir, String runId, int records) throws Exception {
        try (AuditLog log = AuditLog.open(conf, dir, runId, Clock.systemUTC(), AuditLog.verify(conf, dir))) {
            for (int i = 0; i < records; i++) {
                log.append(AuditEntry.of(runId, AuditType.RETENTION_DECISION)
                        .withTarget("r", "d", "f" + i)
                        .withRowsRemoved(i));
            }
        }
    }

    @Test
    void aTornLastLineIsCutOffAndRecordedAndTheChainContinuesAcrossSegments() throws Exception {
        org.apache.hadoop.fs.Path dir = FileSystems.path(tmp.resolve("audit").toString());
        run(dir, "run-1", 3);
        run(dir, "run-2", 2);
        List<Path> segments;
        try (var s = Files.list(tmp.resolve("audit"))) {
            segments = s.sorted().toList();
        }
        assertThat(segments)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("chain-000000000001.jsonl", "chain-000000000004.jsonl");
        Files.writeString(
                segments.get(1),
                "{\"v\":1,\"seq\":6,\"ts\":\"2026-",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertThat(AuditLog.verify(conf, dir).verification().status()).isEqualTo(AuditVerification.Status.TORN_TAIL);

        run(dir, "run-3", 1);
        AuditLog.Verified after = AuditLog.verify(conf, dir);
        assertThat(after.verification().status()).isEqualTo(AuditVerification.Status.OK);
        assertThat(after.verification().records()).isEqualTo(7); // 5 + CHAIN_REPAIRED + 1
        assertThat(Files.readString(segments.get(1))).doesNotContain("\"ts\":\"2026-\n");
        try (var s = Files.list(tmp.resolve("audit"))) {
            assertThat(s.anyMatch(p -> {
                        try {
                            return Files.readString(p).contains("CHAIN_REPAIRED");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }))
                    .isTrue();
        }
    }

    @Test
    void aModifiedRecordIsRefusedNamingIt() throws Exception {
        org.apache.hadoop.fs.Path dir = FileSystems.path(tmp.resolve("audit").toString());
        run(dir, "run-1", 3);
        Path segment = tmp.resolve("audit/chain-000000000001.jsonl");
        List<String> lines = Files.readAllLines(segment);
        lines.set(1, lines.get(1).replace("\"f1\"", "\"f9\""));
        Files.write(segment, lines);
        assertThatThrownBy(() -> run(dir, "run-2", 1))
                .isInstanceOf(AuditLog.BrokenChainException.class)
                .hasMessageContaining("MODIFIED at ")
                .hasMessageContaining(segment + ":2 (sequence 2)");
    }
}
