package jp.insurer.governance.policy.extract;

import java.util.Locale;

/**
 * The regime an extract is released under ({@code regime:} in extracts.yml), stated in the manifest and
 * the data dictionary.
 */
public enum ProcessingStandard {
    /** Personal data provided with the customers' consent (APPI arts. 27/28): pseudonyms allowed. */
    CONSENT("consent", "本人の同意に基づく個人データの提供", "personal data provided with the customers' consent (APPI arts. 27, 28)"),
    /**
     * 仮名加工情報 (Enforcement Rules art. 31): for the company's own internal analysis only, never
     * provided to a third party (APPI art. 41(6)); a profile with an outside recipient is refused.
     */
    PSEUDONYMIZED(
            "pseudonymized",
            "仮名加工情報（施行規則第31条の基準により加工、第三者提供不可）",
            "pseudonymously processed information (Enforcement Rules art. 31; never provided to third parties)"),
    /**
     * 匿名加工情報 (Enforcement Rules art. 34): no linking codes (no pseudonym columns), unusual values
     * top/bottom-coded (numbers and dates only through hierarchies), and the items published (art. 43(3)).
     */
    ANONYMIZED(
            "anonymized", "匿名加工情報（施行規則第34条の基準により加工）", "anonymously processed information (Enforcement Rules art. 34)");

    private final String configName;
    private final String japanese;
    private final String english;

    ProcessingStandard(String configName, String japanese, String english) {
        this.configName = configName;
        this.japanese = japanese;
        this.english = english;
    }

    /** The word in extracts.yml and manifest.json. */
    public String configName() {
        return configName;
    }

    public String japanese() {
        return japanese;
    }

    public String english() {
        return english;
    }

    /** The standard named in extracts.yml, or null when the word is none of them. */
    public static ProcessingStandard fromConfig(String word) {
        String w = word == null ? "" : word.trim().toLowerCase(Locale.ROOT);
        for (ProcessingStandard s : values()) if (s.configName.equals(w)) return s;
        return null;
    }
}
