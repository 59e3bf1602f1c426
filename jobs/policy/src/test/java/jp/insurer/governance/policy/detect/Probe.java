package jp.insurer.governance.policy.detect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Dev tool: prints findings for each line of a file (java -cp ... Probe config file). Not a test. */
public final class Probe {
    public static void main(String[] args) throws Exception {
        TextScanner s = TextScanner.fromConfig(Path.of(args[0]));
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            List<Finding> fs = s.scan(line, args.length > 2 ? Double.parseDouble(args[2]) : s.minScore());
            System.out.println(line);
            int[] cps = line.codePoints().toArray();
            for (Finding f : fs) {
                System.out.printf(
                        "   %s%s [%s] %.2f %s%n",
                        f.type(),
                        f.kind() == null ? "" : "/" + f.kind(),
                        new String(cps, f.start(), f.end() - f.start()),
                        f.score(),
                        f.detector());
            }
        }
    }
}
