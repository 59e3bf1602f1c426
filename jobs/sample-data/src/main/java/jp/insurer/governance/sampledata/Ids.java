package jp.insurer.governance.sampledata;

/** Zero-padded identifiers without {@code String.format} (it dominated profiles of the id columns). */
final class Ids {

    private Ids() {}

    /** prefix + a (width a digits) + b (width b digits); negative widths are not supported. */
    static String of(String prefix, long a, int widthA, long b, int widthB) {
        StringBuilder out = new StringBuilder(prefix.length() + widthA + widthB).append(prefix);
        pad(out, a, widthA);
        if (widthB > 0) {
            pad(out, b, widthB);
        }
        return out.toString();
    }

    static String of(String prefix, long a, int widthA) {
        return of(prefix, a, widthA, 0, 0);
    }

    static StringBuilder pad(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }

    static String two(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }
}
