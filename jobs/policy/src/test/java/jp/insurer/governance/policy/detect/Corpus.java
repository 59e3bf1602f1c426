package jp.insurer.governance.policy.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jp.insurer.governance.policy.detect.eval.Scorer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The labelled corpus in test resources (detect/corpus.jsonl, written by src/test/corpus/gen_corpus.py). */
public final class Corpus {

    public record Doc(String id, String text, List<Scorer.Span> spans) {}

    private Corpus() {}

    public static List<Doc> load() {
        JsonMapper mapper = JsonMapper.builder().build();
        List<Doc> docs = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(Corpus.class.getResourceAsStream("/detect/corpus.jsonl")),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode n = mapper.readTree(line);
                List<Scorer.Span> spans = new ArrayList<>();
                for (JsonNode s : n.get("spans")) {
                    spans.add(new Scorer.Span(
                            s.get("type").asString(),
                            s.has("kind") ? s.get("kind").asString() : null,
                            s.get("start").asInt(),
                            s.get("end").asInt()));
                }
                docs.add(new Doc(n.get("id").asString(), n.get("text").asString(), spans));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }
}
