package jp.insurer.governance.policy.detect;

/**
 * Check-digit algorithms of Japanese and card identifiers. Inputs are ASCII digit strings (callers
 * strip separators first); any other character makes the check fail.
 */
public final class Checksums {

    private Checksums() {}

    /** Luhn (cards, 8-digit health-insurer numbers): the last digit is the check digit. */
    public static boolean luhn(String digits) {
        if (digits.length() < 2 || !allDigits(digits)) return false;
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /**
     * Modulus 11 with weights 2..7 repeating from the right of the payload, check = 11 − (sum mod 11),
     * 0 when the remainder is 0 or 1; the last digit is the check digit. For 12 digits this is exactly
     * the My Number rule (weights 6,5,4,3,2,7,6,5,4,3,2 over the first 11 digits).
     */
    public static boolean mod11(String digits) {
        if (digits.length() < 2 || !allDigits(digits)) return false;
        int payload = digits.length() - 1;
        int sum = 0;
        for (int n = 1; n <= payload; n++) {
            int d = digits.charAt(payload - n) - '0';
            int weight = (n - 1) % 6 + 2;
            sum += d * weight;
        }
        int r = sum % 11;
        int check = r <= 1 ? 0 : 11 - r;
        return check == digits.charAt(payload) - '0';
    }

    /** 個人番号 (My Number): 12 digits, mod 11. */
    public static boolean myNumber(String digits) {
        return digits.length() == 12 && mod11(digits);
    }

    /**
     * 法人番号 (Corporate Number): 13 digits, the check digit comes FIRST:
     * 9 − (Σ over the 12 base digits counted from the right of digit × (1 odd, 2 even)) mod 9.
     */
    public static boolean corporateNumber(String digits) {
        if (digits.length() != 13 || !allDigits(digits)) return false;
        int sum = 0;
        for (int n = 1; n <= 12; n++) {
            int d = digits.charAt(13 - n) - '0';
            sum += d * (n % 2 == 1 ? 1 : 2);
        }
        return 9 - (sum % 9) == digits.charAt(0) - '0';
    }

    public static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return !s.isEmpty();
    }

    /** The ASCII digits of {@code s}, separators dropped. */
    public static String digitsOf(CharSequence s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') b.append(c);
        }
        return b.toString();
    }
}
