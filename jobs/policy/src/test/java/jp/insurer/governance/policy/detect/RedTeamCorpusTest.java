package jp.insurer.governance.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.eval.Scorer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The red-team corpus (src/test/resources/eval/redteam.txt): identifiers in the forms that slipped
 * through before — kana, half-width and romaji names, kinship given names, phone/My Number/card in
 * kanji or spoken digits with odd separators, obfuscated e-mails, addresses without a city, era and
 * two-digit-year dates — plus hard negatives. Prints the per-type table (counts only) and fails under
 * the floors, which sit at or just under what the detectors reach (regressions fail, not targets).
 */
class RedTeamCorpusTest {

    private static final Pattern MARK = Pattern.compile("\\[\\[([A-Z_]+)\\|([^\\]]+)\\]\\]");

    /** type -> {recall floor (names fully covered), precision floor}. */
    private static final Map<String, double[]> FLOORS = new LinkedHashMap<>();

    static {
        FLOORS.put(EntityTypes.PERSON_NAME, new double[] {0.9, 0.9});
        FLOORS.put(EntityTypes.PHONE_NUMBER, new double[] {1.0, 1.0});
        FLOORS.put(EntityTypes.MY_NUMBER, new double[] {1.0, 1.0});
        FLOORS.put(EntityTypes.CREDIT_CARD, new double[] {1.0, 1.0});
        FLOORS.put(EntityTypes.EMAIL_ADDRESS, new double[] {1.0, 1.0});
        FLOORS.put(EntityTypes.ADDRESS, new double[] {1.0, 1.0});
        FLOORS.put(EntityTypes.DATE_OF_BIRTH, new double[] {1.0, 1.0});
    }

    record Doc(String text, List<Scorer.Span> spans) {}

    static List<Doc> load() {
        List<Doc> docs = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(RedTeamCorpusTest.class.getResourceAsStream("/eval/redteam.txt")),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                StringBuilder text = new StringBuilder();
                List<Scorer.Span> spans = new ArrayList<>();
                Matcher m = MARK.matcher(line);
                int last = 0;
                while (m.find()) {
                    text.append(line, last, m.start());
                    int start = text.codePointCount(0, text.length());
                    text.append(m.group(2));
                    spans.add(new Scorer.Span(m.group(1), null, start, text.codePointCount(0, text.length())));
                    last = m.end();
                }
                text.append(line.substring(last));
                docs.add(new Doc(text.toString(), spans));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    @Test
    void everyPlantedFormIsFoundAndTheNegativesStayClean() {
        TextScanner scanner = TestScanners.project();
        Scorer scorer = new Scorer();
        int negatives = 0;
        int negativesClean = 0;
        List<Doc> docs = load();
        for (Doc d : docs) {
            // SENSITIVE words (入院, 既往歴) are not labelled here; CorpusEvaluationTest scores them
            List<Finding> found = scanner.scan(d.text()).stream()
                    .filter(f -> FLOORS.containsKey(f.type()))
                    .toList();
            scorer.add(d.spans(), found);
            if (d.spans().isEmpty()) {
                negatives++;
                if (found.stream().noneMatch(f -> FLOORS.containsKey(f.type()))) negativesClean++;
            }
        }
        System.out.println("Red-team corpus, " + docs.size() + " documents (" + negatives + " hard negatives, "
                + negativesClean + " without a finding)\n" + scorer.table());
        assertThat(negatives).isGreaterThanOrEqualTo(10);
        SoftAssertions soft = new SoftAssertions();
        FLOORS.forEach((type, floor) -> {
            Scorer.Row row = scorer.row(type);
            soft.assertThat(row.gold()).as("%s has planted examples", type).isGreaterThanOrEqualTo(4);
            soft.assertThat(row.coveredRecall())
                    .as("%s recall (fully covered)", type)
                    .isGreaterThanOrEqualTo(floor[0]);
            soft.assertThat(row.precision()).as("%s precision", type).isGreaterThanOrEqualTo(floor[1]);
        });
        soft.assertAll();
    }
}
