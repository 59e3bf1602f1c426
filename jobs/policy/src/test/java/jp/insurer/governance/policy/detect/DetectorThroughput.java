package jp.insurer.governance.policy.detect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-thread throughput of {@link TextScanner#scan} on the corpus text, after warm-up. A main, not
 * a test: timings on a shared 2-core machine are not assertions. See docs/benchmarks-detectors.md.
 *
 * <pre>java -cp ... jp.insurer.governance.policy.detect.DetectorThroughput config [seconds]</pre>
 */
public final class DetectorThroughput {

    public static void main(String[] args) {
        TextScanner scanner = TextScanner.fromConfig(Path.of(args.length > 0 ? args[0] : "config"));
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        List<String> docs = new ArrayList<>();
        for (Corpus.Doc d : Corpus.load()) docs.add(d.text());

        // long documents: the corpus concatenated into ~4 KB texts (notes, e-mails, reports)
        List<String> longDocs = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (String d : docs) {
            b.append(d).append('\n');
            if (b.length() > 4000) {
                longDocs.add(b.toString());
                b.setLength(0);
            }
        }
        // short cells: what column classification samples
        List<String> cells = List.of("山田太郎", "090-1234-5678", "taro@example.co.jp", "1980/03/02", "東京都港区芝浦1-2-3",
                "12345", "特になし", "〒105-0023", "ヤマダ タロウ", "2024-04-01", "RS-2024-0012345", "¥12,000");

        // public text no one here wrote: the Wikipedia NER sentences joined into ~4 KB texts
        List<String> wiki = new ArrayList<>();
        for (jp.insurer.governance.policy.detect.eval.WikipediaNer.Sentence s : jp.insurer.governance.policy.detect.eval.WikipediaNer.load()) {
            b.append(s.text()).append('\n');
            if (b.length() > 4000) {
                wiki.add(b.toString());
                b.setLength(0);
            }
        }

        System.out.println("  -- long documents:");
        perDetector(scanner, longDocs);
        System.out.println("  -- wikipedia documents:");
        perDetector(scanner, wiki);
        run("corpus documents (short texts)", scanner, docs, seconds, false);
        run("long documents (~4 KB)", scanner, longDocs, seconds, false);
        run("wikipedia documents (~4 KB)", scanner, wiki, seconds, false);
        run("short cell values (scanValue)", scanner, cells, seconds, true);
        // Kuromoji alone on the same texts, in the same JVM and run: the yardstick for the scanner
        run("kuromoji alone, long documents", t -> jp.insurer.governance.policy.detect.nlp.JapaneseTokens.tokenize(t).size(), longDocs, seconds);
        run("kuromoji alone, wikipedia", t -> jp.insurer.governance.policy.detect.nlp.JapaneseTokens.tokenize(t).size(), wiki, seconds);
    }

    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Where the time goes (thread CPU time): normalization, Kuromoji, and each detector, over a few passes of the corpus. */
    private static void perDetector(TextScanner scanner, List<String> texts) {
        long[] nanos = new long[scanner.detectors().size()];
        long normalize = 0;
        long tokenize = 0;
        for (int pass = 0; pass < 6; pass++) {
            boolean measure = pass >= 2;
            for (String t : texts) {
                long a = cpu();
                ScanText st = new ScanText(t, jp.insurer.governance.policy.detect.nlp.JapaneseTokens::tokenize);
                long b = cpu();
                st.tokens();
                long c = cpu();
                if (measure) {
                    normalize += b - a;
                    tokenize += c - b;
                }
                for (int i = 0; i < nanos.length; i++) {
                    long d0 = cpu();
                    scanner.detectors().get(i).detect(st);
                    if (measure) nanos[i] += cpu() - d0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "  %-34s %8.1f ms%n", "normalize (ScanText)", normalize / 1e6);
        System.out.printf(Locale.ROOT, "  %-34s %8.1f ms%n", "kuromoji tokens", tokenize / 1e6);
        for (int i = 0; i < nanos.length; i++) {
            System.out.printf(Locale.ROOT, "  %-34s %8.1f ms%n", scanner.detectors().get(i).name(), nanos[i] / 1e6);
        }
    }

    private static void run(String label, TextScanner scanner, List<String> texts, double seconds, boolean cells) {
        run(label, t -> (cells ? scanner.scanValue(t) : scanner.scan(t)).size(), texts, seconds);
    }

    private static void run(String label, java.util.function.ToIntFunction<String> work, List<String> texts, double seconds) {
        long bytesPerPass = 0;
        long charsPerPass = 0;
        for (String t : texts) {
            bytesPerPass += t.getBytes(StandardCharsets.UTF_8).length;
            charsPerPass += t.codePointCount(0, t.length());
        }
        long sink = 0;
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            for (String t : texts) sink += work.applyAsInt(t);
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long passes = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (String t : texts) sink += work.applyAsInt(t);
            passes++;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double cpuSecs = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "%-32s %4d texts, avg %4d chars | wall: %7.0f texts/s %5.2f MB/s | cpu: %7.0f texts/s %5.2f MB/s [%d]%n",
                label, texts.size(), charsPerPass / texts.size(),
                passes * texts.size() / secs, passes * bytesPerPass / secs / 1e6,
                passes * texts.size() / cpuSecs, passes * bytesPerPass / cpuSecs / 1e6, sink % 10);
    }
}
