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
import org.apache.commons.validator.routines.InetAddressValidator;

/**
 * IPv4 and IPv6 addresses: candidates by pattern, validated by Commons Validator. Version strings
 * (ver 1.2.3.4, Chrome/120.0.0.0) share the IPv4 shape: a version word right before lowers the
 * score, and a product/version slash rules the candidate out.
 */
public final class IpAddressDetector implements Detector {

    private static final Pattern V4 = Pattern.compile("(?<![\\d.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\d]|\\.\\d)");
    private static final Pattern V6 = Pattern.compile(
            "(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\\d{1,3}\\.){3}\\d{1,3})?(?![0-9A-Fa-f:])");
    private static final List<String> VERSION_WORDS = List.of("ver", "version", "バージョン", "v.", "rev");

    private final InetAddressValidator validator = InetAddressValidator.getInstance();
    private final ContextWords context;

    public IpAddressDetector(ContextWords context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "ip-commons-validator";
    }

    /** IPv6 needs two colons at most five chars apart; skip the regex otherwise. */
    private static boolean hasTwoColonsClose(String s) {
        int prev = -10;
        for (int i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) {
            if (i - prev <= 5) return true;
            prev = i;
        }
        return false;
    }

    @Override
    public List<Finding> detect(ScanText text) {
        String s = text.normalized();
        List<Finding> out = new ArrayList<>();
        if (s.indexOf('.') >= 0) {
            Matcher m = V4.matcher(s);
            while (m.find()) {
                if (!validator.isValidInet4Address(m.group())) continue;
                if (m.start() > 0
                        && Spans.isAsciiLetter(s.charAt(m.start() - 1))
                        && s.charAt(m.start() - 1) != 'p'
                        && s.charAt(m.start() - 1) != 'P') continue;
                // product/version tokens of user agents (Chrome/120.0.0.0) share the shape
                if (m.start() > 0 && s.charAt(m.start() - 1) == '/') continue;
                double score = ContextWords.near(text, VERSION_WORDS, m.start(), m.end(), 10, 0)
                        ? 0.3
                        : context.near(text, EntityTypes.IP_ADDRESS, m.start(), m.end()) ? 0.95 : 0.85;
                out.add(text.finding(EntityTypes.IP_ADDRESS, null, m.start(), m.end(), score, name()));
            }
        }
        if (hasTwoColonsClose(s)) {
            Matcher m = V6.matcher(s);
            while (m.find()) {
                String c = m.group();
                int start = m.start();
                if (c.startsWith(":") && !c.startsWith("::")) { // a label colon (アクセス元：fe80::1)
                    c = c.substring(1);
                    start++;
                }
                if (c.length() < 3 || !validator.isValidInet6Address(c)) continue;
                double score = context.near(text, EntityTypes.IP_ADDRESS, start, m.end()) ? 0.95 : 0.85;
                out.add(text.finding(EntityTypes.IP_ADDRESS, null, start, m.end(), score, name()));
            }
        }
        return out;
    }
}
