package jp.insurer.governance.policy.detect.recognizer;

/** Boundary checks shared by the digit-run recognizers. */
final class Spans {

    private Spans() {}

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * True when [start, end) is a whole identifier: not glued to a digit or ASCII letter, and not one
     * hyphen/dot-group of a longer number such as a phone number (03-1234-5678).
     */
    static boolean standsAlone(String s, int start, int end) {
        if (start > 0) {
            char b = s.charAt(start - 1);
            if (isDigit(b) || isAsciiLetter(b)) return false;
            if ((b == '-' || b == '.' || b == '/') && start > 1 && isDigit(s.charAt(start - 2))) return false;
        }
        if (end < s.length()) {
            char a = s.charAt(end);
            if (isDigit(a) || isAsciiLetter(a)) return false;
            if ((a == '-' || a == '.' || a == '/') && end + 1 < s.length() && isDigit(s.charAt(end + 1))) return false;
        }
        return true;
    }

    /** Like {@link #standsAlone} but letters may touch the span (for "No1234567", "口座1234567"). */
    static boolean digitsStandAlone(String s, int start, int end) {
        if (start > 0) {
            char b = s.charAt(start - 1);
            if (isDigit(b)) return false;
            if ((b == '-' || b == '.' || b == '/' || b == ',') && start > 1 && isDigit(s.charAt(start - 2)))
                return false;
        }
        if (end < s.length()) {
            char a = s.charAt(end);
            if (isDigit(a)) return false;
            if ((a == '-' || a == '.' || a == '/' || a == ',') && end + 1 < s.length() && isDigit(s.charAt(end + 1)))
                return false;
        }
        return true;
    }
}
