package jp.insurer.governance.batch.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.batch.HeadlessChromium;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report as a browser shows it (Chromium is installed by .ci/run). */
class InventoryHtmlBrowserTest {

    @TempDir
    Path tmp;

    @Test
    void browserShowsOneRowPerDatasetAndTheUnreadableFile() throws Exception {
        assumeTrue(HeadlessChromium.available(), "Debian chromium is not installed");
        Path data = InventoryFixtures.rawZone(tmp.resolve("data"));
        InventoryFixtures.corruptFile(data.resolve("customers"));
        SuiteRun run =
                SuiteRun.job(tmp.resolve("state"), tmp.resolve("out"), "inventory", "data=" + data, "date=2026-11-24");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(4);

        String dom = HeadlessChromium.renderedDom(
                tmp.resolve("out/reports/inventory-2026-11-24.html"), tmp.resolve("profile"));

        Matcher table = Pattern.compile("<table id=\"datasets\">(.*?)</table>", Pattern.DOTALL)
                .matcher(dom);
        assertThat(table.find()).as("summary table rendered").isTrue();
        assertThat(table.group(1))
                .contains(">customers<", ">web_events<", ">claims<", ">empty_dataset<", "1,000", "3,000");
        assertThat(dom).contains("<h2 id=\"ds-customers\">customers</h2>").contains("part-00099.parquet");
    }

    /** Names come from whoever creates folders and columns: the page shows them as text, never as markup. */
    @Test
    void hostileDatasetAndColumnNamesStayText() throws Exception {
        assumeTrue(HeadlessChromium.available(), "Debian chromium is not installed");
        Path data = InventoryFixtures.rawZone(tmp.resolve("data"));
        String dataset = "<img src=x onerror=alert(1)>";
        String column = "\"><script>document.title='owned'</script>";
        Path folder = java.nio.file.Files.createDirectories(data.resolve(dataset));
        try (jp.insurer.governance.batch.DuckDb db = new jp.insurer.governance.batch.DuckDb()) {
            db.execute("COPY (SELECT 1 AS \"" + column.replace("\"", "\"\"") + "\") TO '"
                    + folder.resolve("part-00000.parquet") + "' (FORMAT parquet)");
        }
        SuiteRun run =
                SuiteRun.job(tmp.resolve("state"), tmp.resolve("out"), "inventory", "data=" + data, "date=2026-11-24");
        assertThat(run.exitCode).as(run.toString()).isZero();

        Path page = tmp.resolve("out/reports/inventory-2026-11-24.html");
        String dom = HeadlessChromium.renderedDom(page, tmp.resolve("profile"));
        // A real element would serialise with quoted attributes; the script, had it run, would have renamed the page.
        assertThat(dom)
                .doesNotContain("<img src=\"x\"")
                .contains("<title>Inventory for 2026-11-24</title>")
                .contains(
                        ">&lt;img src=x onerror=alert(1)&gt;</a>",
                        ">\"&gt;&lt;script&gt;document.title='owned'&lt;/script&gt;</td>");
        assertThat(dom.split("<script", -1)).as("no script element in the page").hasSize(1);
        HeadlessChromium.screenshot(
                page,
                tmp.resolve("profile-shot"),
                Path.of("target/report-pages/inventory-hostile-names.png"),
                1280,
                1600);
    }
}
