package jp.insurer.governance.batch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.insurer.governance.batch.DuckDb;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enforcement against an independent oracle: DuckDB evaluates the same two rules in SQL over the
 * ORIGINAL data, and the rows the job kept must be exactly those. Then the audit chain is checked,
 * tampered with, and verify-audit must name the broken record.
 */
class RetentionEnforceTest {

    /** The 13-month drop of web events and a PURGE_ROWS rule with an exception, as in config/retention.yml. */
    static final String RULES = """
            mode: dry-run
            rules:
              - id: device-cookie-13m
                dataset: web_events
                clock: {type: EVENT_TIME, column: dt}
                period: P13M
                action: DROP_PARTITION
              - id: contact-notes-3y
                dataset: contact_notes
                clock: {type: COLLECTION_DATE, column: created_at}
                period: P3Y
                action: PURGE_ROWS
                exceptions: [OPEN_CLAIM]
            """;

    static final String DATE = SampleData.AS_OF;
    static final String HELD =
            "(SELECT subject_id FROM read_parquet('%s/legal_holds/**/*.parquet') WHERE subject_type = 'CUSTOMER'"
                    + " AND hold_from <= DATE '" + DATE + "' AND (hold_until IS NULL OR hold_until >= DATE '" + DATE
                    + "'))";
    static final String OPEN_CLAIM =
            "(SELECT customer_id FROM read_parquet('%s/claims/**/*.parquet') WHERE claim_status = 'PENDING')";

    @TempDir
    static Path shared;

    static Path original;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generate() {
        original = SampleData.generate(shared.resolve("original"), 300);
    }

    /** Web events a correct run keeps, counted by DuckDB over the original data. */
    static long expectedWebEvents(DuckDb db, Path original) throws Exception {
        String o = original.toString();
        return db.scalarLong(
                "SELECT count(*) FROM read_parquet('" + o + "/web_events/**/*.parquet', hive_partitioning = true)"
                        + " WHERE NOT (CAST(dt AS DATE) + INTERVAL 13 MONTH < DATE '" + DATE + "'"
                        + " AND coalesce(customer_id IN " + HELD.formatted(o) + ", false) = false)");
    }

    static long expectedContactNotes(DuckDb db, Path original) throws Exception {
        String o = original.toString();
        return db.scalarLong("SELECT count(*) FROM read_parquet('" + o + "/contact_notes/**/*.parquet')"
                + " WHERE NOT (CAST(timezone('Asia/Tokyo', created_at) AS DATE) + INTERVAL 3 YEAR < DATE '" + DATE + "'"
                + " AND customer_id NOT IN " + HELD.formatted(o) + " AND customer_id NOT IN " + OPEN_CLAIM.formatted(o)
                + ")");
    }

    static long count(DuckDb db, Path data, String dataset) throws Exception {
        return db.scalarLong("SELECT count(*) FROM read_parquet('" + data + "/" + dataset
                + "/**/*.parquet', hive_partitioning = true)");
    }

    /** Asserts the enforced data equals the SQL oracle and nothing of the protocol is left behind. */
    static void assertConverged(Path original, Path data, Path out) throws Exception {
        try (DuckDb db = new DuckDb()) {
            long web = expectedWebEvents(db, original);
            long notes = expectedContactNotes(db, original);
            assertThat(web).isLessThan(count(db, original, "web_events"));
            assertThat(notes).isLessThan(count(db, original, "contact_notes"));
            assertThat(count(db, data, "web_events")).as("web_events rows kept").isEqualTo(web);
            assertThat(count(db, data, "contact_notes"))
                    .as("contact_notes rows kept")
                    .isEqualTo(notes);
            // Untouched datasets keep every row.
            assertThat(count(db, data, "customers")).isEqualTo(count(db, original, "customers"));
            // No file duplicated: every event id appears once.
            assertThat(db.scalarLong("SELECT count(*) - count(DISTINCT event_id) FROM read_parquet('" + data
                            + "/web_events/**/*.parquet')"))
                    .isZero();
        }
        assertThat(RetentionFixtures.leftovers(data))
                .as("staging or trash left")
                .isZero();
        Path journal = out.resolve("retention/journal");
        if (Files.exists(journal)) {
            try (Stream<Path> s = Files.list(journal)) {
                assertThat(s.filter(p -> !p.getFileName().toString().startsWith("."))
                                .toList())
                        .as("journal")
                        .isEmpty();
            }
        }
    }

    @Test
    void enforceKeepsExactlyWhatTheSqlOracleKeepsAndAuditDetectsTampering() throws Exception {
        Path data = tmp.resolve("data");
        RetentionFixtures.copyTree(original, data);
        Path config = RetentionFixtures.config(tmp.resolve("config"), RULES);
        Path out = tmp.resolve("out");
        Path state = tmp.resolve("state");
        String[] tagParams = {"data=" + data, "date=" + DATE};
        SuiteRun tag = SuiteRun.job(state, out, "tag", tagParams);
        assertThat(tag.exitCode).as(tag.toString()).isZero();

        String[] params = {"data=" + data, "date=" + DATE, "mode=enforce", "--governance.config=" + config};
        SuiteRun enforce = SuiteRun.job(state, out, "retention", params);
        assertThat(enforce.exitCode).as(enforce.toString()).isZero();
        assertConverged(original, data, out);
        assertThat(Files.readString(out.resolve("reports/retention-" + DATE + "-enforce.json")))
                .contains("\"mode\" : \"enforce\"");

        // Every decision was committed, and neither the audit log nor the report holds a raw customer id.
        String audit;
        try (Stream<Path> s = Files.list(out.resolve("audit"))) {
            StringBuilder b = new StringBuilder();
            for (Path p :
                    s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) b.append(Files.readString(p));
            audit = b.toString();
        }
        long decisions = audit.lines()
                .filter(l -> l.contains("\"type\":\"RETENTION_DECISION\""))
                .count();
        assertThat(decisions).isPositive();
        assertThat(audit.lines()
                        .filter(l -> l.contains("\"type\":\"RETENTION_COMMITTED\""))
                        .count())
                .isEqualTo(decisions);
        assertThat(audit).doesNotContainPattern("C\\d{10}");
        assertThat(Files.readString(out.resolve("reports/retention-" + DATE + "-enforce.json")))
                .doesNotContainPattern("C\\d{10}");

        // The governed zone holds no copy of a rewritten or dropped file: every governed file has its source.
        Path governed = out.resolve("governed");
        try (Stream<Path> s = Files.walk(governed.resolve("web_events"))) {
            for (Path g : s.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                assertThat(data.resolve("web_events")
                                .resolve(governed.resolve("web_events")
                                        .relativize(g)
                                        .toString()))
                        .as("source of governed " + g)
                        .exists();
            }
        }
        assertThat(Files.walk(governed.resolve("contact_notes"))
                        .filter(p -> p.toString().endsWith(".parquet"))
                        .count())
                .as("governed contact notes of rewritten files removed")
                .isZero();

        // Deciding again deletes nothing more.
        SuiteRun again = SuiteRun.job(state, out, "retention", append(params, "--rerun"));
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains(" 0 row(s) deleted");
        assertConverged(original, data, out);

        // The audit chain: intact, then a modified record and a deleted record are each named.
        SuiteRun verify = SuiteRun.job(state, out, "verify-audit", "data=" + data);
        assertThat(verify.exitCode).as(verify.toString()).isZero();
        assertThat(verify.out).contains("audit chain OK");
        Path segment;
        try (Stream<Path> s = Files.list(out.resolve("audit"))) {
            segment = s.filter(p -> p.getFileName().toString().startsWith("chain-"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        List<String> lines = Files.readAllLines(segment);
        // The first decision that removed rows (which line that is depends on how the two workers interleave).
        int at = 0;
        while (!(lines.get(at).contains("\"type\":\"RETENTION_DECISION\"")
                && lines.get(at).matches(".*\"rowsRemoved\":[1-9].*"))) at++;
        String original = lines.get(at);
        lines.set(at, original.replaceFirst("\"rowsRemoved\":\\d+", "\"rowsRemoved\":0"));
        assertThat(lines.get(at)).isNotEqualTo(original);
        Files.write(segment, lines);
        SuiteRun modified = SuiteRun.job(state, out, "verify-audit", "data=" + data);
        assertThat(modified.exitCode).as(modified.toString()).isEqualTo(1);
        assertThat(modified.err)
                .contains("MODIFIED", segment.getFileName().toString() + ":" + (at + 1), "sequence " + (at + 1));

        SuiteRun refused = SuiteRun.job(state, out, "retention", append(params, "--rerun"));
        assertThat(refused.exitCode).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err).contains("audit log is broken", "MODIFIED");

        lines.remove(at);
        Files.write(segment, lines);
        SuiteRun deleted = SuiteRun.job(state, out, "verify-audit", "data=" + data);
        assertThat(deleted.exitCode).as(deleted.toString()).isEqualTo(1);
        assertThat(deleted.err)
                .contains("OUT_OF_SEQUENCE", segment.getFileName().toString() + ":" + (at + 1), "sequence " + (at + 2));
    }

    @Test
    void purgeColumnsNullsTheNamedColumnsOfExpiredRowsOnlyAndOnce() throws Exception {
        Path data = tmp.resolve("data");
        RetentionFixtures.copyTree(original, data);
        Path config = RetentionFixtures.config(tmp.resolve("config"), """
                rules:
                  - id: contact-notes-text-3y
                    dataset: contact_notes
                    clock: {type: COLLECTION_DATE, column: created_at}
                    period: P3Y
                    action: PURGE_COLUMNS
                    columns: [note]
                    exceptions: [OPEN_CLAIM]
                """);
        String[] params = {"data=" + data, "date=" + DATE, "mode=enforce", "--governance.config=" + config};
        SuiteRun enforce = SuiteRun.job(tmp.resolve("state"), tmp.resolve("out"), "retention", params);
        assertThat(enforce.exitCode).as(enforce.toString()).isZero();
        try (DuckDb db = new DuckDb()) {
            long all = count(db, original, "contact_notes");
            long kept = expectedContactNotes(db, original); // rows the PURGE_ROWS twin would keep
            assertThat(count(db, data, "contact_notes")).isEqualTo(all);
            assertThat(db.scalarLong("SELECT count(*) FROM read_parquet('" + data
                                    + "/contact_notes/**/*.parquet') WHERE note IS NULL")
                            - db.scalarLong("SELECT count(*) FROM read_parquet('" + original
                                    + "/contact_notes/**/*.parquet') WHERE note IS NULL"))
                    .as("notes set to null")
                    .isEqualTo(all - kept)
                    .isPositive();
            assertThat(db.scalarLong("SELECT count(*) FROM read_parquet('" + data
                            + "/contact_notes/**/*.parquet') WHERE channel IS NULL"))
                    .isZero();
        }
        // Deciding again finds nothing left to null: no new rewrite.
        Map<String, String> before = RetentionFixtures.checksums(data);
        SuiteRun again = SuiteRun.job(tmp.resolve("state"), tmp.resolve("out"), "retention", append(params, "--rerun"));
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(RetentionFixtures.checksums(data)).isEqualTo(before);
    }

    @Test
    void aRuleOnAnUnknownColumnStopsTheJobWithExitCode2() throws Exception {
        Path config =
                RetentionFixtures.config(tmp.resolve("config"), RULES.replace("column: created_at", "column: created"));
        SuiteRun run = SuiteRun.job(
                tmp.resolve("state"),
                tmp.resolve("out"),
                "retention",
                "data=" + original,
                "date=" + DATE,
                "--governance.config=" + config);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err).contains("retention.yml:10", "clock.column", "unknown column 'created'");
    }

    @Test
    void anUnknownDatasetABadPeriodOrAMissingClockStopTheJobWithExitCode2() throws Exception {
        String[][] cases = {
            {"dataset: contact_notes", "dataset: contact_memos", "retention.yml:9", "unknown dataset 'contact_memos'"},
            {"period: P3Y", "period: three years", "retention.yml:11", "period"},
            {"    clock: {type: COLLECTION_DATE, column: created_at}\n", "", "retention.yml:8", "clock"},
        };
        for (String[] c : cases) {
            Path config = RetentionFixtures.config(
                    tmp.resolve("config-" + c[2].hashCode() + c[3].hashCode()), RULES.replace(c[0], c[1]));
            SuiteRun run = SuiteRun.job(
                    tmp.resolve("state"),
                    tmp.resolve("out"),
                    "retention",
                    "data=" + original,
                    "date=" + DATE,
                    "--governance.config=" + config);
            assertThat(run.exitCode).as(c[1] + ": " + run).isEqualTo(2);
            assertThat(run.err).as(c[1]).contains(c[2], c[3]);
            assertThat(run.err.strip().lines().count()).isEqualTo(1);
        }
    }

    static String[] append(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
