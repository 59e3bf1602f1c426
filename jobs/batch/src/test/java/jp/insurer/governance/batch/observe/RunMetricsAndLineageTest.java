package jp.insurer.governance.batch.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jp.insurer.governance.batch.DuckDb;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Real tag, extract and retention runs (dry run, then enforce) on the sample data; then their metrics and
 * lineage are judged by outside tools: Prometheus' {@code promtool} lints each textfile, a real Pushgateway
 * (Prometheus' own text parser) parses it and returns the values, which must equal the numbers of the
 * jobs' reports (and DuckDB's count of the governed zone); every OpenLineage event validates against the
 * OpenLineage JSON schemas; neither holds any value of the data.
 */
class RunMetricsAndLineageTest {

    @TempDir
    static Path tmp;

    static Path data;
    static Path state;
    static Path out;
    static Path metrics;
    static Map<String, SuiteRun> runs = new HashMap<>();
    static Process pushgateway;
    /** Rows of each governed dataset right after the tag run (retention enforce changes them later), read by DuckDB. */
    static Map<String, Long> governedRows = new HashMap<>();

    static String pushgatewayUrl;
    static final HttpClient http = HttpClient.newHttpClient();
    static final Set<String> PERSONAL_ROLES = Set.of("DIRECT_IDENTIFIER", "QUASI_IDENTIFIER", "SENSITIVE", "FREE_TEXT");

    @BeforeAll
    static void runTheJobs() throws Exception {
        data = SampleData.generate(tmp.resolve("data"), 600);
        state = writeExtractKeys(tmp.resolve("state"));
        out = tmp.resolve("out");
        metrics = tmp.resolve("metrics");
        startPushgateway();
        List<String> common = new ArrayList<>(
                List.of("data=" + data, "date=" + SampleData.AS_OF, "--governance.metrics.textfile-folder=" + metrics));
        if (pushgatewayUrl != null) common.add("--governance.metrics.pushgateway-url=" + pushgatewayUrl);
        run("tag", common);
        try (DuckDb duck = new DuckDb();
                Statement s = duckStatement(duck)) {
            try (var datasets = Files.list(out.resolve("governed"))) {
                for (Path d : datasets.filter(Files::isDirectory)
                        .filter(d -> !d.getFileName().toString().startsWith("."))
                        .toList()) {
                    String files = d + "/**/*.parquet";
                    long rows = 0;
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM glob('" + files + "')")) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            try (ResultSet c = s.executeQuery("SELECT count(*) FROM read_parquet('" + files + "')")) {
                                c.next();
                                rows = c.getLong(1);
                            }
                        }
                    }
                    governedRows.put(d.getFileName().toString(), rows);
                }
            }
        }
        run("extract", common);
        run("retention", common); // dry run: the retention .prom is then replaced by the enforce run's
        Path dryRunProm = metrics.resolve("governance_retention.prom");
        Files.copy(dryRunProm, tmp.resolve("retention-dry-run.prom"));
        // Refused by the safety valve inside the job (a FAILED execution); its metrics go to a folder of their own.
        SuiteRun refused = SuiteRun.job(
                state,
                out,
                "retention",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "mode=enforce",
                "--governance.retention.max-delete-rows=1",
                "--governance.metrics.textfile-folder=" + tmp.resolve("refused-metrics"));
        runs.put("retention-refused", refused);
        List<String> enforce = new ArrayList<>(common);
        enforce.addAll(List.of("mode=enforce", "--rerun", "--allow-mass-delete"));
        run("retention-enforce", enforce);
    }

    private static void run(String name, List<String> args) {
        String job = name.startsWith("retention") ? "retention" : name;
        SuiteRun r = SuiteRun.job(state, out, job, args.toArray(String[]::new));
        assertThat(r.exitCode).as(name + ": " + r).isIn(0, 4);
        runs.put(name, r);
    }

    @AfterAll
    static void stopPushgateway() throws InterruptedException {
        if (pushgateway != null) {
            pushgateway.destroy();
            pushgateway.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyTextfileIsValidPrometheusTextAccordingToPromtool() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool), "promtool (Debian package prometheus) is not installed");
        for (Path prom : List.of(
                metrics.resolve("governance_tag.prom"),
                metrics.resolve("governance_extract.prom"),
                metrics.resolve("governance_retention.prom"),
                tmp.resolve("retention-dry-run.prom"))) {
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectInput(prom.toFile())
                    .redirectErrorStream(true)
                    .start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(prom + ": " + said).isZero();
        }
        assertThat(metrics).isDirectoryContaining("glob:**/governance_tag.prom");
        try (var files = Files.list(metrics)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no temp file left beside the .prom files")
                    .allMatch(n -> n.endsWith(".prom"));
        }
    }

    @Test
    void tagCountersEqualTheTagReportCatalogAndTheGovernedZone() throws Exception {
        Map<String, Sample> m = parsed(metrics.resolve("governance_tag.prom"));
        JsonNode report = Json.MAPPER.readTree(
                out.resolve("reports/tag-" + SampleData.AS_OF + ".json").toFile());
        JsonNode catalog =
                Json.MAPPER.readTree(out.resolve("catalog/catalog.json").toFile());
        assertThat(report.get("rowsTagged").properties()).isNotEmpty();
        for (var e : report.get("rowsTagged").properties()) {
            String dataset = e.getKey();
            double counted = value(m, "governance_tag_records_total", Map.of("job", "tag", "dataset", dataset));
            assertThat(counted).as(dataset).isEqualTo(e.getValue().asDouble());
            assertThat(counted).as(dataset + " governed rows read by DuckDB").isEqualTo((double)
                    governedRows.getOrDefault(dataset, 0L));
        }
        for (var e : report.get("quarantinedByReason").properties()) {
            assertThat(value(m, "governance_quarantined_records_total", Map.of("reason", e.getKey())))
                    .isEqualTo(e.getValue().asDouble());
        }
        assertThat(value(m, "governance_consent_ledger_events_total", Map.of()))
                .isEqualTo(report.get("consentEvents").asDouble());
        int states = 0;
        for (JsonNode entry : catalog.get("datasets")) {
            if (entry.get("rowsByConsent") == null || entry.get("rowsByConsent").isNull()) continue;
            for (var purpose : entry.get("rowsByConsent").properties()) {
                for (var state : purpose.getValue().properties()) {
                    states++;
                    assertThat(value(
                                    m,
                                    "governance_consent_records",
                                    Map.of(
                                            "dataset",
                                            entry.get("name").asString(),
                                            "purpose",
                                            purpose.getKey(),
                                            "state",
                                            state.getKey())))
                            .isEqualTo(state.getValue().asDouble());
                }
            }
        }
        assertThat(states).isPositive();
        assertThat(value(m, "governance_job_exit_code", Map.of("job", "tag"))).isEqualTo(runs.get("tag").exitCode);
        assertThat(m.values())
                .anyMatch(x -> x.name.equals("governance_step_duration_seconds_count")
                        && "tagRecords".equals(x.labels.get("step"))
                        && "COMPLETED".equals(x.labels.get("status"))
                        && x.value == 1);
        assertThat(value(m, "governance_job_duration_seconds_count", Map.of("status", "COMPLETED")))
                .isEqualTo(1);
    }

    @Test
    void extractCountersEqualTheExtractReport() throws Exception {
        Map<String, Sample> m = parsed(metrics.resolve("governance_extract.prom"));
        JsonNode report = Json.MAPPER.readTree(
                out.resolve("reports/extract-" + SampleData.AS_OF + ".json").toFile());
        assertThat(report.get("extracts")).isNotEmpty();
        for (JsonNode r : report.get("extracts")) {
            String profile = r.get("profile").asString();
            assertThat(value(m, "governance_extract_rows_released_total", Map.of("profile", profile)))
                    .as(profile)
                    .isEqualTo(r.get("rows").asDouble());
            for (var e : r.get("excludedRows").properties()) {
                assertThat(value(
                                m,
                                "governance_extract_rows_excluded_total",
                                Map.of("profile", profile, "reason", e.getKey())))
                        .as(profile + " " + e.getKey())
                        .isEqualTo(e.getValue().asDouble());
            }
            assertThat(value(m, "governance_extract_leak_check_failures_total", Map.of("profile", profile)))
                    .isZero();
        }
        assertThat(value(m, "governance_job_exit_code", Map.of("job", "extract")))
                .isEqualTo(runs.get("extract").exitCode);
    }

    @Test
    void retentionCountersCarryTheModeAndEqualEachRunsReport() throws Exception {
        Map<String, Sample> dry = parsed(tmp.resolve("retention-dry-run.prom"));
        Map<String, Sample> enforce = parsed(metrics.resolve("governance_retention.prom"));
        JsonNode report = Json.MAPPER.readTree(out.resolve("reports/retention-" + SampleData.AS_OF + "-enforce.json")
                .toFile());
        assertThat(report.get("mode").asString()).isEqualTo("enforce");
        long deleted = 0;
        for (JsonNode rule : report.get("rules")) {
            Map<String, String> labels = Map.of(
                    "rule",
                    rule.get("id").asString(),
                    "dataset",
                    rule.get("dataset").asString(),
                    "mode",
                    rule.get("mode").asString());
            assertThat(value(enforce, "governance_retention_rows_deleted_total", labels))
                    .as(labels.toString())
                    .isEqualTo(rule.get("total").get("rowsDeleted").asDouble());
            assertThat(value(enforce, "governance_retention_rows_columns_nulled_total", labels))
                    .isEqualTo(rule.get("total").get("rowsColumnsNulled").asDouble());
            deleted += rule.get("total").get("rowsDeleted").asLong();
        }
        assertThat(deleted).as("the sample data has expired rows").isPositive();
        // The dry run found what enforce then deleted, under its own mode label.
        double wouldDelete = dry.values().stream()
                .filter(s -> s.name.equals("governance_retention_rows_deleted_total"))
                .peek(s -> assertThat(s.labels.get("mode")).isEqualTo("dry-run"))
                .mapToDouble(s -> s.value)
                .sum();
        assertThat(wouldDelete).isEqualTo(deleted);
    }

    @Test
    void thePushgatewayHoldsWhatEachJobPushed() throws Exception {
        assumeTrue(pushgatewayUrl != null, "prometheus-pushgateway (Debian package) is not installed");
        Map<String, Sample> pushed = pushedGroup("extract");
        Map<String, Sample> file = parsed(metrics.resolve("governance_extract.prom"));
        for (Sample s : file.values()) {
            if (s.name.startsWith("governance_extract_")) {
                assertThat(pushed).as(s.key()).containsKey(s.key());
                assertThat(pushed.get(s.key()).value).isEqualTo(s.value);
            }
        }
        assertThat(pushedGroup("retention").values())
                .anyMatch(s -> s.name.equals("governance_retention_rows_deleted_total")
                        && "enforce".equals(s.labels.get("mode")));
    }

    @Test
    void lineageEventsValidateAgainstTheOpenLineageSchemaAndPairUp() throws Exception {
        List<String> lines = lineageLines();
        SchemaRegistry registry = openLineageSchemas();
        Schema event = registry.getSchema(SchemaLocation.of("https://openlineage.io/spec/2-0-2/OpenLineage.json"));
        Map<String, List<String>> typesByRun = new HashMap<>();
        Set<String> facetSchemas = new LinkedHashSet<>();
        JsonNode tagComplete = null;
        for (String line : lines) {
            JsonNode node = Json.MAPPER.readTree(line);
            List<Error> errors = event.validate(node);
            assertThat(errors).as(line).isEmpty();
            for (JsonNode facet : facets(node)) {
                String url = facet.get("_schemaURL").asString();
                facetSchemas.add(url);
                assertThat(registry.getSchema(SchemaLocation.of(url)).validate(facet))
                        .as(url)
                        .isEmpty();
            }
            typesByRun
                    .computeIfAbsent(node.get("run").get("runId").asString(), k -> new ArrayList<>())
                    .add(node.get("job").get("name").asString() + ":"
                            + node.get("eventType").asString());
            if (node.get("job").get("name").asString().equals("tag")
                    && node.get("eventType").asString().equals("COMPLETE")) {
                tagComplete = node;
            }
            if (node.get("job").get("name").asString().equals("tag")
                    && node.get("eventType").asString().equals("START")) {
                List<String> planned = new ArrayList<>();
                node.get("inputs").forEach(in -> planned.add(in.get("name").asString()));
                assertThat(planned)
                        .as("tag's START names the raw datasets it will read")
                        .contains(
                                data.resolve("customers").toAbsolutePath().toString(),
                                data.resolve("consent_events").toAbsolutePath().toString());
            }
        }
        // Five executions (tag, extract, retention dry run, refused enforce, enforce): each a START, then its end,
        // under one run id.
        assertThat(typesByRun).hasSize(5);
        assertThat(typesByRun.values())
                .allSatisfy(
                        types -> assertThat(types).hasSize(2).first().asString().endsWith(":START"));
        assertThat(typesByRun.values().stream().map(types -> types.get(1)).sorted())
                .containsExactly(
                        "extract:COMPLETE",
                        "retention:COMPLETE",
                        "retention:COMPLETE",
                        "retention:FAIL",
                        "tag:COMPLETE");
        assertThat(facetSchemas)
                .anyMatch(u -> u.contains("SchemaDatasetFacet"))
                .anyMatch(u -> u.contains("NominalTimeRunFacet"));

        assertThat(tagComplete).isNotNull();
        Set<String> inputs = new LinkedHashSet<>();
        for (JsonNode in : tagComplete.get("inputs")) {
            assertThat(in.get("namespace").asString()).isEqualTo("file");
            inputs.add(in.get("name").asString());
        }
        assertThat(inputs).contains(data.resolve("customers").toAbsolutePath().toString());
        JsonNode customers = null;
        for (JsonNode in : tagComplete.get("inputs")) {
            if (in.get("name").asString().endsWith("/customers")) customers = in;
        }
        List<String> columns = new ArrayList<>();
        customers
                .get("facets")
                .get("schema")
                .get("fields")
                .forEach(f -> columns.add(f.get("name").asString()));
        try (DuckDb duck = new DuckDb();
                Statement s = duckStatement(duck)) {
            // hand-check against DuckDB's view of the same files
            try (ResultSet rs = s.executeQuery(
                    "DESCRIBE SELECT * FROM read_parquet('" + data.resolve("customers") + "/**/*.parquet')")) {
                List<String> expected = new ArrayList<>();
                while (rs.next()) expected.add(rs.getString(1));
                assertThat(columns)
                        .containsExactlyInAnyOrderElementsOf(expected.stream()
                                .filter(c -> !isHivePartition(c))
                                .toList());
            }
        }
        boolean governedOut = false;
        for (JsonNode o : tagComplete.get("outputs")) {
            if (o.get("name")
                    .asString()
                    .equals(out.resolve("governed/customers").toAbsolutePath().toString())) {
                governedOut = o.get("outputFacets")
                                .get("outputStatistics")
                                .get("rowCount")
                                .asLong()
                        > 0;
            }
        }
        assertThat(governedOut)
                .as("governed customers as an output with its row count")
                .isTrue();
    }

    @Test
    void neitherMetricsNorLineageHoldAnyValueOfTheData() throws Exception {
        StringBuilder written = new StringBuilder();
        try (var files = Files.list(metrics)) {
            for (Path p : files.toList()) written.append(Files.readString(p));
        }
        written.append(Files.readString(out.resolve("lineage/" + SampleData.AS_OF + ".jsonl")));
        String text = written.toString();
        Map<String, String> values = new HashMap<>(); // value -> dataset.column it came from
        JsonNode catalog =
                Json.MAPPER.readTree(out.resolve("catalog/catalog.json").toFile());
        try (DuckDb duck = new DuckDb();
                Statement s = duckStatement(duck)) {
            for (JsonNode entry : catalog.get("datasets")) {
                for (JsonNode column : entry.get("columns")) {
                    // Personal columns held as text (numbers could equal a count by chance); vocabulary columns
                    // (purposes, statuses, product codes) are names the metrics may use as labels.
                    String type = column.get("physicalType").asString();
                    if (!PERSONAL_ROLES.contains(column.get("role").asString())
                            || !(type.equals("BYTE_ARRAY") || type.contains("STRING"))) continue;
                    String from = " FROM read_parquet('"
                            + data.resolve(entry.get("name").asString()) + "/**/*.parquet')";
                    String cell = "CAST(\"" + column.get("name").asString() + "\" AS VARCHAR)";
                    // Only columns that tell people apart (50+ distinct values): a product code or a status is
                    // a quasi-identifier for k-anonymity, yet also the vocabulary labels and rule ids are made of.
                    try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT " + cell + ")" + from)) {
                        rs.next();
                        if (rs.getLong(1) < 50) continue;
                    }
                    String sql = "SELECT DISTINCT " + cell + from + " LIMIT 300";
                    try (ResultSet rs = s.executeQuery(sql)) {
                        while (rs.next()) {
                            String v = rs.getString(1);
                            if (v != null && v.strip().length() >= 5) {
                                values.putIfAbsent(
                                        v.strip(),
                                        entry.get("name").asString() + "."
                                                + column.get("name").asString());
                            }
                        }
                    }
                }
            }
        }
        assertThat(values).as("personal values sampled from the raw zone").hasSizeGreaterThan(300);
        // Only where a value came from is shown, never the value.
        List<String> found = values.entrySet().stream()
                .filter(e -> text.contains(e.getKey()))
                .map(Map.Entry::getValue)
                .distinct()
                .sorted()
                .toList();
        assertThat(found)
                .as("columns whose values appear in metrics or lineage")
                .isEmpty();
    }

    /**
     * A run that fails (the safety valve refuses an enforce that would delete more than one row): its metrics say
     * exit 2 and FAILED without any report's numbers (an older report must not pass for this run's), and its
     * lineage is START then FAIL, valid, naming the exception's type and not its message.
     */
    @Test
    void aRefusedRunIsReportedAsFailedWithoutReportNumbers() throws Exception {
        assertThat(runs.get("retention-refused").exitCode)
                .as(runs.get("retention-refused").toString())
                .isEqualTo(2);
        Path prom = tmp.resolve("refused-metrics/governance_retention.prom");
        assertThat(Files.readString(prom)).doesNotContain("governance_retention_rows");
        Map<String, Sample> m = parsed(prom);
        assertThat(value(m, "governance_job_exit_code", Map.of("job", "retention")))
                .isEqualTo(2.0);
        assertThat(value(m, "governance_job_duration_seconds_count", Map.of("status", "FAILED")))
                .isEqualTo(1.0);

        SchemaRegistry registry = openLineageSchemas();
        JsonNode fail = null;
        for (String line : lineageLines()) {
            JsonNode node = Json.MAPPER.readTree(line);
            if (node.get("eventType").asString().equals("FAIL")) fail = node;
        }
        assertThat(fail).isNotNull();
        assertThat(fail.get("job").get("name").asString()).isEqualTo("retention");
        JsonNode error = fail.get("run").get("facets").get("errorMessage");
        assertThat(registry.getSchema(SchemaLocation.of(error.get("_schemaURL").asString()))
                        .validate(error))
                .isEmpty();
        assertThat(error.get("message").asString()).contains("RefusedException").doesNotContain("nothing was changed");
    }

    // ---- helpers

    private static List<String> lineageLines() throws IOException {
        return Files.readAllLines(out.resolve("lineage/" + SampleData.AS_OF + ".jsonl")).stream()
                .filter(l -> !l.isBlank())
                .toList();
    }

    /** The OpenLineage schemas of the test resources, found by their $id (no network). */
    private static SchemaRegistry openLineageSchemas() {
        return SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12,
                b -> b.schemaIdResolvers(r -> r.mapPrefix("https://openlineage.io/", "classpath:openlineage/")));
    }

    private static boolean isHivePartition(String column) {
        return column.equals("date") || column.equals("year") || column.equals("month") || column.equals("dt");
    }

    private static Statement duckStatement(DuckDb duck) throws Exception {
        java.lang.reflect.Field f = DuckDb.class.getDeclaredField("connection");
        f.setAccessible(true);
        return ((java.sql.Connection) f.get(duck)).createStatement();
    }

    private static List<JsonNode> facets(JsonNode event) {
        List<JsonNode> all = new ArrayList<>();
        addFacets(all, event.get("run").get("facets"));
        addFacets(all, event.get("job").get("facets"));
        for (String side : List.of("inputs", "outputs")) {
            if (event.get(side) == null) continue;
            for (JsonNode d : event.get(side)) {
                addFacets(all, d.get("facets"));
                addFacets(all, d.get("outputFacets"));
                addFacets(all, d.get("inputFacets"));
            }
        }
        return all;
    }

    private static void addFacets(List<JsonNode> into, JsonNode facets) {
        if (facets == null || facets.isNull()) return;
        facets.properties().forEach(e -> into.add(e.getValue()));
    }

    /** One sample as the parser gave it: metric name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {
        String key() {
            return name + new java.util.TreeMap<>(labels);
        }
    }

    private static double value(Map<String, Sample> samples, String name, Map<String, String> labels) {
        List<Sample> matching = samples.values().stream()
                .filter(s -> s.name.equals(name))
                .filter(s -> s.labels.entrySet().containsAll(labels.entrySet()))
                .toList();
        assertThat(matching).as(name + labels).hasSize(1);
        return matching.get(0).value;
    }

    /**
     * The file parsed by Prometheus' own text parser: PUT to the Pushgateway under a group of its own, read
     * back through its JSON API. Without a Pushgateway the test is skipped (CI installs it).
     */
    private static Map<String, Sample> parsed(Path prom) throws Exception {
        assumeTrue(pushgatewayUrl != null, "prometheus-pushgateway (Debian package) is not installed");
        String group =
                "parsed_" + prom.getFileName().toString().replace('.', '_').replace('-', '_');
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(URI.create(pushgatewayUrl + "/metrics/job/" + group))
                        .PUT(HttpRequest.BodyPublishers.ofString(stripJobLabel(Files.readString(prom))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode())
                .as(prom + " rejected by the Pushgateway's parser: " + put.body())
                .isBetween(200, 299);
        Map<String, Sample> samples = pushedGroup(group);
        assertThat(samples).isNotEmpty();
        return samples;
    }

    /**
     * The grouping key's job label would override the file's; the parsed copy goes under its own group, so the
     * file's job label is kept as {@code exported_job}-free text by renaming it to {@code suite_job}.
     */
    private static String stripJobLabel(String exposition) {
        return exposition.replace("{job=\"", "{suite_job=\"").replace(",job=\"", ",suite_job=\"");
    }

    private static Map<String, Sample> pushedGroup(String job) throws Exception {
        HttpResponse<String> got = http.send(
                HttpRequest.newBuilder(URI.create(pushgatewayUrl + "/api/v1/metrics"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(got.statusCode()).isEqualTo(200);
        Map<String, Sample> samples = new HashMap<>();
        for (JsonNode group : Json.MAPPER.readTree(got.body()).get("data")) {
            if (!job.equals(group.get("labels").get("job").asString())) continue;
            for (var family : group.properties()) {
                if (family.getKey().equals("labels")
                        || !family.getValue().isObject()
                        || family.getValue().get("metrics") == null) continue;
                String type = family.getValue().get("type").asString();
                for (JsonNode metric : family.getValue().get("metrics")) {
                    Map<String, String> labels = new HashMap<>();
                    metric.get("labels")
                            .properties()
                            .forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
                    if (labels.containsKey("suite_job")) labels.put("job", labels.remove("suite_job"));
                    if (type.equals("SUMMARY")) {
                        add(
                                samples,
                                new Sample(
                                        family.getKey() + "_count",
                                        labels,
                                        Double.parseDouble(metric.get("count").asString())));
                        add(
                                samples,
                                new Sample(
                                        family.getKey() + "_sum",
                                        labels,
                                        Double.parseDouble(metric.get("sum").asString())));
                    } else {
                        add(
                                samples,
                                new Sample(
                                        family.getKey(),
                                        labels,
                                        Double.parseDouble(metric.get("value").asString())));
                    }
                }
            }
        }
        return samples;
    }

    private static void add(Map<String, Sample> samples, Sample s) {
        samples.put(s.key(), s);
    }

    private static void startPushgateway() throws Exception {
        Path binary = Path.of("/usr/bin/prometheus-pushgateway");
        if (!Files.isExecutable(binary)) return;
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        pushgateway = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("pushgateway.log").toFile())
                .start();
        String url = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create(url + "/-/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    pushgatewayUrl = url;
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Pushgateway did not start; see " + tmp.resolve("pushgateway.log"));
    }

    private static Path writeExtractKeys(Path state) throws IOException {
        // The key ids of config/extracts.yml, each a fixed throwaway test key (STATE/keys/KEY_ID).
        Path dir = Files.createDirectories(state.resolve("keys"));
        int seed = 1;
        for (String id :
                List.of("EXTRACT_KEY_RND_INTERNAL", "EXTRACT_KEY_GROUP_LIFE", "EXTRACT_KEY_OVERSEAS_MARKETING")) {
            byte[] key = new byte[32];
            for (int i = 0; i < key.length; i++) key[i] = (byte) (seed * 31 + i * 7);
            Files.writeString(dir.resolve(id), Base64.getEncoder().encodeToString(key) + "\n");
            seed++;
        }
        return state;
    }
}
