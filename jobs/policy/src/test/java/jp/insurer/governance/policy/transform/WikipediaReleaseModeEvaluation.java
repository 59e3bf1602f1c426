package jp.insurer.governance.policy.transform;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.eval.Scorer;
import jp.insurer.governance.policy.detect.eval.WikipediaNer;

/**
 * Counts for one half of the Wikipedia NER set released by allowlist: per annotated entity type, how
 * many spans end up entirely inside placeholders ("fully covered in release mode") or partly; the
 * ＜氏名＞ placeholders and how many of them overlap an annotated person; and how many ordinary
 * characters (outside every annotated entity, whitespace not counted) survive. Counts only, no text.
 */
final class WikipediaReleaseModeEvaluation {

    static final String PERSON = EntityTypes.PERSON_NAME;

    /** Per entity type: spans, spans with some character removed, spans with every character removed. */
    static final class TypeRow {
        int spans;
        int touched;
        int covered;

        double covered() {
            return (double) covered / spans;
        }

        double touched() {
            return (double) touched / spans;
        }
    }

    final Map<String, TypeRow> types = new TreeMap<>();
    int sentences;
    int misaligned;
    int namePlaceholders;
    int namePlaceholdersOnPersons;
    int ordinaryChars;
    int ordinaryKept;
    int nonPersonChars;
    int nonPersonKept;
    /** Names whose every letter and digit is removed, separators (・ ＝ . spaces) between them aside. */
    int personLettersCovered;

    void add(WikipediaNer.Sentence s, String released) {
        ReleaseAlignment al = ReleaseAlignment.of(s.text(), released);
        sentences++;
        if (al.cost() != 0) misaligned++;
        int[] cps = s.text().codePoints().toArray();
        boolean[] entity = new boolean[cps.length];
        boolean[] person = new boolean[cps.length];
        for (Scorer.Span g : s.persons()) {
            span(g, al, entity, person, true);
            boolean letters = true;
            for (int i = g.start(); i < g.end() && letters; i++)
                letters = al.removed()[i] || !Character.isLetterOrDigit(cps[i]);
            if (letters) personLettersCovered++;
        }
        for (Scorer.Span g : s.others()) span(g, al, entity, person, false);
        for (int i = 0; i < cps.length; i++) {
            if (Character.isWhitespace(cps[i])) continue;
            boolean kept = !al.removed()[i];
            if (!entity[i]) {
                ordinaryChars++;
                if (kept) ordinaryKept++;
            }
            if (!person[i]) {
                nonPersonChars++;
                if (kept) nonPersonKept++;
            }
        }
        for (ReleaseAlignment.Placeholder p : al.spans()) {
            if (!PERSON.equals(p.type())) continue;
            namePlaceholders++;
            for (Scorer.Span g : s.persons()) {
                if (p.start() < g.end() && g.start() < p.end()) {
                    namePlaceholdersOnPersons++;
                    break;
                }
            }
        }
    }

    private void span(Scorer.Span g, ReleaseAlignment al, boolean[] entity, boolean[] person, boolean isPerson) {
        TypeRow r = types.computeIfAbsent(g.type(), k -> new TypeRow());
        r.spans++;
        boolean all = true;
        boolean any = false;
        for (int i = g.start(); i < g.end(); i++) {
            entity[i] = true;
            if (isPerson) person[i] = true;
            if (al.removed()[i]) any = true;
            else all = false;
        }
        if (any) r.touched++;
        if (all) r.covered++;
    }

    TypeRow persons() {
        return types.get(PERSON);
    }

    double personLettersCovered() {
        return (double) personLettersCovered / persons().spans;
    }

    double namePlaceholderPrecision() {
        return (double) namePlaceholdersOnPersons / namePlaceholders;
    }

    double ordinaryKept() {
        return (double) ordinaryKept / ordinaryChars;
    }

    double nonPersonKept() {
        return (double) nonPersonKept / nonPersonChars;
    }

    String table(String title) {
        StringBuilder b = new StringBuilder(title).append('\n');
        b.append(String.format(Locale.ROOT, "%-14s %6s %10s %10s%n", "type", "spans", "touched", "covered"));
        types.forEach((t, r) -> b.append(
                String.format(Locale.ROOT, "%-14s %6d %10.3f %10.3f%n", t, r.spans, r.touched(), r.covered())));
        b.append(String.format(
                Locale.ROOT,
                "PERSON_NAME, every letter and digit covered (separators aside) %.3f%n",
                personLettersCovered()));
        b.append(String.format(
                Locale.ROOT,
                "＜氏名＞ placeholders %d, on an annotated person %d (precision %.3f)%n",
                namePlaceholders,
                namePlaceholdersOnPersons,
                namePlaceholderPrecision()));
        b.append(String.format(
                Locale.ROOT,
                "characters kept: outside every entity %.3f (%d of %d), outside person names %.3f (%d of %d)%n",
                ordinaryKept(),
                ordinaryKept,
                ordinaryChars,
                nonPersonKept(),
                nonPersonKept,
                nonPersonChars));
        b.append(String.format(Locale.ROOT, "sentences %d, misaligned %d%n", sentences, misaligned));
        return b.toString();
    }

    static List<WikipediaNer.Sentence> half(boolean heldBack) {
        return WikipediaNer.load().stream()
                .filter(s -> s.heldBack() == heldBack)
                .toList();
    }
}
