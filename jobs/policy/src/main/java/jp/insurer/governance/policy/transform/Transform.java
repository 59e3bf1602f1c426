package jp.insurer.governance.policy.transform;

import java.util.Locale;

/**
 * What happens to one column of a research extract. A column a profile does not name is dropped;
 * a named column gets its own transform or its role's default (config/extracts.yml).
 *
 * <p>Which transform a role may take is decided by {@link #allowedFor}, used when a profile is
 * validated against the catalog, so that a profile asking for a raw identifier never starts.
 */
public sealed interface Transform
        permits Transform.Drop, Transform.Keep, Transform.Pseudonymize, Transform.Generalize, Transform.ScrubText {

    /** The column is not released. */
    record Drop() implements Transform {
        @Override
        public String describe() {
            return "dropped";
        }
    }

    /** The value is released as it is. Never for DIRECT_IDENTIFIER, FREE_TEXT or UNKNOWN columns. */
    record Keep() implements Transform {
        @Override
        public String describe() {
            return "kept as is";
        }
    }

    /**
     * The value is replaced by a keyed pseudonym ({@link Pseudonymizer}): the same value gives the same
     * pseudonym in every dataset of one extract, and nothing linkable across recipients.
     */
    record Pseudonymize() implements Transform {
        @Override
        public String describe() {
            return "pseudonymized (keyed HMAC-SHA256, recipient's key)";
        }
    }

    /** The value is replaced by a coarser one from a hierarchy in {@code config/hierarchies/}. */
    record Generalize(String hierarchy) implements Transform {
        public Generalize {
            if (hierarchy == null || hierarchy.isBlank()) throw new IllegalArgumentException("hierarchy is required");
        }

        @Override
        public String describe() {
            return "generalized (" + hierarchy + ")";
        }
    }

    /**
     * Personal data found by the detectors is replaced by typed placeholders (＜電話番号＞…); mentions of
     * 機微情報 are removed unless the consent gate allows them for the record.
     */
    record ScrubText() implements Transform {
        @Override
        public String describe() {
            return "scrubbed (detected personal data replaced by placeholders)";
        }
    }

    Drop DROP = new Drop();
    Keep KEEP = new Keep();
    Pseudonymize PSEUDONYMIZE = new Pseudonymize();
    ScrubText SCRUB_TEXT = new ScrubText();

    /** One line for the data dictionary. */
    String describe();

    /** The config spelling: keep, drop, pseudonymize, scrub_text, generalize:NAME. */
    default String configName() {
        if (this instanceof Generalize g) return "generalize:" + g.hierarchy();
        if (this instanceof Keep) return "keep";
        if (this instanceof Pseudonymize) return "pseudonymize";
        if (this instanceof ScrubText) return "scrub_text";
        return "drop";
    }

    /** Parses the scalar spellings (not generalize, which names a hierarchy); empty when unknown. */
    static java.util.Optional<Transform> parseSimple(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "drop" -> java.util.Optional.of(DROP);
            case "keep" -> java.util.Optional.of(KEEP);
            case "pseudonymize", "pseudonymise" -> java.util.Optional.of(PSEUDONYMIZE);
            case "scrub_text", "scrub" -> java.util.Optional.of(SCRUB_TEXT);
            default -> java.util.Optional.empty();
        };
    }

    /**
     * Why this transform may not be applied to a column of the given role, or null when it may.
     *
     * <pre>
     * role               keep  drop  pseudonymize  generalize  scrub_text
     * DIRECT_IDENTIFIER   no   yes      yes           yes         no
     * QUASI_IDENTIFIER    yes  yes      yes           yes         no
     * SENSITIVE           yes* yes      no            yes         no      (* only where the gate allows 機微情報)
     * FREE_TEXT           no   yes      no            no          yes
     * NON_PERSONAL        yes  yes      yes           yes         yes
     * UNKNOWN             no   yes      yes           no          yes
     * </pre>
     */
    default String refusalFor(jp.insurer.governance.policy.classify.Role role) {
        return switch (role) {
            case DIRECT_IDENTIFIER ->
                this instanceof Keep
                        ? "a DIRECT_IDENTIFIER column can never be kept; use drop or pseudonymize"
                        : this instanceof ScrubText ? "scrub_text is for free text; use drop or pseudonymize" : null;
            case QUASI_IDENTIFIER ->
                this instanceof ScrubText ? "scrub_text is for free text; use generalize, keep or drop" : null;
            case SENSITIVE ->
                this instanceof Pseudonymize || this instanceof ScrubText
                        ? configName() + " does not protect 機微情報; use keep (gated), generalize or drop"
                        : null;
            case FREE_TEXT ->
                this instanceof Keep
                        ? "a FREE_TEXT column may hide identifiers and can never be kept; use scrub_text or drop"
                        : this instanceof Pseudonymize || this instanceof Generalize
                                ? configName() + " does not apply to free text; use scrub_text or drop"
                                : null;
            case NON_PERSONAL -> null;
            case UNKNOWN ->
                this instanceof Keep
                        ? "an UNKNOWN column (nobody classified it) can never be kept; classify it, or drop, pseudonymize or scrub it"
                        : this instanceof Generalize
                                ? "an UNKNOWN column cannot be generalized; classify it first"
                                : null;
        };
    }
}
