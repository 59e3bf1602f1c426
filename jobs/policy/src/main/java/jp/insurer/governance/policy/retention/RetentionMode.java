package jp.insurer.governance.policy.retention;

import java.util.Locale;
import java.util.Optional;

/** Whether a run only reports ({@code dry-run}) or also changes data ({@code enforce}). */
public enum RetentionMode {
    DRY_RUN("dry-run"),
    ENFORCE("enforce");

    private final String spelling;

    RetentionMode(String spelling) {
        this.spelling = spelling;
    }

    /** The spelling used in config and in the {@code mode=} job parameter. */
    public String spelling() {
        return spelling;
    }

    /** Accepts {@code dry-run}, {@code dry_run}, {@code enforce} in any case; empty for anything else. */
    public static Optional<RetentionMode> parse(String text) {
        if (text == null) return Optional.empty();
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (RetentionMode m : values()) {
            if (m.spelling.equals(t)) return Optional.of(m);
        }
        return Optional.empty();
    }
}
