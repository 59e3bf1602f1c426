package jp.insurer.governance.policy.detect;

import java.util.List;

/**
 * A recognizer, Presidio style: what it finds, how, and an optional validator. Implementations are
 * immutable and thread-safe; all per-text state lives in the {@link ScanText} they are given, which
 * holds the normalized text and its offset map, computed once per input for all detectors.
 */
public interface Detector {

    /** Stable name, reported in every finding (and in scan-text output). */
    String name();

    /** Findings with offsets already mapped back to the original text (use {@link ScanText#finding}). */
    List<Finding> detect(ScanText text);

    /**
     * True when the detector needs Kuromoji tokens. The scanner runs these after the cheap ones, and
     * the tokens are computed at most once per text (lazily, so texts nobody asks about never pay).
     */
    default boolean usesTokens() {
        return false;
    }
}
