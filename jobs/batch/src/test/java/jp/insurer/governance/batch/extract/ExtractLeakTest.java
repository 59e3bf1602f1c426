package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.tag.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leak check is the last line of defence. Phone numbers hidden in the last rows of a column the
 * tag job's sample saw as not personal (contact_notes.category), and a record key a profile asks to
 * keep (note_id, NON_PERSONAL by its name), both reach the extract as KEEP columns; the extract fails
 * naming dataset, columns and types — never a value — and publishes nothing.
 */
class ExtractLeakTest {

    static final String PHONE = "090-3141-5926";

    @TempDir
    Path tmp;

    @Test
    void personalDataInAKeptColumnFailsTheExtractWithoutPublishingOrEchoingIt() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 300);
        Path notes;
        try (Stream<Path> s = Files.walk(data.resolve("contact_notes"))) {
            notes = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Path planted = notes.resolveSibling("planted.tmp");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = db.createStatement()) {
            s.execute("COPY (SELECT * REPLACE (CASE WHEN note_id IN (SELECT note_id FROM read_parquet('" + notes
                    + "') ORDER BY note_id DESC LIMIT 3) THEN '" + PHONE
                    + "' ELSE category END AS category) FROM read_parquet('"
                    + notes + "')) TO '" + planted + "' (FORMAT PARQUET)");
        }
        Files.move(planted, notes, StandardCopyOption.REPLACE_EXISTING);
        Path config = tmp.resolve("config");
        ExtractJobTest.copy(SuiteRun.projectRoot().resolve("config"), config);
        Path yml = config.resolve("extracts.yml");
        Files.writeString(
                yml,
                Files.readString(yml)
                        .replaceFirst(
                                "          note: scrub_text\n",
                                "          note: scrub_text\n          note_id: keep\n"));

        Path state = SampleData.writeKeys(tmp.resolve("state"));
        Path out = tmp.resolve("out");
        SuiteRun tag = SuiteRun.job(
                state, out, "tag", "data=" + data, "date=" + SampleData.AS_OF, "--governance.config=" + config);
        assertThat(tag.exitCode).as(tag.toString()).isZero();
        Catalog catalog = Json.MAPPER.readValue(Files.readAllBytes(out.resolve("catalog/catalog.json")), Catalog.class);
        var columns = catalog.datasets().stream()
                .filter(d -> d.name().equals("contact_notes"))
                .findFirst()
                .orElseThrow()
                .columns();
        assertThat(columns)
                .filteredOn(c -> c.name().equals("category") || c.name().equals("note_id"))
                .as("the sample missed the planted rows; a record key is not personal by itself")
                .extracting(Catalog.Column::role)
                .containsExactly("NON_PERSONAL", "NON_PERSONAL");

        SuiteRun extract = SuiteRun.job(
                state,
                out,
                "extract",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "profile=rnd-internal",
                "--governance.config=" + config);
        assertThat(extract.exitCode).as(extract.toString()).isEqualTo(1);
        // note ids are 12-digit runs, a few of which pass the My Number check digit: either reason stops them
        assertThat(extract.err + extract.out)
                .contains("leak check failed", "dataset 'contact_notes' column 'category' holds PHONE_NUMBER")
                .containsPattern("column 'note_id' holds (RECORD_KEY|MY_NUMBER)")
                .doesNotContain(PHONE)
                .doesNotContain(PHONE.replace("-", ""));
        if (Files.exists(out.resolve("extracts"))) {
            try (Stream<Path> s = Files.list(out.resolve("extracts"))) {
                assertThat(s.toList()).as("no release and no staging folder").isEmpty();
            }
        }
    }
}
