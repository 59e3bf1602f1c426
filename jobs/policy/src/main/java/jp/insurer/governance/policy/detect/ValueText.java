package jp.insurer.governance.policy.detect;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A cell value of any type as the text the detectors read, so a number, a decimal or a date is
 * checked like a string: numbers in plain digits (no exponent, no trailing {@code .0}), dates and
 * times in ISO form, binary as UTF-8 when it is valid UTF-8.
 *
 * <p>Storing an identifier as a number drops its leading zeros, and with them the shape the
 * detectors look for: {@code 090-1234-5678} becomes {@code 9012345678}, a My Number starting with 0
 * loses a digit. {@link #readings} therefore also returns what such a number read as text would
 * have been: the trunk 0 of a domestic phone number (9–10 digits), zeros back to 12 digits (10–11
 * digits, a My Number) and the {@code +} of an E.164 number starting 81 (11–12 digits).
 */
public final class ValueText {

    private ValueText() {}

    /** The value as text, or null for null and for binary that is not UTF-8 text. */
    public static String text(Object value) {
        if (value == null) return null;
        if (value instanceof String s) return s;
        if (value instanceof byte[] bytes) return utf8(bytes);
        String integral = integralDigits(value);
        if (integral != null) return integral;
        if (value instanceof BigDecimal d) return d.toPlainString();
        if (value instanceof Double d)
            return d.isNaN() || d.isInfinite()
                    ? d.toString()
                    : BigDecimal.valueOf(d).toPlainString();
        if (value instanceof Float f)
            return f.isNaN() || f.isInfinite() ? f.toString() : new BigDecimal(f.toString()).toPlainString();
        // LocalDate, LocalDateTime, Instant, OffsetDateTime: toString is ISO 8601
        return value.toString();
    }

    /**
     * The value's text and, for a whole number, the texts it would have had before leading zeros
     * (or a leading +) were lost; empty for null or undecodable binary.
     */
    public static List<String> readings(Object value) {
        String text = text(value);
        if (text == null) return List.of();
        String digits = value instanceof String || value instanceof byte[] ? null : integralDigits(value);
        if (digits == null || digits.startsWith("-")) return List.of(text);
        List<String> out = new ArrayList<>(3);
        out.add(text);
        int n = digits.length();
        if (n == 9 || n == 10) out.add("0" + digits);
        if (n == 10 || n == 11) out.add("0".repeat(12 - n) + digits);
        if ((n == 11 || n == 12) && digits.startsWith("81")) out.add("+" + digits);
        return out;
    }

    /** Plain digits of a whole number of any numeric type (also 1.0E11 or 12.00), else null. */
    private static String integralDigits(Object value) {
        if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString();
        }
        BigDecimal d;
        if (value instanceof BigDecimal b) d = b;
        else if (value instanceof Double x && !x.isNaN() && !x.isInfinite()) d = BigDecimal.valueOf(x);
        else if (value instanceof Float x && !x.isNaN() && !x.isInfinite()) d = new BigDecimal(x.toString());
        else return null;
        if (d.signum() == 0) return "0";
        BigDecimal stripped = d.stripTrailingZeros();
        return stripped.scale() <= 0 ? stripped.toBigIntegerExact().toString() : null;
    }

    /** The bytes as UTF-8 text, or null when they are not valid UTF-8 (never a replacement character). */
    public static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
