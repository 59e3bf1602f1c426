package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.insurer.governance.batch.DuckDb;
import jp.insurer.governance.batch.StepTestContext;
import jp.insurer.governance.batch.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import tools.jackson.databind.JsonNode;

/**
 * Extract's partitioned steps in order (plan, counts and release per slice, choice and publication per profile), on
 * the tagged sample in the shared context.
 */
class ExtractProfilesStepIT extends StepTestContext {

    @Autowired
    @Qualifier("extractPlan")
    Step extractPlan;

    @Autowired
    @Qualifier("extractCounts")
    Step extractCounts;

    @Autowired
    @Qualifier("extractChoices")
    Step extractChoices;

    @Autowired
    @Qualifier("extractSlices")
    Step extractSlices;

    @Autowired
    @Qualifier("extractProfiles")
    Step extractProfiles;

    @TempDir
    Path tmp;

    @Test
    void everyProfileIsReleasedWholeWithTheRowsItsManifestCounts() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 120);
        Path out = tmp.resolve("out");
        runJob("tagJob", parameters(data, out));

        JobExecution run = batch.startStep(
                inOrder("extract", extractPlan, extractCounts, extractChoices, extractSlices, extractProfiles),
                parameters(data, out),
                null);

        assertThat(run.getStatus()).as(run.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
        List<StepExecution> profiles = run.getStepExecutions().stream()
                .filter(s -> s.getStepName().startsWith("extractProfile:"))
                .toList();
        assertThat(profiles.stream()
                        .map(p -> p.getStepName().substring(p.getStepName().lastIndexOf(':') + 1)))
                .containsExactlyInAnyOrderElementsOf(SampleData.PROFILE_KEYS.keySet());
        assertThat(profiles)
                .allSatisfy(p -> assertThat(p.getStatus()).as(p.getStepName()).isEqualTo(BatchStatus.COMPLETED));
        long released = 0;
        try (DuckDb db = new DuckDb()) {
            for (String profile : SampleData.PROFILE_KEYS.keySet()) {
                Path folder = out.resolve("extracts/" + profile + "-" + SampleData.AS_OF);
                JsonNode manifest = Json.MAPPER.readTree(Files.readAllBytes(folder.resolve("manifest.json")));
                for (JsonNode file : manifest.get("files")) {
                    long rows = db.scalarLong("SELECT count(*) FROM read_parquet('"
                            + folder.resolve(file.get("path").asString()) + "')");
                    assertThat(rows)
                            .as(profile + " " + file.get("path").asString())
                            .isEqualTo(file.get("rows").asLong());
                    released += rows;
                }
            }
        }
        // k-anonymity may suppress a whole small profile; the sample still releases rows.
        assertThat(released).isPositive();
    }
}
