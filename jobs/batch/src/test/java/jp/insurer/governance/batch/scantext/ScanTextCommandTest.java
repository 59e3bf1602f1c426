package jp.insurer.governance.batch.scantext;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ScanTextCommandTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static String configDir() {
        String root = System.getProperty("project.root", "../..");
        return Path.of(root, "config").toAbsolutePath().normalize().toString();
    }

    private record Result(int exit, String out, String err) {
        List<JsonNode> lines() {
            List<JsonNode> nodes = new ArrayList<>();
            for (String l : out.split("\n")) {
                if (!l.isBlank()) nodes.add(MAPPER.readTree(l));
            }
            return nodes;
        }
    }

    private static Result run(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = configDir();
        System.arraycopy(args, 0, all, 2, args.length);
        int exit = ScanTextCommand.run(
                all,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String line(String id, String text) {
        return MAPPER.writeValueAsString(java.util.Map.of("id", id, "text", text));
    }

    @Test
    void writesOneLinePerFindingWithCodePointOffsets() {
        Result r = run(line("a1", "連絡先は090-1234-5678です。") + "\n");
        assertThat(r.exit()).isZero();
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(1);
        JsonNode f = lines.get(0);
        assertThat(f.get("id").asString()).isEqualTo("a1");
        assertThat(f.get("type").asString()).isEqualTo("PHONE_NUMBER");
        assertThat(f.get("start").asInt()).isEqualTo(4);
        assertThat(f.get("end").asInt()).isEqualTo(17);
        assertThat(f.get("score").asDouble()).isBetween(0.0, 1.0);
        assertThat(f.get("detector").asString()).isNotBlank();
        assertThat(f.has("kind")).isFalse();
    }

    @Test
    void offsetsCountCodePointsOfTheOriginalFullWidthAndEmojiText() {
        // two emoji (surrogate pairs in UTF-16) and a full-width number: offsets are code points
        String text = "😀😀ＴＥＬ０３－１２３４－５６７８まで";
        Result r = run(line("e", text) + "\n");
        assertThat(r.exit()).isZero();
        JsonNode f = r.lines().get(0);
        assertThat(f.get("type").asString()).isEqualTo("PHONE_NUMBER");
        int[] cps = text.codePoints().toArray();
        String found = new String(
                cps,
                f.get("start").asInt(),
                f.get("end").asInt() - f.get("start").asInt());
        assertThat(found).isEqualTo("０３－１２３４－５６７８");
        assertThat(f.get("start").asInt()).isEqualTo(5);
    }

    @Test
    void sensitiveFindingsCarryTheirKind() {
        Result r = run(line("s", "昨年うつ病と診断された。") + "\n");
        assertThat(r.exit()).isZero();
        JsonNode f = r.lines().get(0);
        assertThat(f.get("type").asString()).isEqualTo("SENSITIVE");
        assertThat(f.get("kind").asString()).isEqualTo("HEALTH");
    }

    @Test
    void malformedLineIsAnErrorNamingItsLineNumber() {
        String input = line("1", "text") + "\n" + "{not json\n" + line("3", "090-1234-5678") + "\n";
        Result r = run(input);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("line 2").doesNotContain("not json");
    }

    @Test
    void missingIdOrTextIsAnError() {
        assertThat(run("{\"text\": \"x\"}\n").err()).contains("line 1").contains("'id'");
        Result r = run(line("1", "a") + "\n\n{\"id\": \"2\"}\n");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("line 3").contains("'text'");
        assertThat(run("{\"id\": \"1\", \"text\": 5}\n").exit()).isEqualTo(2);
        assertThat(run("[1,2]\n").exit()).isEqualTo(2);
    }

    @Test
    void skipBadLinesCountsThemAndExitsWithFour() {
        String input = "oops\n" + line("2", "電話 03-1234-5678")
                + "\n{\"id\":\"3\"}\n{\"id\": \"4\", \"text\": \"x\"} trailing\n";
        Result r = run(input, "--skip-bad-lines");
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).contains("skipped 3");
        assertThat(r.lines()).hasSize(1);
        assertThat(r.lines().get(0).get("id").asString()).isEqualTo("2");
    }

    @Test
    void cleanInputWithSkipOptionExitsZero() {
        Result r = run(line("1", "特になし") + "\n", "--skip-bad-lines");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void readsAFileArgument(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("in.jsonl");
        Files.writeString(f, line("f1", "メール taro@example.co.jp") + "\n");
        Result r = run("", f.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.lines().get(0).get("type").asString()).isEqualTo("EMAIL_ADDRESS");
    }

    @Test
    void badCommandLineOrConfigExitsTwo(@TempDir Path dir) {
        assertThat(run("", "--bogus").exit()).isEqualTo(2);
        assertThat(run("", dir.resolve("missing.jsonl").toString()).exit()).isEqualTo(2);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ScanTextCommand.run(
                new String[] {"--config", dir.toString()},
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("detectors.yml");
    }

    @Test
    void streamsManyLines() {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 2000; i++)
            in.append(line("n" + i, "携帯 080-" + (1000 + i) + "-5678")).append('\n');
        Result r = run(in.toString());
        assertThat(r.exit()).isZero();
        assertThat(Arrays.stream(r.out().split("\n")).filter(l -> !l.isBlank()).count())
                .isEqualTo(2000);
    }
}
