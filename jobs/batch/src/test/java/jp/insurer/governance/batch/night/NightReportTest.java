package jp.insurer.governance.batch.night;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.insurer.governance.batch.HeadlessChromium;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The night report after the real jobs ran on the sample data: a tag run the night before, then inventory, tag,
 * extract and a retention dry run for the business date, then {@code night-report}. Its numbers must be the per-job
 * reports' own, its runtimes the job repository's, and its page must render in Chromium.
 */
class NightReportTest {

    static final String DATE = SampleData.AS_OF;
    static final String NIGHT_BEFORE = LocalDate.parse(DATE).minusDays(1).toString();
    /** The screenshot, kept for people to look at: jobs/batch/target/night-report/. */
    static final Path SCREENSHOT = Path.of("target/night-report/night-" + DATE + ".png");

    @TempDir
    static Path tmp;

    static Path out;
    static SuiteRun night;
    static JsonNode report;

    @BeforeAll
    static void runTheNight() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 200);
        Path state = jp.insurer.governance.batch.extract.SampleData.writeKeys(tmp.resolve("state"));
        out = tmp.resolve("out");
        run(state, "tag", "data=" + data, "date=" + NIGHT_BEFORE);
        for (String job : List.of("inventory", "tag", "extract")) run(state, job, "data=" + data, "date=" + DATE);
        run(state, "retention", "data=" + data, "date=" + DATE, "mode=dry-run");
        night = SuiteRun.job(state, out, "night-report", "data=" + data, "date=" + DATE);
        assertThat(night.exitCode).as(night.toString()).isZero();
        report = read("night-" + DATE + ".json");
        SuiteRun again = SuiteRun.job(state, out, "night-report", "data=" + data, "date=" + DATE);
        assertThat(again.exitCode)
                .as("a completed night report is not redone, and its file is found\n" + again)
                .isZero();
        assertThat(again.out).contains("already completed");
    }

    private static void run(Path state, String job, String... params) {
        SuiteRun run = SuiteRun.job(state, out, job, params);
        // 4: completed with records quarantined, which the sample data has on purpose
        assertThat(run.exitCode).as(job + "\n" + run).isIn(0, 4);
    }

    static JsonNode read(String name) throws Exception {
        return Json.MAPPER.readTree(out.resolve("reports/" + name).toFile());
    }

    @Test
    void consentCoverageIsTheTagReportsOfThisAndTheNightBefore() throws Exception {
        JsonNode coverage = report.get("consentCoverage");
        assertThat(coverage).hasSize(2);
        assertThat(coverage.get(0).get("businessDate").asString()).isEqualTo(NIGHT_BEFORE);
        assertThat(coverage.get(1).get("businessDate").asString()).isEqualTo(DATE);
        for (JsonNode night : coverage) {
            JsonNode tag = read("tag-" + night.get("businessDate").asString() + ".json")
                    .get("recordsByConsent");
            assertThat(night.get("purposes")).hasSize(tag.size()).isNotEmpty();
            for (JsonNode p : night.get("purposes")) {
                JsonNode states = tag.get(p.get("purpose").asString());
                long total = 0;
                for (var state : states.properties()) {
                    assertThat(p.get("records").get(state.getKey()).asLong())
                            .isEqualTo(state.getValue().asLong());
                    total += state.getValue().asLong();
                }
                assertThat(p.get("total").asLong()).isEqualTo(total).isPositive();
                assertThat(p.get("granted").asLong())
                        .isEqualTo(states.path("GRANTED").asLong(0));
            }
        }
        // The tag report's sums are the catalog's per-dataset counts added up (the catalog is of this date).
        JsonNode catalog =
                Json.MAPPER.readTree(out.resolve("catalog/catalog.json").toFile());
        Map<String, Long> fromCatalog = new TreeMap<>();
        for (JsonNode d : catalog.get("datasets")) {
            for (var purpose : d.get("rowsByConsent").properties()) {
                for (var state : purpose.getValue().properties()) {
                    fromCatalog.merge(
                            purpose.getKey() + "/" + state.getKey(),
                            state.getValue().asLong(),
                            Long::sum);
                }
            }
        }
        Map<String, Long> fromNight = new TreeMap<>();
        for (JsonNode p : coverage.get(1).get("purposes")) {
            for (var state : p.get("records").properties()) {
                fromNight.put(
                        p.get("purpose").asString() + "/" + state.getKey(),
                        state.getValue().asLong());
            }
        }
        assertThat(fromNight).isEqualTo(fromCatalog).isNotEmpty();
    }

    @Test
    void retentionExtractsAndQuarantineAreThePerJobReportsNumbers() throws Exception {
        JsonNode retention = read("retention-" + DATE + "-dry-run.json");
        assertThat(out.resolve("reports/retention-" + DATE + "-enforce.json")).doesNotExist();
        JsonNode runs = report.get("retention");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("mode").asString()).isEqualTo("dry-run");
        JsonNode rules = runs.get(0).get("rules");
        assertThat(rules).hasSize(retention.get("rules").size()).isNotEmpty();
        long wouldDelete = 0;
        for (int i = 0; i < rules.size(); i++) {
            JsonNode expected = retention.get("rules").get(i);
            JsonNode total = expected.get("total");
            assertThat(rules.get(i).get("rule").asString())
                    .isEqualTo(expected.get("id").asString());
            assertThat(rules.get(i).get("dataset").asString())
                    .isEqualTo(expected.get("dataset").asString());
            for (String count : List.of("rows", "rowsDeleted", "rowsColumnsNulled", "rowsKeptNullClock")) {
                assertThat(rules.get(i).get(count).asLong())
                        .as(count)
                        .isEqualTo(total.get(count).asLong());
            }
            assertThat(rules.get(i).get("rowsSpared")).isEqualTo(total.get("rowsSpared"));
            wouldDelete += total.get("rowsDeleted").asLong();
        }
        assertThat(wouldDelete).as("the sample data has expired records").isPositive();

        JsonNode extract = read("extract-" + DATE + ".json").get("extracts");
        JsonNode extracts = report.get("extracts");
        assertThat(extracts).hasSize(extract.size()).isNotEmpty();
        for (int i = 0; i < extracts.size(); i++) {
            for (String field : List.of("extractId", "recipient", "purpose", "rows", "kAchieved", "excludedRows")) {
                assertThat(extracts.get(i).get(field))
                        .as(field)
                        .isEqualTo(extract.get(i).get(field));
            }
        }

        JsonNode tag = read("tag-" + DATE + ".json");
        JsonNode q = report.get("quarantine");
        assertThat(q.get("ledgerLines").asLong())
                .isEqualTo(tag.get("quarantinedEvents").asLong());
        assertThat(q.get("ledgerByReason")).isEqualTo(tag.get("quarantinedByReason"));
        assertThat(q.get("uncertainCustomers").asLong())
                .isEqualTo(tag.get("uncertainCustomers").asLong());
        assertThat(q.get("datasets")).isEqualTo(tag.get("quarantinedDatasets"));
        assertThat(q.get("unreadableFiles").asLong())
                .isEqualTo(read("inventory-" + DATE + ".json")
                        .get("totals")
                        .get("unreadableFiles")
                        .asLong());
        assertThat(report.get("missing")).isEmpty();
    }

    @Test
    void runtimesAreTheStepExecutionsOfTheDate() {
        List<String> steps = new ArrayList<>();
        java.util.Set<Long> tagExecutions = new java.util.HashSet<>();
        for (JsonNode s : report.get("steps")) {
            steps.add(s.get("job").asString() + "/" + s.get("step").asString());
            if (s.get("job").asString().equals("tag"))
                tagExecutions.add(s.get("executionId").asLong());
            assertThat(s.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(s.get("seconds").asDouble()).isGreaterThanOrEqualTo(0);
        }
        assertThat(steps)
                .contains("inventory/inventoryDatasets", "inventory/inventoryReport")
                .anyMatch(s -> s.startsWith("extract/"))
                .anyMatch(s -> s.startsWith("retention/"))
                .as("the step writing the report is not among its own runtimes")
                .doesNotContain("night-report/nightReport");
        assertThat(tagExecutions)
                .as("the night before's tag run has its own date")
                .hasSize(1);
    }

    @Test
    void pageRendersInChromiumWithItsChartsAndNoNetwork() throws Exception {
        Path page = out.resolve("reports/night-" + DATE + ".html");
        String html = Files.readString(page);
        assertThat(html).doesNotContain("<script", "http://", "https://", "<link", "src=");
        assumeTrue(HeadlessChromium.available(), "Debian chromium is not installed");
        String dom = HeadlessChromium.renderedDom(page, tmp.resolve("profile"));
        assertThat(dom)
                .contains(
                        "<section class=\"summary\" id=\"summary\">",
                        "<table id=\"coverage\">",
                        "<table id=\"steps\">",
                        "<table id=\"extract-table\">");
        assertThat(dom.split("<svg class=\"chart\"", -1))
                .as("charts: consent, trend, retention, runtimes")
                .hasSize(5);
        assertThat(dom).contains("<polyline");
        for (JsonNode e : report.get("extracts"))
            assertThat(dom).contains(">" + e.get("extractId").asString() + "<");
        HeadlessChromium.screenshot(page, tmp.resolve("profile-shot"), SCREENSHOT, 1280, 2400);
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertThat(png).hasSizeGreaterThan(20_000).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    /** The extract page reads as a table of excluded rows by reason, not as a printed Java map. */
    @Test
    void extractPageShowsExcludedRowsByReasonAsATable() throws Exception {
        String html = Files.readString(out.resolve("reports/extract-" + DATE + ".html"));
        java.util.regex.Matcher table = java.util.regex.Pattern.compile(
                        "<table id=\"excluded\">(.*?)</table>", java.util.regex.Pattern.DOTALL)
                .matcher(html);
        assertThat(table.find()).isTrue();
        JsonNode extracts = read("extract-" + DATE + ".json").get("extracts");
        for (JsonNode e : extracts) {
            StringBuilder row =
                    new StringBuilder("<tr><td>" + e.get("extractId").asString() + "</td>");
            long total = 0;
            for (var reason : e.get("excludedRows").properties()) {
                assertThat(table.group(1)).contains("<th class=\"n\">" + reason.getKey() + "</th>");
                row.append("<td class=\"n\">")
                        .append(String.format(
                                java.util.Locale.ROOT, "%,d", reason.getValue().asLong()))
                        .append("</td>");
                total += reason.getValue().asLong();
            }
            row.append("<td class=\"n\">")
                    .append(String.format(java.util.Locale.ROOT, "%,d", total))
                    .append("</td></tr>");
            assertThat(table.group(1)).contains(row);
        }
        assertThat(html).doesNotContainPattern("\\{[A-Z_]+=\\d");
    }
}
