package jp.insurer.governance.batch.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The JSON Schemas of docs/schemas/ against what the suite really writes and ships: one demo-like chain
 * (inventory, tag, extract with its provision records, a subject-request disclosure of a provided customer,
 * retention dry run, retention enforce for the audit log, night-report, then status --json) on the sample
 * data with the shipped config, every output validated; and every config/*.yml read as YAML into a
 * Jackson tree and validated. Each schema is first checked against the 2020-12 meta-schema, and a few
 * broken documents must be rejected, so that a schema accepting anything cannot pass.
 */
class JsonSchemasTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Path SCHEMAS = SuiteRun.projectRoot().resolve("docs/schemas");

    @TempDir
    static Path tmp;

    static Path out;
    static String date = SampleData.AS_OF;
    static SuiteRun enforce;
    static SuiteRun status;

    @BeforeAll
    static void demoChain() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 1000);
        Path state = tmp.resolve("state");
        out = tmp.resolve("out");
        writeRecipientKeys(state);
        String[] common = {"data=" + data, "date=" + date};
        for (String job : List.of("inventory", "tag", "extract")) {
            SuiteRun run = SuiteRun.job(state, out, job, common);
            assertThat(run.exitCode).as(job + ": " + run).isIn(0, 4);
        }
        // A customer the outside releases provided: the disclosure then lists provisions too.
        SuiteRun subject = SuiteRun.job(
                state,
                out,
                "subject-request",
                "data=" + data,
                "date=" + date,
                "customer=" + firstProvidedCustomer(),
                "action=disclose",
                "request=schema-check");
        assertThat(subject.exitCode).as(subject.toString()).isZero();
        SuiteRun dryRun = SuiteRun.job(state, out, "retention", "data=" + data, "date=" + date, "mode=dry-run");
        assertThat(dryRun.exitCode).as(dryRun.toString()).isIn(0, 4);
        validate("retention-report.schema.json", out.resolve("reports/retention-" + date + "-dry-run.json"));
        // enforce writes the audit chain (and its own report, validated in its own test)
        enforce = SuiteRun.job(
                state, out, "retention", "data=" + data, "date=" + date, "mode=enforce", "--allow-mass-delete");
        assertThat(enforce.exitCode).as(enforce.toString()).isIn(0, 4);
        SuiteRun night = SuiteRun.job(state, out, "night-report", "data=" + data, "date=" + date);
        assertThat(night.exitCode).as(night.toString()).isIn(0, 4);
        status = SuiteRun.main("status", "--json", "--governance.state=" + state);
        assertThat(status.exitCode).as(status.toString()).isZero();
    }

    /** The key of the first customer in the first provision batch record of out/provision/. */
    private static String firstProvidedCustomer() throws IOException {
        for (Path chain : provisionChains()) {
            for (String line : Files.readAllLines(chain, StandardCharsets.UTF_8)) {
                JsonNode record = JSON.readTree(line);
                if (record.get("type").asString().equals("PROVISION_CUSTOMERS")) {
                    return JSON.readTree(record.get("detail").asString())
                            .get("customers")
                            .get(0)
                            .get("key")
                            .asString();
                }
            }
        }
        throw new AssertionError("the extract recorded no provision customers under " + out.resolve("provision"));
    }

    private static List<Path> provisionChains() throws IOException {
        try (Stream<Path> files = Files.list(out.resolve("provision"))) {
            return files.filter(f -> f.getFileName().toString().matches("chain-\\d+\\.jsonl"))
                    .sorted()
                    .toList();
        }
    }

    /** Throwaway keys for every key_id of the shipped extracts.yml, where the job looks for them (STATE/keys/KEY_ID). */
    private static void writeRecipientKeys(Path state) throws IOException {
        Path keys = Files.createDirectories(state.resolve("keys"));
        int seed = 1;
        for (JsonNode profile : config("extracts.yml").get("profiles")) {
            byte[] key = new byte[32];
            java.util.Arrays.fill(key, (byte) seed++);
            Files.writeString(
                    keys.resolve(profile.get("key_id").asString()),
                    Base64.getEncoder().encodeToString(key));
        }
    }

    @Test
    void everySchemaIsAValidDraft202012Schema() throws IOException {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        List<Path> schemas;
        try (Stream<Path> files = Files.walk(SCHEMAS)) {
            schemas = files.filter(p -> p.toString().endsWith(".schema.json"))
                    .sorted()
                    .toList();
        }
        assertThat(schemas).hasSizeGreaterThanOrEqualTo(23);
        for (Path schema : schemas) {
            JsonNode node = JSON.readTree(schema.toFile());
            assertThat(node.get("$schema").asString())
                    .as(schema.toString())
                    .isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(messages(meta.validate(node))).as(schema.toString()).isEmpty();
        }
    }

    @Test
    void inventoryReport() throws IOException {
        validate("inventory-report.schema.json", out.resolve("reports/inventory-" + date + ".json"));
    }

    @Test
    void catalogAndTagReportAndGovernedMarker() throws IOException {
        JsonNode catalog = validate("catalog.schema.json", out.resolve("catalog/catalog.json"));
        assertThat(catalog.get("datasets").size()).isGreaterThanOrEqualTo(8);
        validate("tag-report.schema.json", out.resolve("reports/tag-" + date + ".json"));
        validate("governed-tagged.schema.json", out.resolve("governed/_tagged.json"));
    }

    @Test
    void everyManifestAndTheExtractReport() throws IOException {
        List<Path> manifests;
        try (Stream<Path> files = Files.list(out.resolve("extracts"))) {
            manifests = files.map(f -> f.resolve("manifest.json"))
                    .filter(Files::exists)
                    .sorted()
                    .toList();
        }
        assertThat(manifests)
                .as("one manifest per shipped profile")
                .hasSize(config("extracts.yml").get("profiles").size());
        for (Path manifest : manifests) {
            JsonNode m = validate("manifest.schema.json", manifest);
            assertThat(m.get("files").size()).as(manifest.toString()).isPositive();
        }
        JsonNode report = validate("extract-report.schema.json", out.resolve("reports/extract-" + date + ".json"));
        assertThat(report.get("extracts").size()).isEqualTo(manifests.size());
    }

    @Test
    void retentionReportOfTheEnforcingRun() throws IOException {
        JsonNode report =
                validate("retention-report.schema.json", out.resolve("reports/retention-" + date + "-enforce.json"));
        assertThat(report.get("mode").asString()).isEqualTo("enforce");
    }

    /** Every provision record line, and the JSON each one's detail holds against its part of the schema. */
    @Test
    void everyProvisionRecord() throws IOException {
        Schema schema = schema("provision-record.schema.json");
        JsonNode defs = JSON.readTree(
                        SCHEMAS.resolve("provision-record.schema.json").toFile())
                .get("$defs");
        Schema batch = detailSchema(defs, "customers");
        Schema seal = detailSchema(defs, "recorded");
        List<String> sealedProfiles = new ArrayList<>();
        for (Path chain : provisionChains()) {
            List<String> lines = Files.readAllLines(chain, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                JsonNode record = JSON.readTree(lines.get(i));
                String where = chain.getFileName() + ":" + (i + 1);
                assertThat(messages(schema.validate(record))).as(where).isEmpty();
                String type = record.get("type").asString();
                if (type.equals("PROVISION_CUSTOMERS")) {
                    assertThat(messages(batch.validate(
                                    JSON.readTree(record.get("detail").asString()))))
                            .as(where)
                            .isEmpty();
                } else if (type.equals("PROVISION_RECORDED")) {
                    assertThat(messages(seal.validate(
                                    JSON.readTree(record.get("detail").asString()))))
                            .as(where)
                            .isEmpty();
                    sealedProfiles.add(record.get("rule").asString());
                }
            }
        }
        // one seal per shipped profile whose recipient is outside the company
        long outside = config("extracts.yml")
                .get("profiles")
                .valueStream()
                .filter(p -> !p.get("recipient").get("kind").asString().equals("INTERNAL"))
                .count();
        assertThat(sealedProfiles).hasSize((int) outside).doesNotHaveDuplicates();
    }

    private static Schema detailSchema(JsonNode defs, String name) {
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.set("$defs", defs);
        wrapper.put("$ref", "#/$defs/" + name);
        return REGISTRY.getSchema(wrapper);
    }

    @Test
    void subjectRequestReport() throws IOException {
        JsonNode report =
                validate("subject-request.schema.json", out.resolve("subject-requests/schema-check/request.json"));
        assertThat(report.get("provisions").get("extracts").size())
                .as("the customer was provided")
                .isPositive();
    }

    @Test
    void nightReport() throws IOException {
        JsonNode report = validate("night-report.schema.json", out.resolve("reports/night-" + date + ".json"));
        assertThat(report.get("retention").size()).as("dry run and enforcement").isEqualTo(2);
    }

    @Test
    void statusJson() throws IOException {
        JsonNode executions = JSON.readTree(status.out);
        assertThat(messages(schema("status.schema.json").validate(executions))).isEmpty();
        assertThat(executions
                        .get("executions")
                        .valueStream()
                        .map(e -> e.get("job").asString()))
                .contains("inventory", "tag", "extract", "subject-request", "retention", "night-report");
    }

    @Test
    void everyAuditRecord() throws IOException {
        Schema schema = schema("audit-record.schema.json");
        List<Path> chains;
        try (Stream<Path> files = Files.list(out.resolve("audit"))) {
            chains = files.filter(f -> f.getFileName().toString().matches("chain-\\d+\\.jsonl"))
                    .sorted()
                    .toList();
        }
        assertThat(chains).as(enforce.toString()).isNotEmpty();
        List<String> types = new ArrayList<>();
        for (Path chain : chains) {
            List<String> lines = Files.readAllLines(chain, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                JsonNode record = JSON.readTree(lines.get(i));
                assertThat(messages(schema.validate(record)))
                        .as(chain.getFileName() + ":" + (i + 1))
                        .isEmpty();
                types.add(record.get("type").asString());
            }
        }
        assertThat(types).contains("RUN_STARTED", "RETENTION_DECISION", "RETENTION_COMMITTED", "RUN_FINISHED");
    }

    /** The footer key-values of every governed and every released Parquet file, read back with parquet-java. */
    @Test
    void parquetFootersOfGovernedAndExtractFiles() throws IOException {
        for (String zone : List.of("governed", "extracts")) {
            Schema schema = schema(
                    zone.equals("governed")
                            ? "governed-file-metadata.schema.json"
                            : "extract-file-metadata.schema.json");
            List<Path> files;
            try (Stream<Path> walk = Files.walk(out.resolve(zone))) {
                // hidden folders are staging and trash, never published
                files = walk.filter(f -> f.getFileName().toString().endsWith(".parquet"))
                        .filter(f -> !out.resolve(zone).relativize(f).toString().matches("(^|.*/)\\..*"))
                        .sorted()
                        .toList();
            }
            assertThat(files).as(zone).isNotEmpty();
            for (Path file : files) {
                assertThat(messages(schema.validate(footer(file))))
                        .as(out.relativize(file).toString())
                        .isEmpty();
            }
        }
    }

    private static JsonNode footer(Path file) throws IOException {
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                        new org.apache.hadoop.fs.Path(file.toUri()), new org.apache.hadoop.conf.Configuration()))) {
            ObjectNode node = JSON.createObjectNode();
            reader.getFooter().getFileMetaData().getKeyValueMetaData().forEach(node::put);
            return node;
        }
    }

    /** scan-text over made-up lines: every finding line, SENSITIVE ones with their kind. */
    @Test
    void scanTextFindings() throws IOException {
        String input = String.join(
                        "\n",
                        "{\"id\": \"n1\", \"text\": \"山田太郎様の電話番号は090-1234-5678、メールはtaro@example.co.jpです。\"}",
                        "{\"id\": \"n2\", \"text\": \"糖尿病で通院中、〒105-0023 東京都港区芝浦1-2-3に住んでいます。\"}")
                + "\n";
        java.io.ByteArrayOutputStream found = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = jp.insurer.governance.batch.scantext.ScanTextCommand.run(
                new String[] {
                    "--config", SuiteRun.projectRoot().resolve("config").toString()
                },
                new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new java.io.PrintStream(found, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Schema schema = schema("scan-text-finding.schema.json");
        List<String> types = new ArrayList<>();
        for (String line : found.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode finding = JSON.readTree(line);
            assertThat(messages(schema.validate(finding)))
                    .as(finding.get("type").asString())
                    .isEmpty();
            types.add(finding.get("type").asString());
        }
        assertThat(types).contains("PHONE_NUMBER", "EMAIL_ADDRESS", "SENSITIVE");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "policy",
                "classification",
                "extracts",
                "retention",
                "text-release",
                "application",
                "hierarchies",
                "subject-requests"
            })
    void shippedConfig(String name) throws IOException {
        JsonNode config = config(name.equals("hierarchies") ? "hierarchies/hierarchies.yml" : name + ".yml");
        assertThat(messages(schema("config/" + name + ".schema.json").validate(config)))
                .as("config/" + name + ".yml")
                .isEmpty();
    }

    /** The schemas are strict where consumers and the loaders are: these must fail, each for the reason named. */
    @Test
    void brokenDocumentsAreRejected() throws IOException {
        ObjectNode catalog =
                (ObjectNode) JSON.readTree(out.resolve("catalog/catalog.json").toFile());
        ((ObjectNode) catalog.get("datasets").get(0).get("columns").get(0)).put("role", "PERSONAL");
        assertThat(messages(schema("catalog.schema.json").validate(catalog)))
                .singleElement()
                .asString()
                .contains("role");

        Path chain;
        try (Stream<Path> files = Files.list(out.resolve("audit"))) {
            chain = files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .findFirst()
                    .orElseThrow();
        }
        ObjectNode record = (ObjectNode) JSON.readTree(Files.readAllLines(chain).get(0));
        record.put("note", "added");
        assertThat(messages(schema("audit-record.schema.json").validate(record)))
                .singleElement()
                .asString()
                .contains("note");

        ObjectNode manifest;
        try (Stream<Path> files = Files.list(out.resolve("extracts"))) {
            manifest = (ObjectNode) JSON.readTree(files.filter(Files::isDirectory)
                    .findFirst()
                    .orElseThrow()
                    .resolve("manifest.json")
                    .toFile());
        }
        manifest.remove("kAchieved");
        ((ObjectNode) manifest.get("excludedRows")).put("CONSENT_MAYBE", 1);
        assertThat(messages(schema("manifest.schema.json").validate(manifest)))
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("kAchieved"))
                .anySatisfy(m -> assertThat(m).contains("CONSENT_MAYBE"));

        manifest.remove("processingStandard");
        assertThat(messages(schema("manifest.schema.json").validate(manifest)))
                .anySatisfy(m -> assertThat(m).contains("processingStandard"));

        ObjectNode provision = (ObjectNode)
                JSON.readTree(Files.readAllLines(provisionChains().get(0)).get(0));
        provision.put("customer", "added");
        assertThat(messages(schema("provision-record.schema.json").validate(provision)))
                .singleElement()
                .asString()
                .contains("customer");

        ObjectNode extracts = (ObjectNode) config("extracts.yml");
        ((ObjectNode) extracts.get("profiles").get(0)).put("kk", 5);
        assertThat(messages(schema("config/extracts.schema.json").validate(extracts)))
                .singleElement()
                .asString()
                .contains("kk");
        ((ObjectNode) extracts.get("profiles").get(0)).remove("kk");
        ((ObjectNode) extracts.get("profiles").get(0)).put("schedule", "hourly");
        assertThat(messages(schema("config/extracts.schema.json").validate(extracts)))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m).contains("schedule"));

        ObjectNode retention = (ObjectNode) config("retention.yml");
        ((ObjectNode) retention.get("rules").get(0)).put("action", "DELETE_ALL");
        assertThat(messages(schema("config/retention.schema.json").validate(retention)))
                .isNotEmpty()
                .anySatisfy(m -> assertThat(m).contains("action"));
    }

    private static JsonNode config(String file) throws IOException {
        return YAML.readTree(
                SuiteRun.projectRoot().resolve("config").resolve(file).toFile());
    }

    private static Schema schema(String file) throws IOException {
        return REGISTRY.getSchema(Files.newInputStream(SCHEMAS.resolve(file)));
    }

    private static JsonNode validate(String schemaFile, Path document) throws IOException {
        assertThat(document).as(schemaFile).exists();
        JsonNode node = JSON.readTree(document.toFile());
        assertThat(messages(schema(schemaFile).validate(node)))
                .as(document.getFileName() + " against " + schemaFile)
                .isEmpty();
        return node;
    }

    /** Where and what, as the validator words it; outputs hold counts and names, never personal data. */
    private static List<String> messages(List<Error> errors) {
        return errors.stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
                .toList();
    }
}
