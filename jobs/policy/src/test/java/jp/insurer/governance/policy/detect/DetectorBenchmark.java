package jp.insurer.governance.policy.detect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.insurer.governance.policy.detect.eval.WikipediaNer;
import jp.insurer.governance.policy.detect.nlp.JapaneseTokens;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Single-thread throughput of {@link TextScanner} on the labelled corpus and the public Wikipedia text,
 * beside Kuromoji's tokenizer alone on the same texts (the yardstick). One operation is one pass over the
 * workload; the {@code utf8Bytes} counter is the bytes scanned, so its rate is bytes per second. Run with
 * JMH, never as a test (timings on a shared machine are not assertions): docs/benchmarks.md "Detectors".
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(1)
@State(Scope.Thread)
public class DetectorBenchmark {

    /** long: the corpus joined into ~4 KB texts; wikipedia: the NER sentences joined so; corpus: as is; cells: short values. */
    @Param({"long", "wikipedia", "corpus", "cells"})
    public String workload;

    /** The config folder, relative to jobs/policy where the command runs. */
    @Param("../../config")
    public String config;

    private TextScanner scanner;
    private List<String> texts;
    private long bytesPerPass;

    /** Bytes scanned, reported by JMH as a rate beside the passes. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        public long utf8Bytes;

        @Setup(Level.Iteration)
        public void reset() {
            utf8Bytes = 0;
        }
    }

    @Setup
    public void load() {
        scanner = TextScanner.fromConfig(Path.of(config));
        texts = switch (workload) {
            case "long" -> joined(Corpus.load().stream().map(Corpus.Doc::text).toList());
            case "wikipedia" ->
                joined(WikipediaNer.load().stream()
                        .map(WikipediaNer.Sentence::text)
                        .toList());
            case "corpus" -> Corpus.load().stream().map(Corpus.Doc::text).toList();
            case "cells" ->
                List.of(
                        "山田太郎",
                        "090-1234-5678",
                        "taro@example.co.jp",
                        "1980/03/02",
                        "東京都港区芝浦1-2-3",
                        "12345",
                        "特になし",
                        "〒105-0023",
                        "ヤマダ タロウ",
                        "2024-04-01",
                        "RS-2024-0012345",
                        "¥12,000");
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        };
        bytesPerPass = texts.stream()
                .mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length)
                .sum();
    }

    /** Texts of about 4 KB, as notes, e-mails and reports are. */
    private static List<String> joined(List<String> parts) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            b.append(p).append('\n');
            if (b.length() > 4000) {
                out.add(b.toString());
                b.setLength(0);
            }
        }
        return out;
    }

    /** Every detector on; short cells go through {@link TextScanner#scanValue}, as column sampling does. */
    @Benchmark
    public void scanner(Bytes bytes, Blackhole sink) {
        boolean cells = workload.equals("cells");
        for (String t : texts) sink.consume(cells ? scanner.scanValue(t) : scanner.scan(t));
        bytes.utf8Bytes += bytesPerPass;
    }

    @Benchmark
    public void kuromojiAlone(Bytes bytes, Blackhole sink) {
        for (String t : texts) sink.consume(JapaneseTokens.tokenize(t));
        bytes.utf8Bytes += bytesPerPass;
    }
}
