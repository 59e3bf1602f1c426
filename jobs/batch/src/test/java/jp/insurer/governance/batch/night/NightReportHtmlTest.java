package jp.insurer.governance.batch.night;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The night page from a report whose names are hostile: every name, in tables and in SVG labels, stays text. */
class NightReportHtmlTest {

    static final String HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";
    static final String ESCAPED =
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;";

    @Test
    void namesAreEscapedEverywhere() {
        NightReport report = new NightReport(
                "2026-11-24",
                List.of(new NightReport.ConsentNight(
                        "2026-11-24",
                        List.of(new NightReport.PurposeCoverage(
                                HOSTILE, Map.of("GRANTED", 3L, "WITHDRAWN", 1L), 4, 3, 0.75)))),
                List.of(new NightReport.RetentionRun(
                        "reports/retention-2026-11-24-enforce.json",
                        "enforce",
                        List.of(new NightReport.RuleTotal(
                                HOSTILE, HOSTILE, "DELETE", 10, 4, 0, 0, Map.of("LEGAL_HOLD", 1L))))),
                List.of(new NightReport.Extract(HOSTILE, "p", HOSTILE, HOSTILE, 5, 5L, Map.of(HOSTILE, 2L))),
                new NightReport.Quarantine(2L, Map.of(HOSTILE, 2L), 1L, List.of(HOSTILE + ": bad"), 0L),
                List.of(new NightReport.StepRun(
                        HOSTILE,
                        1,
                        HOSTILE,
                        "COMPLETED",
                        "COMPLETED",
                        "2026-11-25T01:00",
                        "2026-11-25T01:01",
                        60.0,
                        10,
                        10)),
                List.of());
        String html = NightReportHtml.render(report);
        assertThat(html).doesNotContain("<script", "<img", "alert('x')");
        // purpose (table + trend legend + dot title), rule and dataset, extract, recipient, purpose, reason, dataset,
        // job and step
        assertThat(html.split(java.util.regex.Pattern.quote(ESCAPED), -1).length - 1)
                .isGreaterThanOrEqualTo(12);
        assertThat(html).contains("rows deleted by retention").contains(">4<");
    }
}
