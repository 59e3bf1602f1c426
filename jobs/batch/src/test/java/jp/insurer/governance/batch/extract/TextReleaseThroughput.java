package jp.insurer.governance.batch.extract;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.TextScanner;
import jp.insurer.governance.policy.detect.nlp.JapaneseTokens;
import jp.insurer.governance.policy.transform.ReleaseVocabulary;
import jp.insurer.governance.policy.transform.TextMode;
import jp.insurer.governance.policy.transform.TextRelease;
import jp.insurer.governance.policy.transform.TextScrubber;
import jp.insurer.governance.policy.transform.UniDicTokens;

/**
 * What allowlist release costs, on the generator's notes (contact_notes.note, claims.assessment_note):
 * the share of words kept beside the blocklist's, planted spans that survive each, and single-thread
 * throughput (MB/s of UTF-8 per core, thread CPU time) of the tokenizers alone, detection, blocklist
 * scrubbing and allowlist release, in the same run. A main, not a test: timings on a shared machine
 * are not assertions. See docs/benchmarks.md "Free text".
 *
 * <pre>java -cp ... jp.insurer.governance.batch.extract.TextReleaseThroughput config CUSTOMERS SECONDS</pre>
 */
public final class TextReleaseThroughput {

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args.length > 0 ? args[0] : "config");
        int customers = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        Path dir = Files.createTempDirectory("text-release-bench");
        SampleData.generate(dir, customers);
        List<String> notes = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = db.createStatement()) {
            for (String q : List.of(
                    "SELECT note FROM read_parquet('" + dir.resolve("contact_notes") + "/**/*.parquet')",
                    "SELECT assessment_note FROM read_parquet('" + dir.resolve("claims")
                            + "/**/*.parquet') WHERE assessment_note IS NOT NULL")) {
                try (ResultSet rs = s.executeQuery(q)) {
                    while (rs.next())
                        if (rs.getString(1) != null && !rs.getString(1).isEmpty()) notes.add(rs.getString(1));
                }
            }
        }
        TextScanner scanner = TextScanner.fromConfig(config);
        ReleaseVocabulary vocabulary = ReleaseVocabulary.load(config);
        TextRelease allowlist = new TextRelease(scanner, vocabulary, TextRelease.DateGranularity.MONTH);
        TextScrubber blocklist = new TextScrubber(scanner);
        TextScrubber blocklistSentences =
                TextScrubber.of(TextMode.BLOCKLIST, scanner, vocabulary, TextRelease.DateGranularity.MONTH);
        long bytes = notes.stream()
                .mapToLong(n -> n.getBytes(StandardCharsets.UTF_8).length)
                .sum();
        System.out.printf(
                Locale.ROOT, "notes: %d (%d customers), %.2f MB UTF-8%n", notes.size(), customers, bytes / 1e6);

        // Words kept: UniDic words of the output outside placeholders over words of the input, both modes alike,
        // for records without the 機微 right (the strictest case) and with it.
        for (boolean allowed : new boolean[] {false, true}) {
            long in = 0;
            long keptAllow = 0;
            long keptBlock = 0;
            long keptBlockSentences = 0;
            for (String n : notes) {
                in += words(n);
                keptAllow += words(allowlist.release(n, allowed));
                keptBlock += words(blocklist.scrub(n, allowed));
                keptBlockSentences += words(blocklistSentences.scrub(n, allowed));
            }
            System.out.printf(
                    Locale.ROOT,
                    "words kept (機微 %s): allowlist %.1f %%, blocklist %.1f %%, blocklist + 機微 sentences %.1f %% of %d%n",
                    allowed ? "allowed" : "not allowed",
                    100.0 * keptAllow / in,
                    100.0 * keptBlock / in,
                    100.0 * keptBlockSentences / in,
                    in);
        }
        // Planted spans of ExtractTextReleaseTest that survive each mode.
        int survivedAllow = 0;
        int survivedBlock = 0;
        for (String note : ExtractTextReleaseTest.CONTACT_NOTES) {
            String a = fold(allowlist.release(note, false));
            String b = fold(blocklist.scrub(note, false));
            for (String secret : ExtractTextReleaseTest.SECRETS) {
                String s = fold(secret);
                if (fold(note).contains(s) && a.contains(s)) survivedAllow++;
                if (fold(note).contains(s) && b.contains(s)) survivedBlock++;
            }
        }
        long planted = ExtractTextReleaseTest.SECRETS.stream()
                .filter(s -> ExtractTextReleaseTest.CONTACT_NOTES.stream().anyMatch(n -> fold(n).contains(fold(s))))
                .count();
        System.out.printf(
                Locale.ROOT,
                "planted contact-note spans surviving: allowlist %d, blocklist %d of %d%n",
                survivedAllow,
                survivedBlock,
                planted);

        // Dictionaries: proper nouns tagged by each on the notes.
        long uniTokens = 0;
        long uniProper = 0;
        long uniUnknown = 0;
        long ipaTokens = 0;
        long ipaProper = 0;
        for (String n : notes) {
            String normalized = Normalizer.normalize(n, Normalizer.Form.NFKC);
            for (UniDicTokens.Word w : UniDicTokens.tokenize(normalized)) {
                if (w.isSpace() || w.isSymbol()) continue;
                uniTokens++;
                if (w.isProper()) uniProper++;
                if (!w.known()) uniUnknown++;
            }
            for (var t : JapaneseTokens.tokenize(normalized)) {
                if (t.pos().startsWith("記号")) continue;
                ipaTokens++;
                if (t.pos().contains("固有名詞")) ipaProper++;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "UniDic: %d words, %.1f %% proper nouns, %.1f %% unknown; IPADIC: %d words, %.1f %% proper nouns%n",
                uniTokens,
                100.0 * uniProper / uniTokens,
                100.0 * uniUnknown / uniTokens,
                ipaTokens,
                100.0 * ipaProper / ipaTokens);

        run("Kuromoji UniDic tokenizer alone", notes, seconds, n -> UniDicTokens.tokenize(n));
        run("Lucene Kuromoji IPADIC tokenizer alone", notes, seconds, n -> JapaneseTokens.tokenize(n));
        run("detection (TextScanner.scan)", notes, seconds, scanner::scan);
        run("blocklist scrub (detectors)", notes, seconds, n -> blocklist.scrub(n, false));
        run("blocklist scrub + 機微 sentences", notes, seconds, n -> blocklistSentences.scrub(n, false));
        run("allowlist release", notes, seconds, n -> allowlist.release(n, false));
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("<[^<>\\s]{1,16}>");

    /** UniDic words of a text that are not spaces or symbols, outside placeholders. */
    static long words(String text) {
        if (text == null || text.isEmpty()) return 0;
        String n = Normalizer.normalize(text, Normalizer.Form.NFKC);
        boolean[] placeholder = new boolean[n.length()];
        Matcher m = PLACEHOLDER.matcher(n);
        while (m.find()) for (int i = m.start(); i < m.end(); i++) placeholder[i] = true;
        long count = 0;
        for (UniDicTokens.Word w : UniDicTokens.tokenize(n)) {
            if (w.isSpace() || w.isSymbol() || placeholder[w.start()]) continue;
            count++;
        }
        return count;
    }

    static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Warm-up for a third of the time, then notes in a loop until the time is up; MB/s per CPU second. */
    private static void run(String label, List<String> notes, double seconds, Consumer<String> work) {
        long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        int i = 0;
        while (System.nanoTime() < warmEnd) work.accept(notes.get(i++ % notes.size()));
        long bytes = 0;
        long start = cpu();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            String n = notes.get(i++ % notes.size());
            work.accept(n);
            bytes += n.getBytes(StandardCharsets.UTF_8).length;
        }
        double cpuSeconds = (cpu() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "  %-40s %6.2f MB/s per core (%.1f MB in %.1f CPU s)%n",
                label,
                bytes / 1e6 / cpuSeconds,
                bytes / 1e6,
                cpuSeconds);
    }
}
