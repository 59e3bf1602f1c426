package jp.insurer.governance.policy.extract;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import jp.insurer.governance.policy.detect.TextScanner;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.Hierarchy;
import jp.insurer.governance.policy.transform.ReleaseVocabulary;
import jp.insurer.governance.policy.transform.TextRelease;
import jp.insurer.governance.policy.transform.TextScrubber;
import jp.insurer.governance.policy.transform.Transform;

/** How one profile releases free text: its {@link TextScrubber}, built from the plan. */
public final class FreeTextRelease {

    private FreeTextRelease() {}

    /** The profile's scrubber: its text mode, and dates no finer than its structured dates. */
    public static TextScrubber scrubber(
            ExtractPlan plan, Hierarchies hierarchies, TextScanner scanner, ReleaseVocabulary vocabulary) {
        return TextScrubber.of(plan.profile().textMode(), scanner, vocabulary, dateGranularity(plan, hierarchies));
    }

    /**
     * The finest date free text may keep. Where the profile truncates any date column to years — at
     * once, or later when k-anonymity climbs a hierarchy's {@code next} chain (month → year) — text
     * keeps years only; otherwise months. A day is never kept.
     */
    public static TextRelease.DateGranularity dateGranularity(ExtractPlan plan, Hierarchies hierarchies) {
        for (ExtractPlan.Dataset d : plan.datasets()) {
            for (ExtractPlan.Column c : d.released()) {
                if (!(c.transform() instanceof Transform.Generalize g)) continue;
                Set<String> seen = new HashSet<>();
                String name = g.hierarchy();
                while (name != null && seen.add(name)) {
                    Optional<Hierarchy> h = hierarchies.get(name);
                    if (h.isEmpty()) break;
                    if (h.get() instanceof Hierarchy.DateTrunc t) {
                        if (t.unit() == Hierarchy.DateTrunc.Unit.YEAR) return TextRelease.DateGranularity.YEAR;
                        name = t.next();
                    } else {
                        break;
                    }
                }
            }
        }
        return TextRelease.DateGranularity.MONTH;
    }
}
