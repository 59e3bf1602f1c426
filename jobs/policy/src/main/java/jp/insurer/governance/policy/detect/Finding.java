package jp.insurer.governance.policy.detect;

import java.util.Objects;

/**
 * One piece of personal data found in a text.
 *
 * @param type     an {@link EntityTypes} name or a custom type from config
 * @param kind     the {@link SensitiveKind} name for {@link EntityTypes#SENSITIVE}, otherwise null
 * @param start    first code point, in the ORIGINAL text (not the normalized one)
 * @param end      code point after the last one (exclusive), in the original text
 * @param score    confidence 0..1
 * @param detector name of the detector that found it
 */
public record Finding(String type, String kind, int start, int end, double score, String detector) {

    public Finding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detector, "detector");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid span " + start + ".." + end);
        }
        if (score < 0 || score > 1) {
            throw new IllegalArgumentException("score out of range: " + score);
        }
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }

    /** Same finding with another score; used when context raises or lowers confidence. */
    public Finding withScore(double newScore) {
        return new Finding(type, kind, start, end, Math.max(0, Math.min(1, newScore)), detector);
    }
}
