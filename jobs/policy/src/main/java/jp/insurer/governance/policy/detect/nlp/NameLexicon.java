package jp.insurer.governance.policy.detect.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A large Japanese name lexicon: surnames and given names in kanji, kana and romaji (ENAMDICT, about
 * 100k surnames and 140k given names; see config/detectors/lexicon/README-ENAMDICT.md). Kana entries
 * answer in hiragana and katakana alike. Immutable and thread-safe.
 *
 * <p>A word being in here is weak evidence on its own: ENAMDICT also lists rare surnames that are
 * everyday words or places. {@code PersonNameDetector} uses it to split a kanji run into surname +
 * given name and to confirm kana and romaji names next to an honorific or kinship word.
 */
public final class NameLexicon {

    public static final NameLexicon EMPTY = new NameLexicon(Map.of());

    private static final String[] SECTIONS = {
        "surname", "given", "surname_kana", "given_kana", "surname_romaji", "given_romaji"
    };

    private final Set<String> surnames;
    private final Set<String> givenNames;
    private final Set<String> kanaSurnames;
    private final Set<String> kanaGivenNames;
    private final Set<String> romajiSurnames;
    private final Set<String> romajiGivenNames;

    private NameLexicon(Map<String, Set<String>> sections) {
        this.surnames = sections.getOrDefault("surname", Set.of());
        this.givenNames = sections.getOrDefault("given", Set.of());
        this.kanaSurnames = sections.getOrDefault("surname_kana", Set.of());
        this.kanaGivenNames = sections.getOrDefault("given_kana", Set.of());
        this.romajiSurnames = sections.getOrDefault("surname_romaji", Set.of());
        this.romajiGivenNames = sections.getOrDefault("given_romaji", Set.of());
    }

    /**
     * Reads the gzip-compressed sectioned list ({@code [surname]}, {@code [given]}, …; {@code #} comments).
     *
     * @throws IllegalArgumentException naming the file and line for an entry outside a known section
     */
    public static NameLexicon load(Path file) {
        Map<String, Set<String>> sections = new HashMap<>();
        Set<String> known = Set.of(SECTIONS);
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8),
                1 << 16)) {
            Set<String> current = null;
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isEmpty() || line.startsWith("#")) continue;
                if (line.startsWith("[") && line.endsWith("]")) {
                    String name = line.substring(1, line.length() - 1);
                    if (!known.contains(name)) {
                        throw new IllegalArgumentException(file + ":" + lineNo + ": unknown section; known: " + known);
                    }
                    current = sections.computeIfAbsent(name, k -> new HashSet<>(1 << 17));
                    continue;
                }
                if (current == null)
                    throw new IllegalArgumentException(file + ":" + lineNo + ": entry before any section");
                current.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read name lexicon " + file, e);
        }
        return new NameLexicon(sections);
    }

    public boolean isSurname(String kanji) {
        return surnames.contains(kanji);
    }

    public boolean isGivenName(String kanji) {
        return givenNames.contains(kanji);
    }

    /** Hiragana or katakana (full-width) surname reading: やまだ, ヤマダ. */
    public boolean isKanaSurname(String kana) {
        return kanaSurnames.contains(toHiragana(kana));
    }

    public boolean isKanaGivenName(String kana) {
        return kanaGivenNames.contains(toHiragana(kana));
    }

    public boolean isKanaName(String kana) {
        String h = toHiragana(kana);
        return kanaSurnames.contains(h) || kanaGivenNames.contains(h);
    }

    /** Lower-case romaji: yamada, taro. */
    public boolean isRomajiSurname(String lower) {
        return romajiSurnames.contains(lower);
    }

    public boolean isRomajiGivenName(String lower) {
        return romajiGivenNames.contains(lower);
    }

    public boolean isEmpty() {
        return surnames.isEmpty() && givenNames.isEmpty();
    }

    /** Katakana → hiragana (ァ..ヶ shift by 0x60); the long-vowel mark stays. */
    public static String toHiragana(String s) {
        char[] c = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= '\u30A1' && ch <= '\u30F6') {
                if (c == null) c = s.toCharArray();
                c[i] = (char) (ch - 0x60);
            }
        }
        return c == null ? s : new String(c);
    }
}
