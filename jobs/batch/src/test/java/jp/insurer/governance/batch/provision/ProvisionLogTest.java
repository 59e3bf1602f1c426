package jp.insurer.governance.batch.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import jp.insurer.governance.batch.retention.AuditLog;
import jp.insurer.governance.parquet.FileSystems;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provision chain on disk: written once per release content, read back per customer, tampering named. */
class ProvisionLogTest {

    @TempDir
    Path tmp;

    final Configuration conf = new Configuration();

    private ProvisionLog.Release release(int customers, String version) {
        SortedMap<String, List<ProvisionRecords.ReliedConsent>> map = new TreeMap<>();
        for (int i = 0; i < customers; i++) {
            map.put(
                    String.format("C%06d", i),
                    List.of(new ProvisionRecords.ReliedConsent(
                            "GROUP_SHARING",
                            "E" + i,
                            Instant.parse("2025-01-02T03:04:05Z").plusSeconds(i),
                            version)));
        }
        return new ProvisionLog.Release(
                "overseas-2026-11-25",
                "overseas",
                LocalDate.parse("2026-11-25"),
                "Recipient SG",
                "OVERSEAS_GROUP_COMPANY",
                "SG",
                "extracts/overseas-2026-11-25",
                "MARKETING_ANALYTICS",
                "consent",
                List.of(new ProvisionRecords.Item("customers", "customer_id", "pseudonymize")),
                ProvisionLog.Customers.of(map));
    }

    @Test
    void aReleaseIsRecordedOnceAndReadBackPerCustomer() throws Exception {
        org.apache.hadoop.fs.Path out = FileSystems.path(tmp.toString());
        FileSystem fs = FileSystems.get(out, conf);
        ProvisionLog.Recorded first = ProvisionLog.record(fs, out, release(600, "2024.10"), "run-1", Clock.systemUTC());
        assertThat(first.batches()).isEqualTo(3);
        assertThat(first.appended()).isEqualTo(4);
        // the same content again (a rerun after a crash before publish): nothing appended
        assertThat(ProvisionLog.record(fs, out, release(600, "2024.10"), "run-2", Clock.systemUTC())
                        .appended())
                .isZero();
        // other content is another provision
        ProvisionLog.Recorded second = ProvisionLog.record(fs, out, release(2, "2022.4"), "run-3", Clock.systemUTC());
        assertThat(second.provisionId()).isNotEqualTo(first.provisionId());

        ProvisionRecords records = ProvisionRecords.read(fs, out);
        assertThat(records.all()).hasSize(2);
        assertThat(records.customersOf(first.provisionId()))
                .hasSize(600)
                .first()
                .isEqualTo("C000000");
        var c1 = records.forCustomer("C000001");
        assertThat(c1).hasSize(2);
        assertThat(c1.get(0).recipientCountry()).isEqualTo("SG");
        assertThat(c1.get(0).consents())
                .containsExactly(new ProvisionRecords.ReliedConsent(
                        "GROUP_SHARING", "E1", Instant.parse("2025-01-02T03:04:06Z"), "2024.10"));
        assertThat(c1.get(1).consents().get(0).documentVersion()).isEqualTo("2022.4");
        assertThat(records.forCustomer("C000599")).hasSize(1);
        assertThat(records.forCustomer("C999999")).isEmpty();
    }

    @Test
    void aCrashAmidTheBatchesIsCompletedWithoutDuplicates() throws Exception {
        org.apache.hadoop.fs.Path out = FileSystems.path(tmp.toString());
        FileSystem fs = FileSystems.get(out, conf);
        ProvisionLog.record(fs, out, release(600, "2024.10"), "run-1", Clock.systemUTC());
        // keep the first two lines (two customer batches) only: what a kill after them leaves
        Path segment = Files.list(tmp.resolve("provision"))
                .filter(p -> p.getFileName().toString().startsWith("chain-"))
                .findFirst()
                .orElseThrow();
        List<String> lines = Files.readAllLines(segment, StandardCharsets.UTF_8);
        Files.writeString(segment, lines.get(0) + "\n" + lines.get(1) + "\n", StandardCharsets.UTF_8);
        assertThat(ProvisionRecords.read(fs, out).all()).isEmpty();

        ProvisionLog.Recorded rerun = ProvisionLog.record(fs, out, release(600, "2024.10"), "run-2", Clock.systemUTC());
        assertThat(rerun.appended()).isEqualTo(2); // the third batch and the seal
        ProvisionRecords records = ProvisionRecords.read(fs, out);
        assertThat(records.all()).hasSize(1);
        assertThat(records.customersOf(rerun.provisionId())).hasSize(600).doesNotHaveDuplicates();
    }

    @Test
    void aModifiedOrDeletedLineIsRefusedNamingTheRecord() throws Exception {
        org.apache.hadoop.fs.Path out = FileSystems.path(tmp.toString());
        FileSystem fs = FileSystems.get(out, conf);
        ProvisionLog.record(fs, out, release(600, "2024.10"), "run-1", Clock.systemUTC());
        Path segment = Files.list(tmp.resolve("provision"))
                .filter(p -> p.getFileName().toString().startsWith("chain-"))
                .findFirst()
                .orElseThrow();
        String original = Files.readString(segment, StandardCharsets.UTF_8);

        Files.writeString(segment, original.replaceFirst("C000007", "C000008"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ProvisionRecords.read(fs, out))
                .isInstanceOf(AuditLog.BrokenChainException.class)
                .hasMessageContaining("MODIFIED")
                .hasMessageContaining(segment.getFileName().toString() + ":1")
                .hasMessageContaining("sequence 1")
                .hasMessageNotContaining("C00000");
        assertThatThrownBy(() -> ProvisionLog.record(fs, out, release(1, "2024.10"), "run-2", Clock.systemUTC()))
                .isInstanceOf(AuditLog.BrokenChainException.class);

        List<String> lines = new ArrayList<>(List.of(original.split("\n")));
        lines.remove(1);
        Files.writeString(segment, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ProvisionRecords.read(fs, out))
                .isInstanceOf(AuditLog.BrokenChainException.class)
                .hasMessageContaining("OUT_OF_SEQUENCE")
                .hasMessageContaining(":2")
                .hasMessageContaining("sequence 3");
    }
}
