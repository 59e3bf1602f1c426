package jp.insurer.governance.batch.retention;

import jp.insurer.governance.batch.SampleData;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionJobTest {

    @TempDir Path tmp;

    @Test
    void dryRunReportsAndChangesNothing() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 300);
        Path out = tmp.resolve("out");
        Path state = tmp.resolve("state");
        String[] params = {"data=" + data, "date=" + SampleData.AS_OF};
        SuiteRun tag = SuiteRun.job(state, out, "tag", params);
        assertThat(tag.exitCode).as(tag.toString()).isZero();
        Map<String, String> dataBefore = RetentionFixtures.checksums(data);
        Map<String, String> governedBefore = RetentionFixtures.checksums(out.resolve("governed"));

        SuiteRun dry = SuiteRun.job(state, out, "retention", params);
        assertThat(dry.exitCode).as(dry.toString()).isZero();
        System.out.println(dry);

        assertThat(RetentionFixtures.checksums(data)).isEqualTo(dataBefore);
        assertThat(RetentionFixtures.checksums(out.resolve("governed"))).isEqualTo(governedBefore);
        assertThat(out.resolve("audit")).doesNotExist();
        String report = Files.readString(out.resolve("reports/retention-" + SampleData.AS_OF + "-dry-run.json"));
        assertThat(report).contains("\"mode\" : \"dry-run\"", "device-cookie-13m");
        assertThat(out.resolve("reports/retention-" + SampleData.AS_OF + "-dry-run.html")).exists();
    }
}
