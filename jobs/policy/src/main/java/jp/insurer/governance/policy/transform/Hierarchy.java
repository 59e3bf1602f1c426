package jp.insurer.governance.policy.transform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A generalization hierarchy (ARX style: data, not code): how one value becomes a coarser one.
 * Defined in {@code config/hierarchies/hierarchies.yml}; {@link #next()} names the coarser level that
 * k-anonymity may use before suppressing.
 *
 * <p>Every hierarchy is total and fail-closed: a value it cannot read (wrong type, malformed, a
 * postal prefix outside the table, a birth date after the business date) becomes null, never the raw
 * value. Outputs are strings, so a generalized column is a string column in the extract.
 */
public sealed interface Hierarchy
        permits Hierarchy.AgeBand,
                Hierarchy.PostalPrefecture,
                Hierarchy.LeadingChars,
                Hierarchy.DateTrunc,
                Hierarchy.Bands {

    /** The coarser hierarchy's name, or null at the top. */
    String next();

    /** A function for one run: values to generalized strings, with everything precomputed. */
    Function<Object, String> bind(LocalDate businessDate, ZoneId zone);

    /**
     * Whether every output is a label made from the configuration alone (an age or amount band, a
     * prefecture or its group), never characters of the value: such an output can coincide with a
     * person's identifier ("1000000+" and the postal code 100-0000) but cannot carry one.
     */
    default boolean labelsOnly() {
        return this instanceof AgeBand || this instanceof PostalPrefecture || this instanceof Bands;
    }

    /** Birth date → age at the business date in bands of {@code width} years; {@code top} and over in one band. */
    record AgeBand(int width, int top, String next) implements Hierarchy {
        public AgeBand {
            if (width < 1) throw new IllegalArgumentException("width must be at least 1");
            if (top < width) throw new IllegalArgumentException("top must be at least width");
        }

        /** The band of an age: "30-34", "85+". Public for tests and the data dictionary. */
        public String band(int age) {
            if (age < 0) return null;
            if (age >= top) return top + "+";
            int lower = age / width * width;
            int upper = Math.min(lower + width - 1, top - 1);
            return lower + "-" + upper;
        }

        @Override
        public Function<Object, String> bind(LocalDate businessDate, ZoneId zone) {
            String[] labels = new String[top + 1];
            for (int age = 0; age <= top; age++) labels[age] = band(age);
            return value -> {
                LocalDate birth = Values.date(value, zone);
                if (birth == null || birth.isAfter(businessDate)) return null;
                int age = Period.between(birth, businessDate).getYears();
                return labels[Math.min(age, top)];
            };
        }
    }

    /**
     * Postal code → prefecture by its first three digits, or → the group of prefectures (a region,
     * 地方) holding it when {@code groups} is given. {@code prefectures[i]} is the prefecture of prefix i
     * (000–999) or null. The code must have exactly seven digits (full-width, hyphens and 〒 allowed).
     *
     * @param groups prefecture → its group; empty for prefectures themselves
     */
    record PostalPrefecture(String table, List<String> prefectures, java.util.Map<String, String> groups, String next)
            implements Hierarchy {
        public PostalPrefecture {
            if (prefectures.size() != 1000) throw new IllegalArgumentException("1000 prefixes expected");
            prefectures = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(prefectures));
            groups = java.util.Map.copyOf(groups);
            if (!groups.isEmpty()) {
                for (String p : prefectures) {
                    if (p != null && !groups.containsKey(p))
                        throw new IllegalArgumentException("groups leave out prefecture " + p);
                }
            }
        }

        public String prefectureOf(Object value) {
            String digits = Values.digits(value);
            if (digits == null || digits.length() != 7) return null;
            return prefectures.get(Integer.parseInt(digits.substring(0, 3)));
        }

        @Override
        public Function<Object, String> bind(LocalDate businessDate, ZoneId zone) {
            if (groups.isEmpty()) return this::prefectureOf;
            return value -> {
                String prefecture = prefectureOf(value);
                return prefecture == null ? null : groups.get(prefecture);
            };
        }
    }

    /** The first {@code keep} digits of the value; the remaining digits become '*' ("150****"). */
    record LeadingChars(int keep, String next) implements Hierarchy {
        public LeadingChars {
            if (keep < 1) throw new IllegalArgumentException("keep must be at least 1");
        }

        @Override
        public Function<Object, String> bind(LocalDate businessDate, ZoneId zone) {
            return value -> {
                String digits = Values.digits(value);
                if (digits == null || digits.length() <= keep) return null;
                return digits.substring(0, keep) + "*".repeat(digits.length() - keep);
            };
        }
    }

    /** A date or timestamp → "YYYY-MM" (MONTH) or "YYYY" (YEAR); timestamps in the business zone. */
    record DateTrunc(Unit unit, String next) implements Hierarchy {
        public enum Unit {
            MONTH,
            YEAR
        }

        @Override
        public Function<Object, String> bind(LocalDate businessDate, ZoneId zone) {
            // labels of the years 1900-2099 built once: most dates fall there, and a row costs a lookup
            String[] labels = new String[200 * 12];
            for (int y = 1900; y < 2100; y++) {
                for (int m = 1; m <= 12; m++) labels[(y - 1900) * 12 + m - 1] = label(y, m);
            }
            return value -> {
                LocalDate d = Values.date(value, zone);
                if (d == null) return null;
                int y = d.getYear();
                return y >= 1900 && y < 2100
                        ? labels[(y - 1900) * 12 + d.getMonthValue() - 1]
                        : label(y, d.getMonthValue());
            };
        }

        private String label(int y, int m) {
            String year = y >= 1000 && y <= 9999 ? Integer.toString(y) : String.format("%04d", y);
            if (unit == Unit.YEAR) return year;
            return year + (m < 10 ? "-0" : "-") + m;
        }
    }

    /**
     * A number → its band between ascending {@code edges}: "10000-29999" (lower edge inclusive, upper
     * exclusive, written as integers), "&lt;0" below the first edge, "100000+" from the last.
     */
    record Bands(long[] edges, String next) implements Hierarchy {
        public Bands {
            if (edges.length < 1) throw new IllegalArgumentException("at least one edge is required");
            for (int i = 1; i < edges.length; i++) {
                if (edges[i] <= edges[i - 1]) throw new IllegalArgumentException("edges must be strictly ascending");
            }
            edges = edges.clone();
        }

        @Override
        public long[] edges() {
            return edges.clone();
        }

        public String band(double value) {
            if (Double.isNaN(value)) return null;
            if (value < edges[0]) return "<" + edges[0];
            int i = Arrays.binarySearch(edges, (long) Math.floor(value));
            int lowerIndex = i >= 0 ? i : -i - 2;
            if (lowerIndex == edges.length - 1) return edges[lowerIndex] + "+";
            long upper = edges[lowerIndex + 1] - 1;
            return edges[lowerIndex] == upper ? String.valueOf(upper) : edges[lowerIndex] + "-" + upper;
        }

        @Override
        public Function<Object, String> bind(LocalDate businessDate, ZoneId zone) {
            return value -> {
                if (value instanceof Number n) return band(n.doubleValue());
                if (value instanceof String s) {
                    try {
                        return band(Double.parseDouble(s.trim().replace(",", "")));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                return null;
            };
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bands b && Arrays.equals(edges, b.edges) && java.util.Objects.equals(next, b.next);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(edges) * 31 + java.util.Objects.hashCode(next);
        }

        @Override
        public String toString() {
            return "Bands[edges=" + Arrays.toString(edges) + ", next=" + next + "]";
        }
    }

    /** Reading cell values of the types the Parquet adapter produces (and their string forms). */
    final class Values {
        private Values() {}

        static LocalDate date(Object value, ZoneId zone) {
            if (value == null) return null;
            if (value instanceof LocalDate d) return d;
            if (value instanceof LocalDateTime t) return t.toLocalDate();
            if (value instanceof OffsetDateTime t)
                return t.atZoneSameInstant(zone).toLocalDate();
            if (value instanceof ZonedDateTime t)
                return t.withZoneSameInstant(zone).toLocalDate();
            if (value instanceof Instant i) return i.atZone(zone).toLocalDate();
            if (value instanceof java.util.Date d)
                return d.toInstant().atZone(zone).toLocalDate();
            if (value instanceof CharSequence cs) {
                String s = cs.toString().trim();
                if (s.length() < 10) return null;
                try {
                    if (s.length() > 10 && (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$"))) {
                        return OffsetDateTime.parse(s).atZoneSameInstant(zone).toLocalDate();
                    }
                    return LocalDate.parse(s.substring(0, 10));
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
            return null;
        }

        /** The ASCII digits of a value (full-width digits folded); null when it has none. */
        static String digits(Object value) {
            if (value == null) return null;
            String s = value.toString();
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= '0' && c <= '9') out.append(c);
                else if (c >= '０' && c <= '９') out.append((char) ('0' + (c - '０')));
            }
            return out.length() == 0 ? null : out.toString();
        }
    }
}
