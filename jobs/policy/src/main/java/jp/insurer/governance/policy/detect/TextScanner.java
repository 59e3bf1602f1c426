package jp.insurer.governance.policy.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jp.insurer.governance.policy.detect.nlp.JapaneseTokens;

/**
 * Runs every configured detector over a text and resolves overlaps. Thread-safe and immutable after
 * construction: share one instance across threads (Kuromoji tokenizers are per thread).
 *
 * <p>Per text: normalize once ({@link ScanText}), run the cheap pattern detectors first and the
 * Kuromoji-based ones last (tokens are computed at most once, and only if a detector asks), drop
 * findings below the threshold, then resolve overlaps: the higher score wins; on equal scores the
 * longer span; then the earlier start. Findings are returned in text order.
 */
public final class TextScanner {

    private final List<Detector> detectors;
    private final double minScore;
    private final double valueMinScore;

    public TextScanner(List<Detector> detectors, double minScore, double valueMinScore) {
        List<Detector> ordered = new ArrayList<>(detectors);
        ordered.sort(Comparator.comparing(Detector::usesTokens)); // stable: cheap ones first
        this.detectors = List.copyOf(ordered);
        this.minScore = minScore;
        this.valueMinScore = valueMinScore;
    }

    /**
     * Loads {@code configDir/detectors/*.yml} (the suite's {@code config/} folder).
     *
     * @throws jp.insurer.governance.policy.config.ConfigException naming file, line and field
     */
    public static TextScanner fromConfig(Path configDir) {
        return DetectorConfig.load(configDir.resolve("detectors")).scanner();
    }

    public List<Detector> detectors() {
        return detectors;
    }

    public double minScore() {
        return minScore;
    }

    /** Findings in a free text (a document, a note, a cell of free text) at or above the threshold. */
    public List<Finding> scan(String text) {
        return scan(text, minScore);
    }

    /**
     * Findings in a short cell value, with the lower {@code value_min_score}: a cell has no
     * surrounding context, and column classification aggregates weak evidence over many samples
     * (e.g. bare dates, which score 0.3).
     */
    public List<Finding> scanValue(String cellValue) {
        return scan(cellValue, valueMinScore);
    }

    public List<Finding> scan(String text, double threshold) {
        if (text == null || text.isEmpty()) return List.of();
        ScanText st = new ScanText(text, JapaneseTokens::tokenize);
        List<Finding> all = new ArrayList<>();
        for (Detector d : detectors) {
            for (Finding f : d.detect(st)) {
                if (f.score() >= threshold && f.end() > f.start()) all.add(f);
            }
        }
        return resolveOverlaps(all);
    }

    /** Keeps the higher-score finding of any overlapping pair (then the longer, then the earlier). */
    public static List<Finding> resolveOverlaps(List<Finding> findings) {
        if (findings.size() <= 1) return List.copyOf(findings);
        List<Finding> byStrength = new ArrayList<>(findings);
        byStrength.sort(Comparator.comparingDouble(Finding::score)
                .reversed()
                .thenComparing(Comparator.comparingInt(Finding::length).reversed())
                .thenComparingInt(Finding::start));
        List<Finding> kept = new ArrayList<>();
        for (Finding f : byStrength) {
            boolean clash = false;
            for (Finding k : kept) {
                if (k.overlaps(f)) {
                    clash = true;
                    break;
                }
            }
            if (!clash) kept.add(f);
        }
        kept.sort(Comparator.comparingInt(Finding::start));
        return List.copyOf(kept);
    }
}
