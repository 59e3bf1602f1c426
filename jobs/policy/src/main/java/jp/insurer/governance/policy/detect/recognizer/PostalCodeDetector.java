package jp.insurer.governance.policy.detect.recognizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.Detector;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ScanText;

/**
 * 郵便番号: {@code 〒123-4567} is certain; {@code 123-4567} needs a context word (郵便番号, 住所…) or
 * an address right after it; seven bare digits need 郵便番号 itself. The span covers the digits only,
 * not the 〒 mark.
 */
public final class PostalCodeDetector implements Detector {

    private static final Pattern MARKED = Pattern.compile("〒\\s?(\\d{3}-?\\d{4})");
    private static final Pattern HYPHENATED = Pattern.compile("\\d{3}-\\d{4}");
    private static final Pattern PLAIN = Pattern.compile("\\d{7}");

    private final ContextWords context;

    public PostalCodeDetector(ContextWords context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "postal-code-jp";
    }

    @Override
    public List<Finding> detect(ScanText text) {
        String s = text.normalized();
        List<Finding> out = new ArrayList<>();
        Matcher m = MARKED.matcher(s);
        while (m.find()) {
            if (Spans.digitsStandAlone(s, m.start(1), m.end(1))) {
                out.add(text.finding(EntityTypes.POSTAL_CODE, null, m.start(1), m.end(1), 0.97, name()));
            }
        }
        m = HYPHENATED.matcher(s);
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            if (start > 0 && s.charAt(start - 1) == '〒' || start > 1 && s.charAt(start - 2) == '〒') continue;
            if (!Spans.standsAlone(s, start, end)) continue;
            // an area-code phone number "(03)123-4567" or "03 123-4567" is not a postal code
            if (start > 0 && (s.charAt(start - 1) == ')' || s.charAt(start - 1) == '(')) continue;
            boolean ctx = context.near(text, EntityTypes.POSTAL_CODE, start, end) || addressFollows(s, end);
            out.add(text.finding(EntityTypes.POSTAL_CODE, null, start, end, ctx ? 0.88 : 0.35, name()));
        }
        m = PLAIN.matcher(s);
        while (m.find()) {
            if (!Spans.digitsStandAlone(s, m.start(), m.end())) continue;
            if (ContextWords.near(text, List.of("郵便番号", "〒", "postal", "zip"), m.start(), m.end(), 12, 0)) {
                out.add(text.finding(EntityTypes.POSTAL_CODE, null, m.start(), m.end(), 0.8, name()));
            }
        }
        return out;
    }

    private static boolean addressFollows(String s, int end) {
        int i = end;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == ',' || s.charAt(i) == '、')) i++;
        return i < s.length() && AddressDetector.startsWithPrefecture(s, i);
    }
}
