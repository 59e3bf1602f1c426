package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.insurer.governance.policy.extract.ExtractManifest;
import org.junit.jupiter.api.Test;

class ExtractReportTaskletTest {

    @Test
    void theConsentLineNamesDatasetsAndConsentsWithUncertainRecordsInWords() {
        Map<String, Map<String, Long>> uncertain = new LinkedHashMap<>();
        uncertain.put("claims", Map.of("MARKETING", 3L));
        uncertain.put("customers", Map.of("MARKETING", 0L));
        Map<String, Long> web = new LinkedHashMap<>();
        web.put("ANALYTICS", 10_000L);
        web.put("MARKETING", 2L);
        uncertain.put("web_events", web);
        var inputs = new ExtractManifest.ConsentInputs(4, Map.of("UNREADABLE_TIMESTAMP", 4L), 7, null, 0, 0, uncertain);

        assertThat(ExtractReportTasklet.consentLine(inputs))
                .isEqualTo("    consent ledger: 4 lines quarantined (4 unreadable timestamp), 7 customers uncertain,"
                        + " (not checked) ledger customers not in the customer master; records tagged uncertain:"
                        + " claims: MARKETING 3; web_events: ANALYTICS 10,000, MARKETING 2");
    }

    @Test
    void noUncertainRecordIsSaidSo() {
        assertThat(ExtractReportTasklet.uncertainRecords(Map.of("claims", Map.of("MARKETING", 0L))))
                .isEqualTo("none");
        assertThat(ExtractReportTasklet.uncertainRecords(null)).isEqualTo("not counted");
    }
}
