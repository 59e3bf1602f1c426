package jp.insurer.governance.batch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionJobTest {

    @TempDir
    Path tmp;

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
        assertThat(out.resolve("reports/retention-" + SampleData.AS_OF + "-enforce.json"))
                .doesNotExist();

        // The page leads with the totals a compliance officer reads first: per rule, per dataset, then the partitions.
        String html = Files.readString(out.resolve("reports/retention-" + SampleData.AS_OF + "-dry-run.html"));
        int perRule = html.indexOf("<table id=\"per-rule\">");
        int perDataset = html.indexOf("<table id=\"per-dataset\">");
        assertThat(perRule).isPositive().isLessThan(perDataset);
        assertThat(perDataset).isLessThan(html.indexOf("<table class=\"partitions\">"));
        Map<String, Long> deletedPerRule = new java.util.TreeMap<>();
        Map<String, Long> deletedPerDataset = new java.util.TreeMap<>();
        for (var rule :
                jp.insurer.governance.batch.support.Json.MAPPER.readTree(report).get("rules")) {
            long n = rule.get("total").get("rowsDeleted").asLong();
            deletedPerRule.merge(rule.get("id").asString(), n, Long::sum);
            deletedPerDataset.merge(rule.get("dataset").asString(), n, Long::sum);
        }
        assertThat(deletedPerRule.values().stream().mapToLong(Long::longValue).sum())
                .isPositive();
        assertThat(cells(html.substring(perRule, perDataset), 3)).isEqualTo(deletedPerRule);
        assertThat(cells(html.substring(perDataset, html.indexOf("</table>", perDataset)), 3))
                .isEqualTo(deletedPerDataset);

        // "Already completed" looks for the report under its new name, and says so when it is gone.
        SuiteRun again = SuiteRun.job(state, out, "retention", params);
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains("already completed");
        Files.delete(out.resolve("reports/retention-" + SampleData.AS_OF + "-dry-run.json"));
        SuiteRun gone = SuiteRun.job(state, out, "retention", params);
        assertThat(gone.exitCode).as(gone.toString()).isEqualTo(1);
        assertThat(gone.err).contains("retention-" + SampleData.AS_OF + "-dry-run.json is gone");
    }

    /** Per table row: its first cell's text and the number in the given cell after it (0 = the first after the name). */
    private static Map<String, Long> cells(String table, int cell) {
        Map<String, Long> values = new java.util.TreeMap<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("<tr><td>([^<]+)</td>(.*?)</tr>")
                .matcher(table);
        while (row.find()) {
            if (row.group(1).equals("total")) continue;
            String[] numbers = row.group(2).replaceAll("<td class=\"n\">", "").split("</td>");
            values.put(row.group(1), Long.parseLong(numbers[cell].replace(",", "")));
        }
        return values;
    }
}
