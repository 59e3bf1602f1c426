package jp.insurer.governance.policy.detect;

import java.nio.file.Path;
import java.util.List;
import jp.insurer.governance.policy.detect.eval.Scorer;

/** Dev tool: prints the score table and every miss / false alarm of the corpus. Not a test. */
public final class EvalDump {
    public static void main(String[] args) {
        TextScanner scanner = TextScanner.fromConfig(Path.of(args[0]));
        String only = args.length > 1 ? args[1] : null;
        Scorer total = new Scorer();
        for (Corpus.Doc d : Corpus.load()) {
            List<Finding> found = scanner.scan(d.text());
            total.add(d.spans(), found);
            int[] cps = d.text().codePoints().toArray();
            for (Scorer.Span g : d.spans()) {
                boolean hit = found.stream()
                        .anyMatch(f -> f.type().equals(g.type())
                                && (g.kind() == null || g.kind().equals(f.kind()))
                                && f.start() < g.end()
                                && g.start() < f.end());
                if (!hit && (only == null || g.type().equals(only))) {
                    System.out.println("MISS " + g.type() + " [" + new String(cps, g.start(), g.end() - g.start())
                            + "] in " + d.id() + ": " + d.text().replace('\n', ' '));
                }
            }
            for (Finding f : found) {
                boolean ok = d.spans().stream()
                        .anyMatch(g -> f.type().equals(g.type())
                                && (g.kind() == null || g.kind().equals(f.kind()))
                                && f.start() < g.end()
                                && g.start() < f.end());
                if (!ok && (only == null || f.type().equals(only))) {
                    System.out.println("FP   " + f.type() + (f.kind() == null ? "" : ":" + f.kind()) + " " + f.score()
                            + " [" + new String(cps, f.start(), f.end() - f.start()) + "] in " + d.id() + ": "
                            + d.text().replace('\n', ' '));
                }
            }
        }
        System.out.println(total.table());
    }
}
