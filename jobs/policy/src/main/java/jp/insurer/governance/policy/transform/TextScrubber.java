package jp.insurer.governance.policy.transform;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.TextScanner;

/**
 * The {@link Transform.ScrubText} operator: runs the detectors over a text and replaces every finding
 * by a typed placeholder (Presidio's "replace" operator, with Japanese placeholders). Mentions of
 * 機微情報 (findings of type {@code SENSITIVE}) are replaced by {@value #SENSITIVE_PLACEHOLDER} unless
 * the consent gate allows 機微情報 for the record, in which case they stay.
 *
 * <p>What no detector recognises but looks like a record's own number — a policy, claim, member or
 * reference code such as {@code P-2024-00123} or {@code AB12345} — is replaced by {@value #CODE_PLACEHOLDER}
 * too ({@link #maskCodes}): research text has no use for them and they link back to source systems.
 *
 * <p>Offsets are code points (the scanner's contract), so surrogate pairs before a finding do not
 * shift it. Thread-safe (the scanner is).
 */
public final class TextScrubber {

    public static final String SENSITIVE_PLACEHOLDER = "＜機微情報＞";
    /** Type of the codes {@link #maskCodes} replaces. */
    public static final String IDENTIFIER_CODE = "IDENTIFIER_CODE";
    /** For identifier-like codes no detector typed (scrubbing only: not a detector finding). */
    public static final String CODE_PLACEHOLDER = "＜識別番号＞";
    /** For custom types from config without a placeholder of their own. */
    public static final String OTHER_PLACEHOLDER = "＜個人情報＞";

    /** Built-in placeholders by entity type. */
    public static final Map<String, String> PLACEHOLDERS;

    static {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(EntityTypes.PERSON_NAME, "＜氏名＞");
        p.put(EntityTypes.PHONE_NUMBER, "＜電話番号＞");
        p.put(EntityTypes.EMAIL_ADDRESS, "＜メール＞");
        p.put(EntityTypes.MY_NUMBER, "＜マイナンバー＞");
        p.put(EntityTypes.CORPORATE_NUMBER, "＜法人番号＞");
        p.put(EntityTypes.CREDIT_CARD, "＜カード番号＞");
        p.put(EntityTypes.BANK_ACCOUNT, "＜口座番号＞");
        p.put(EntityTypes.POSTAL_CODE, "＜郵便番号＞");
        p.put(EntityTypes.ADDRESS, "＜住所＞");
        p.put(EntityTypes.DATE_OF_BIRTH, "＜生年月日＞");
        p.put(EntityTypes.IP_ADDRESS, "＜IPアドレス＞");
        p.put(EntityTypes.DRIVERS_LICENSE, "＜運転免許証番号＞");
        p.put(EntityTypes.PASSPORT, "＜旅券番号＞");
        p.put(EntityTypes.HEALTH_INSURANCE_NUMBER, "＜保険証番号＞");
        p.put(EntityTypes.SENSITIVE, SENSITIVE_PLACEHOLDER);
        p.put("POLICY_NUMBER", "＜証券番号＞");
        p.put("CUSTOMER_ID", "＜顧客番号＞");
        p.put(IDENTIFIER_CODE, CODE_PLACEHOLDER);
        // Allowlist release (TextRelease): what is not known to be safe.
        p.put(TextRelease.PLACE_NAME, "＜地名＞");
        p.put(TextRelease.ORGANIZATION, "＜組織名＞");
        p.put(TextRelease.PROPER_NOUN, "＜固有名詞＞");
        p.put(TextRelease.UNKNOWN_WORD, "＜未知語＞");
        p.put(TextRelease.LATIN_WORD, "＜英字＞");
        p.put(TextRelease.DATE, "＜日付＞");
        p.put(TextRelease.URL, "＜URL＞");
        p.put(TextRelease.HANDLE, "＜ID＞");
        p.put(TextRelease.VEHICLE_PLATE, "＜車両番号＞");
        PLACEHOLDERS = java.util.Collections.unmodifiableMap(p);
    }

    /**
     * One replacement made, for reports and tests (types and offsets only, never the text).
     *
     * @param start first code point of the placeholder in the OUTPUT text
     * @param end   code point after it in the output
     */
    public record Replacement(String type, int start, int end) {}

    /** The scrubbed text and what was replaced. */
    public record Result(String text, List<Replacement> replacements) {}

    private final TextScanner scanner;
    /** Set in allowlist mode: releases only what is known to be safe. */
    private final TextRelease release;
    /** Set where 機微 mentions are removed by the sentence (config/text-release.yml), else word by word. */
    private final SensitiveSentences sentences;

    /** Blocklist mode, 機微 mentions replaced word by word (the detectors' word list only). */
    public TextScrubber(TextScanner scanner) {
        this(scanner, null, null);
    }

    private TextScrubber(TextScanner scanner, TextRelease release, SensitiveSentences sentences) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.release = release;
        this.sentences = sentences;
    }

    /**
     * The scrubber of a profile: allowlist ({@link TextRelease}) or blocklist (the detectors' findings
     * replaced), and in both 機微 mentions removed with their sentence where the record lacks the right.
     */
    public static TextScrubber of(
            TextMode mode, TextScanner scanner, ReleaseVocabulary vocabulary, TextRelease.DateGranularity dates) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        return mode == TextMode.ALLOWLIST
                ? new TextScrubber(scanner, new TextRelease(scanner, vocabulary, dates), null)
                : new TextScrubber(scanner, null, new SensitiveSentences(vocabulary));
    }

    /** ALLOWLIST or BLOCKLIST. */
    public TextMode mode() {
        return release != null ? TextMode.ALLOWLIST : TextMode.BLOCKLIST;
    }

    public static String placeholder(String type) {
        return PLACEHOLDERS.getOrDefault(type, OTHER_PLACEHOLDER);
    }

    /** Rounds of scanning at most: replacing one finding changes its neighbours' context. */
    static final int MAX_ROUNDS = 3;

    /**
     * The scrubbed text; null stays null. Scanned again after each replacement round until nothing
     * outside a placeholder is found (at most {@value #MAX_ROUNDS} rounds): a placeholder changes the
     * context of its neighbours, and a name next to one (母純子) may only be found then. The extract's
     * leak check runs the same scanner over the result, so a scrub that stops early fails the extract.
     */
    public String scrub(String text, boolean sensitiveAllowed) {
        if (text == null || text.isEmpty()) return text;
        if (release != null) return release.release(text, sensitiveAllowed);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Finding> findings = outsidePlaceholders(text, scanner.scan(text), sensitiveAllowed);
            if (findings.isEmpty()) break;
            text = apply(text, findings, sensitiveAllowed, null);
        }
        text = maskCodes(text);
        return sentences == null || sensitiveAllowed ? text : sentences.remove(text);
    }

    /** A run of Latin letters and digits (half or full width), joined by - _ . / # . */
    private static final Pattern CODE =
            Pattern.compile("(?<![A-Za-z0-9Ａ-Ｚａ-ｚ０-９])[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]++(?:[-_./#－＿．／＃][A-Za-z0-9Ａ-Ｚａ-ｚ０-９]++)*+");
    /** ICD-10 codes (E11, J18.9) classify a diagnosis for research; they identify nobody. */
    private static final Pattern ICD10 = Pattern.compile("[A-Z][0-9]{2}(?:\\.[0-9A-Z]{1,4})?");

    /**
     * Replaces identifier-like codes by {@value #CODE_PLACEHOLDER}: runs of Latin letters and digits
     * that mix both and are at least 4 characters long ({@code AB12345}, {@code P-2024-00123}), or hold
     * 6 digits or more ({@code 20240315}, {@code 1234567}). Amounts written with separators
     * ({@code 120,000円}), years, times and ICD-10 codes stay.
     */
    public static String maskCodes(String text) {
        if (text == null) return null;
        Matcher m = CODE.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String token = m.group();
            int digits = 0;
            int letters = 0;
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (Character.isDigit(c)) digits++;
                else if (Character.isLetter(c)) letters++;
            }
            boolean code = (digits > 0 && letters > 0 && token.length() >= 4) || digits >= 6;
            if (!code
                    || ICD10.matcher(Normalizer.normalize(token, Normalizer.Form.NFKC))
                            .matches()) continue;
            if (out == null) out = new StringBuilder(text.length());
            out.append(text, last, m.start()).append(CODE_PLACEHOLDER);
            last = m.end();
        }
        if (out == null) return text;
        return out.append(text, last, text.length()).toString();
    }

    /**
     * The findings that are not inside one of our placeholders (Kuromoji reads the 氏名 of ＜氏名＞ as
     * a name), without SENSITIVE ones where 機微情報 is allowed.
     */
    public static List<Finding> outsidePlaceholders(String text, List<Finding> findings, boolean sensitiveAllowed) {
        if (findings.isEmpty()) return findings;
        List<int[]> spans = placeholderSpans(text);
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (sensitiveAllowed && EntityTypes.SENSITIVE.equals(f.type())) continue;
            boolean inside = false;
            for (int[] s : spans) {
                if (f.start() >= s[0] && f.end() <= s[1]) {
                    inside = true;
                    break;
                }
            }
            if (!inside) out.add(f);
        }
        return out;
    }

    /** Code-point spans of the placeholders in a text. */
    private static List<int[]> placeholderSpans(String text) {
        List<int[]> spans = new ArrayList<>();
        int open = text.indexOf('＜');
        while (open >= 0) {
            int close = text.indexOf('＞', open);
            if (close < 0) break;
            String candidate = text.substring(open, close + 1);
            if (PLACEHOLDERS.containsValue(candidate) || OTHER_PLACEHOLDER.equals(candidate)) {
                int start = text.codePointCount(0, open);
                spans.add(new int[] {start, start + candidate.codePointCount(0, candidate.length())});
            }
            open = text.indexOf('＜', close);
        }
        return spans;
    }

    /** Like {@link #scrub} and reports where each placeholder went. */
    public Result scrubWithReport(String text, boolean sensitiveAllowed) {
        if (text == null || text.isEmpty()) return new Result(text, List.of());
        List<Replacement> replacements = new ArrayList<>();
        String out = apply(text, scanner.scan(text), sensitiveAllowed, replacements);
        return new Result(out, List.copyOf(replacements));
    }

    /** Findings are non-overlapping and in text order (the scanner's contract). */
    static String apply(String text, List<Finding> findings, boolean sensitiveAllowed, List<Replacement> report) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        int outCodePoints = 0;
        int cpIndex = 0; // code point index in text
        int charIndex = 0; // char index in text matching cpIndex
        for (Finding f : findings) {
            if (sensitiveAllowed && EntityTypes.SENSITIVE.equals(f.type())) continue;
            if (f.start() < cpIndex) continue; // defensive: overlapping finding
            int startChar = text.offsetByCodePoints(charIndex, f.start() - cpIndex);
            out.append(text, charIndex, startChar);
            outCodePoints += f.start() - cpIndex;
            int endChar = text.offsetByCodePoints(startChar, f.end() - f.start());
            String placeholder = placeholder(f.type());
            out.append(placeholder);
            int len = placeholder.codePointCount(0, placeholder.length());
            if (report != null) report.add(new Replacement(f.type(), outCodePoints, outCodePoints + len));
            outCodePoints += len;
            cpIndex = f.end();
            charIndex = endChar;
        }
        out.append(text, charIndex, text.length());
        return out.toString();
    }
}
