package jp.insurer.governance.policy.classify;

/**
 * How a column's classification was decided. Only a RULE is a compliance officer's decision; what
 * the values showed (DETECTED) or the name suggested (HINT) is the suite's guess, and a release
 * decision that needs certainty (KEEP of a NON_PERSONAL column to a recipient outside the company)
 * must not rest on it.
 */
public enum DecisionSource {
    /** A configured rule under {@code columns} in classification.yml: a compliance officer's decision. */
    RULE,
    /** Evidence in the sampled values: detector hits, sentences, values that follow one customer. */
    DETECTED,
    /** A column-name hint alone; the sampled values neither confirmed nor contradicted it. */
    HINT,
    /** Nothing decided it: the column is UNKNOWN. */
    NONE
}
