package jp.insurer.governance.policy.extract;

import java.util.Objects;

/** The named receiver of an extract and its kind. */
public record Recipient(String name, RecipientKind kind) {
    public Recipient {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
