package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
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
class ExtractLeakIT {

    static final String PHONE = "090-3141-5926";

    @TempDir
    Path tmp;

    @Test
    void personalDataInAKeptColumnFailsTheExtractWithoutPublishingOrEchoingIt() throws Exception {
        ExtractFixture sample = ExtractFixture.sample(tmp, 300);
        Path data = sample.data;
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
        ExtractFixture.projectConfig(config);
        Path yml = config.resolve("extracts.yml");
        Files.writeString(
                yml,
                Files.readString(yml)
                        .replaceFirst(
                                "          note: scrub_text\n",
                                "          note: scrub_text\n          note_id: keep\n"));

        Path state = sample.state;
        Path out = tmp.resolve("out");
        sample.tag(out, ExtractFixture.config(config));
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

    /**
     * The red team's case: a status code that names a diagnosis in English ({@code WAIVED_CANCER_DX},
     * がん診断による払込免除) in policies.status, which a rule keeps as a quasi-identifier. Every ACTIVE
     * policy gets it, so the same rows survive k-anonymity as before; the leak check must read the code
     * as 機微情報 and the extract must fail without publishing or echoing it.
     */
    @Test
    void aDiagnosisSpelledInEnglishInAKeptStatusFailsTheExtract() throws Exception {
        ExtractFixture sample = ExtractFixture.sample(tmp, 300);
        String code = "WAIVED_CANCER_DX";
        List<Path> files;
        try (Stream<Path> s = Files.walk(sample.data.resolve("policies"))) {
            files = s.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
        assertThat(files).isNotEmpty();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = db.createStatement()) {
            for (Path file : files) {
                Path planted = file.resolveSibling("planted.tmp");
                s.execute("COPY (SELECT * REPLACE (CASE WHEN status = 'ACTIVE' THEN '" + code
                        + "' ELSE status END AS status) FROM read_parquet('" + file + "')) TO '" + planted
                        + "' (FORMAT PARQUET)");
                Files.move(planted, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path out = tmp.resolve("out");
        sample.tag(out);
        SuiteRun extract = sample.run(out, "extract", "profile=rnd-internal");
        assertThat(extract.exitCode).as(extract.toString()).isEqualTo(1);
        assertThat(extract.err + extract.out)
                .contains("leak check failed", "dataset 'policies' column 'status' holds SENSITIVE")
                .as("a product code spelling the product (CANCER_INSURANCE, like がん保険) is no diagnosis")
                .doesNotContain("column 'product_code'")
                .doesNotContain(code);
        if (Files.exists(out.resolve("extracts"))) {
            try (Stream<Path> s = Files.list(out.resolve("extracts"))) {
                assertThat(s.toList()).as("no release and no staging folder").isEmpty();
            }
        }
    }
}
