package jp.insurer.governance.policy.detect.eval;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.TextScanner;

/**
 * Tuning aid, not a test: writes the missed names and the wrong PERSON_NAME findings of the TUNING
 * part only (never the held-back part) to a file, for a person to read. Args: config dir, output file.
 */
public final class WikipediaNerDump {

    public static void main(String[] args) throws Exception {
        TextScanner scanner = TextScanner.fromConfig(Path.of(args[0]));
        try (PrintStream out = new PrintStream(args[1], StandardCharsets.UTF_8)) {
            for (WikipediaNer.Sentence s : WikipediaNer.load()) {
                if (s.heldBack()) continue;
                var found = scanner.scan(s.text()).stream()
                        .filter(f -> f.type().equals(EntityTypes.PERSON_NAME))
                        .toList();
                for (Scorer.Span g : s.persons()) {
                    boolean covered = true;
                    for (int cp = g.start(); cp < g.end() && covered; cp++) {
                        final int c = cp;
                        covered = found.stream().anyMatch(f -> f.start() <= c && c < f.end());
                    }
                    if (!covered) out.println("MISS\t" + s.text().substring(g.start(), g.end()) + "\t" + s.text());
                }
                for (Finding f : found) {
                    boolean ok = s.persons().stream().anyMatch(g -> f.start() < g.end() && g.start() < f.end());
                    if (!ok) {
                        String other = s.others().stream()
                                .filter(g -> f.start() < g.end() && g.start() < f.end())
                                .map(Scorer.Span::type)
                                .findFirst()
                                .orElse("-");
                        out.println("FP\t" + s.text().substring(f.start(), f.end()) + "\t" + other + "\t" + f.score()
                                + "\t" + s.text());
                    }
                }
            }
        }
    }
}
