package jp.insurer.governance.sampledata;

import java.util.SplittableRandom;

/** Check digits of the identifiers the generator produces, so detectors can validate them. */
final class CheckDigits {

    private static final int[] MY_NUMBER_WEIGHTS = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    private CheckDigits() {}

    /** The check digit of an individual number (My Number) from its first 11 digits. */
    static int myNumberCheckDigit(CharSequence first11) {
        int sum = 0;
        for (int i = 0; i < 11; i++) {
            sum += (first11.charAt(i) - '0') * MY_NUMBER_WEIGHTS[i];
        }
        int remainder = sum % 11;
        return remainder <= 1 ? 0 : 11 - remainder;
    }

    static boolean isValidMyNumber(String twelveDigits) {
        return twelveDigits != null
                && twelveDigits.matches("\\d{12}")
                && myNumberCheckDigit(twelveDigits) == twelveDigits.charAt(11) - '0';
    }

    /** A random valid My Number (first digit never 0, as issued numbers look). */
    static String myNumber(SplittableRandom rng) {
        String body = (char) ('1' + rng.nextInt(9)) + Rng.digits(rng, 10);
        return body + myNumberCheckDigit(body);
    }

    /** The Luhn digit to append to a partial number. */
    static int luhnCheckDigit(CharSequence partial) {
        int sum = 0;
        boolean doubleIt = true; // the rightmost digit of the partial is doubled once the check digit is appended
        for (int i = partial.length() - 1; i >= 0; i--) {
            int d = partial.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (10 - sum % 10) % 10;
    }

    static boolean isLuhnValid(String digits) {
        if (digits == null || !digits.matches("\\d{12,19}")) {
            return false;
        }
        return luhnCheckDigit(digits.substring(0, digits.length() - 1)) == digits.charAt(digits.length() - 1) - '0';
    }
}
