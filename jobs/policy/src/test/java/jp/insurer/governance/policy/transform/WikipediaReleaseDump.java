package jp.insurer.governance.policy.transform;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jp.insurer.governance.policy.detect.TextScanner;
import jp.insurer.governance.policy.detect.eval.Scorer;
import jp.insurer.governance.policy.detect.eval.WikipediaNer;

/**
 * Reading aid, not a test: writes the person names of the TUNING part only (never the held-back part)
 * that the allowlist release leaves partly or wholly in the text, with the characters that survive and
 * how UniDic reads the sentence's words over the name. Args: config dir, output file.
 */
public final class WikipediaReleaseDump {

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        TextScrubber release = TextScrubber.of(
                TextMode.ALLOWLIST,
                TextScanner.fromConfig(config),
                ReleaseVocabulary.load(config),
                TextRelease.DateGranularity.MONTH);
        try (PrintStream out = new PrintStream(args[1], StandardCharsets.UTF_8)) {
            for (WikipediaNer.Sentence s : WikipediaNer.load()) {
                if (s.heldBack()) continue;
                String released = release.scrub(s.text(), true);
                ReleaseAlignment al = ReleaseAlignment.of(s.text(), released);
                int[] cps = s.text().codePoints().toArray();
                for (Scorer.Span g : s.persons()) {
                    StringBuilder kept = new StringBuilder();
                    for (int i = g.start(); i < g.end(); i++) kept.appendCodePoint(al.removed()[i] ? '_' : cps[i]);
                    if (kept.indexOf("_") >= 0
                            && kept.toString().replace("_", "").isEmpty()) continue;
                    StringBuilder words = new StringBuilder();
                    for (UniDicTokens.Word w : UniDicTokens.tokenize(s.text())) {
                        if (w.end() <= g.start() || w.start() >= g.end()) continue;
                        words.append(w.surface())
                                .append('/')
                                .append(w.pos2())
                                .append(',')
                                .append(w.pos3())
                                .append(w.known() ? "" : ",unknown")
                                .append(' ');
                    }
                    out.println("MISS\t" + new String(cps, g.start(), g.end() - g.start()) + "\t" + kept + "\t" + words
                            + "\t" + released);
                }
            }
        }
    }
}
