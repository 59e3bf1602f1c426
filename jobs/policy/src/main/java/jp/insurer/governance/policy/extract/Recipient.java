package jp.insurer.governance.policy.extract;

import java.util.Objects;

/**
 * The named receiver of an extract and its kind.
 *
 * @param country ISO 3166-1 alpha-2 code of the recipient's country; required for an
 *                OVERSEAS_GROUP_COMPANY (APPI art. 28 informed consent is per country), null otherwise
 */
public record Recipient(String name, RecipientKind kind, String country) {
    public Recipient {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (kind == RecipientKind.OVERSEAS_GROUP_COMPANY && (country == null || country.isBlank())) {
            throw new IllegalArgumentException("an OVERSEAS_GROUP_COMPANY recipient needs its country");
        }
    }

    /** A recipient in Japan (no country). */
    public Recipient(String name, RecipientKind kind) {
        this(name, kind, null);
    }

    /** Whether giving it data is a third-party provision (APPI art. 27/28): every kind but INTERNAL. */
    public boolean outsideCompany() {
        return kind != RecipientKind.INTERNAL;
    }
}
