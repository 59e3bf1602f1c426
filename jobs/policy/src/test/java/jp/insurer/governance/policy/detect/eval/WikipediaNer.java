package jp.insurer.governance.policy.detect.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jp.insurer.governance.policy.detect.EntityTypes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Public Japanese text with human-annotated person names, written by no one here: the Stockmark
 * Wikipedia NER dataset (CC BY-SA 3.0, see src/test/resources/eval/README-wikipedia-ner.md).
 *
 * <p>Split deterministically by Wikipedia page ({@code curid}), so sentences of one article never sit
 * on both sides: even page ids are the tuning part, odd ones the held-back part that the reported
 * figures come from.
 */
public final class WikipediaNer {

    /** One sentence; {@code persons} are its 人名 spans as PERSON_NAME, {@code others} the other entities. */
    public record Sentence(long curid, String text, List<Scorer.Span> persons, List<Scorer.Span> others) {

        public boolean heldBack() {
            return (curid & 1) == 1;
        }
    }

    private WikipediaNer() {}

    public static List<Sentence> load() {
        JsonMapper mapper = JsonMapper.builder().build();
        List<Sentence> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(
                        WikipediaNer.class.getResourceAsStream("/eval/wikipedia-ner.jsonl"),
                        "eval/wikipedia-ner.jsonl"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode n = mapper.readTree(line);
                List<Scorer.Span> persons = new ArrayList<>();
                List<Scorer.Span> others = new ArrayList<>();
                for (JsonNode e : n.get("entities")) {
                    String type = e.get("type").asString();
                    int start = e.get("start").asInt();
                    int end = e.get("end").asInt();
                    if (type.equals("PERSON")) persons.add(new Scorer.Span(EntityTypes.PERSON_NAME, null, start, end));
                    else others.add(new Scorer.Span(type, null, start, end));
                }
                out.add(new Sentence(
                        Long.parseLong(n.get("curid").asString()), n.get("text").asString(), persons, others));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read eval/wikipedia-ner.jsonl", e);
        }
        return out;
    }
}
