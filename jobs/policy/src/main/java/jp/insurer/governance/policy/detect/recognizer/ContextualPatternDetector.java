package jp.insurer.governance.policy.detect.recognizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.Checksums;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.Detector;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ScanText;

/**
 * The Presidio pattern recognizer: a regex finds candidates on the normalized text, an optional
 * validator (check digit over the candidate's digits) rejects look-alikes, and context words near the
 * candidate decide the score. Built-in identifier detectors and the custom detectors from config are
 * all instances of this shape.
 */
public class ContextualPatternDetector implements Detector {

    private final String name;
    private final String type;
    private final Pattern pattern;
    private final Predicate<String> validator;
    private final List<String> contextWords;
    private final int before;
    private final int after;
    private final double scoreWithContext;
    private final double scoreWithoutContext;
    private final boolean lettersMayTouch;

    /**
     * @param validator           gets the candidate's ASCII digits; null for none
     * @param scoreWithoutContext a negative value means "context required"
     * @param lettersMayTouch     false: a candidate glued to ASCII letters/digits is part of a bigger
     *                            code and is skipped
     */
    public ContextualPatternDetector(
            String name,
            String type,
            Pattern pattern,
            Predicate<String> validator,
            List<String> contextWords,
            int before,
            int after,
            double scoreWithContext,
            double scoreWithoutContext,
            boolean lettersMayTouch) {
        this.name = name;
        this.type = type;
        this.pattern = pattern;
        this.validator = validator;
        this.contextWords = List.copyOf(contextWords);
        this.before = before;
        this.after = after;
        this.scoreWithContext = scoreWithContext;
        this.scoreWithoutContext = scoreWithoutContext;
        this.lettersMayTouch = lettersMayTouch;
    }

    /** Same, with the context words and window of the type from {@code context.yml}. */
    public ContextualPatternDetector(
            String name,
            String type,
            Pattern pattern,
            Predicate<String> validator,
            ContextWords context,
            double scoreWithContext,
            double scoreWithoutContext,
            boolean lettersMayTouch) {
        this(
                name,
                type,
                pattern,
                validator,
                context.words(type),
                context.before(),
                context.after(),
                scoreWithContext,
                scoreWithoutContext,
                lettersMayTouch);
    }

    @Override
    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    @Override
    public List<Finding> detect(ScanText text) {
        String s = text.normalized();
        List<Finding> out = null;
        Matcher m = pattern.matcher(s);
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            if (start == end) continue;
            boolean alone = lettersMayTouch ? Spans.digitsStandAlone(s, start, end) : Spans.standsAlone(s, start, end);
            if (!alone) continue;
            if (validator != null && !validator.test(Checksums.digitsOf(m.group()))) continue;
            double score = ContextWords.near(text, contextWords, start, end, before, after)
                    ? scoreWithContext
                    : scoreWithoutContext;
            if (score < 0) continue;
            if (out == null) out = new ArrayList<>();
            out.add(text.finding(type, null, start, end, score, name));
        }
        return out == null ? List.of() : out;
    }
}
