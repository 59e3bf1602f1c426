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
 * Extract's partitioned steps in order (plan, counts and release per slice, choice and publication per profile, the
 * own-identifier index per part of the zone), on
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
    @Qualifier("extractOwnIdentifiers")
    Step extractOwnIdentifiers;

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
                inOrder(
                        "extract",
                        extractPlan,
                        extractCounts,
                        extractChoices,
                        extractOwnIdentifiers,
                        extractSlices,
                        extractProfiles),
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

    /**
     * A run whose extract was planned again by another run (its manager killed, a new run started) releases nothing
     * from its slices: they belong to a plan that is no longer the extract's. The new run releases.
     */
    @Test
    void aReplannedExtractIsNotReleasedFromTheEarlierPlansSlices() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 120);
        Path out = tmp.resolve("out");
        runJob("tagJob", parameters(data, out));
        JobExecution earlier = batch.startStep(
                inOrder(
                        "extract-earlier",
                        extractPlan,
                        extractCounts,
                        extractChoices,
                        extractOwnIdentifiers,
                        extractSlices),
                parameters(data, out),
                null);
        assertThat(earlier.getStatus()).isEqualTo(BatchStatus.COMPLETED);

        JobExecution replanned = batch.startStep(inOrder("extract-new", extractPlan), parameters(data, out), null);
        assertThat(replanned.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        JobExecution earlierPublication =
                batch.startStep(inOrder("extract-earlier-publication", extractProfiles), parameters(data, out), null);
        assertThat(earlierPublication.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(earlierPublication.getAllFailureExceptions().toString()).contains("run extract again");
        try (var listed = Files.list(out.resolve("extracts"))) {
            assertThat(listed.map(f -> f.getFileName().toString()))
                    .as("released from the earlier plan")
                    .allMatch(name -> name.startsWith("."));
        }

        JobExecution rest = batch.startStep(
                inOrder(
                        "extract-new-rest",
                        extractCounts,
                        extractChoices,
                        extractOwnIdentifiers,
                        extractSlices,
                        extractProfiles),
                parameters(data, out),
                null);
        assertThat(rest.getStatus())
                .as(rest.getAllFailureExceptions().toString())
                .isEqualTo(BatchStatus.COMPLETED);
        for (String profile : SampleData.PROFILE_KEYS.keySet())
            assertThat(out.resolve("extracts/" + profile + "-" + SampleData.AS_OF + "/manifest.json"))
                    .isRegularFile();
    }
}
