package jp.insurer.governance.policy.transform;

/**
 * How a profile releases free text ({@code text:} in config/extracts.yml). ALLOWLIST is mandatory for
 * every recipient outside the company and the default for internal ones.
 */
public enum TextMode {
    /** Only what is known to be safe is released ({@link TextRelease}). */
    ALLOWLIST,
    /** What the detectors find is replaced, the rest released ({@link TextScrubber}). */
    BLOCKLIST
}
