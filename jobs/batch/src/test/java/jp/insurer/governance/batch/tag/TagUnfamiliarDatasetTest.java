package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import jp.insurer.governance.batch.DuckDb;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset no config mentions, with column names that say nothing: the values must speak. */
class TagUnfamiliarDatasetTest {

    @TempDir
    Path tmp;

    @Test
    void everyPersonalColumnIsDetectedFromItsValuesWithEvidenceAndNoneIsNonPersonal() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 40);
        Path legacy = Files.createDirectories(data.resolve("legacy_export"));
        try (DuckDb db = new DuckDb()) {
            db.execute(
                    """
                COPY (SELECT
                  list_element(['山田 太郎','佐藤 花子','鈴木 一郎','高橋 美咲','田中 健太','渡辺 さくら','伊藤 翔','中村 陽子'], (i % 8) + 1) AS a1,
                  '090-' || lpad((1000 + i)::VARCHAR, 4, '0') || '-' || lpad((5000 + i)::VARCHAR, 4, '0') AS a2,
                  'user' || i || '@example.co.jp' AS a3,
                  list_element(['山田様より電話。折り返しは080-1111-2222まで、住所変更の相談あり。',
                                '佐藤花子様から解約の問い合わせ。メール hanako@example.jp に回答済み。',
                                '本人確認のため生年月日を伺い、昭和55年3月2日生まれと確認した。'], (i % 3) + 1) AS a4,
                  '192.168.' || (i % 200) || '.' || (i % 250 + 1) AS a5,
                  list_element(['東京都千代田区千代田1-1','大阪府大阪市北区梅田3-1-1','神奈川県横浜市西区みなとみらい2-2-1'], (i % 3) + 1) AS a6,
                  list_element(['4111111111111111','5555555555554444','3530111333300000','378282246310005'], (i % 4) + 1) AS a7,
                  list_element(['2型糖尿病','うつ病','胃がん','統合失調症','気管支喘息'], (i % 5) + 1) AS a8
                FROM range(0, 200) t(i)) TO 'TARGET' (FORMAT parquet)
                """.replace("TARGET", legacy.resolve("part-00000.parquet").toString()));
        }
        SuiteRun run = SuiteRun.job(
                tmp.resolve("state"), tmp.resolve("out"), "tag", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(run.exitCode).as(run.toString()).isZero();

        Catalog catalog =
                Json.MAPPER.readValue(Files.readAllBytes(tmp.resolve("out/catalog/catalog.json")), Catalog.class);
        Map<String, Catalog.Column> columns = catalog.datasets().stream()
                .filter(e -> e.name().equals("legacy_export"))
                .findFirst()
                .orElseThrow()
                .columns()
                .stream()
                .collect(Collectors.toMap(Catalog.Column::name, c -> c));
        assertThat(columns).hasSize(8);
        columns.values().forEach(c -> {
            assertThat(c.role()).as(c.name() + ": " + c.evidence()).isNotIn("NON_PERSONAL", "UNKNOWN");
            assertThat(c.source()).as(c.name()).isEqualTo("DETECTED");
            assertThat(c.evidence()).as(c.name()).contains("sampled values");
        });
        for (String direct : new String[] {"a1", "a2", "a3", "a5", "a6", "a7"}) {
            assertThat(columns.get(direct).role())
                    .as(direct + ": " + columns.get(direct).evidence())
                    .isEqualTo("DIRECT_IDENTIFIER");
        }
        assertThat(columns.get("a4").role()).isEqualTo("FREE_TEXT");
        assertThat(columns.get("a8").role()).isEqualTo("SENSITIVE");
        assertThat(columns.get("a8").sensitiveKind()).isEqualTo("HEALTH");
    }
}
