package jp.insurer.governance.policy.classify;

/** How a column's classification was decided. */
public enum DecisionSource {
    /** A configured rule. */
    RULE,
    /** Detector evidence over sampled values, or a column-name hint. */
    DETECTED,
    /** Nothing decided it: the column is UNKNOWN. */
    NONE
}
