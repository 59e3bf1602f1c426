package jp.insurer.governance.policy.extract;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jp.insurer.governance.policy.config.YamlNode;

/**
 * When the nightly job makes a profile's extract ({@code schedule:} of a profile in {@code extracts.yml}).
 * A profile without one is made on demand only ({@code run-job extract profile=NAME}). The business date
 * of the night decides, not the wall clock, so that a night rerun for a past date makes the same extracts.
 * <pre>
 *   schedule: daily
 *   schedule: {weekly: MON}          # or a list: {weekly: [MON, THU]}
 *   schedule: {monthly: 1}           # a day 1..28, or last (the month's last day)
 * </pre>
 * Days 29 to 31 are refused rather than moved: a month without them would silently skip a release.
 */
public sealed interface ExtractSchedule {

    /** Whether the night of this business date makes the extract. */
    boolean isDue(LocalDate businessDate);

    record Daily() implements ExtractSchedule {
        @Override
        public boolean isDue(LocalDate businessDate) {
            return true;
        }

        @Override
        public String toString() {
            return "daily";
        }
    }

    record Weekly(Set<DayOfWeek> days) implements ExtractSchedule {
        public Weekly {
            days = Set.copyOf(days);
        }

        @Override
        public boolean isDue(LocalDate businessDate) {
            return days.contains(businessDate.getDayOfWeek());
        }

        @Override
        public String toString() {
            return "weekly "
                    + String.join(
                            ",",
                            new TreeSet<>(days)
                                    .stream().map(Weekly::abbreviation).toList());
        }

        static String abbreviation(DayOfWeek day) {
            return day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT);
        }
    }

    /** @param day 1..28, or 0 for the month's last day */
    record Monthly(int day) implements ExtractSchedule {
        @Override
        public boolean isDue(LocalDate businessDate) {
            return day == 0
                    ? businessDate.getDayOfMonth() == businessDate.lengthOfMonth()
                    : businessDate.getDayOfMonth() == day;
        }

        @Override
        public String toString() {
            return "monthly " + (day == 0 ? "last" : Integer.toString(day));
        }
    }

    /** Reads a {@code schedule:} node; every mistake names file, line and field. */
    static ExtractSchedule parse(YamlNode node) {
        if (!node.isMap()) {
            String value = node.string().trim();
            if (value.equalsIgnoreCase("daily")) return new Daily();
            throw node.error(
                    "expected daily, {weekly: MON} or {monthly: 1}; leave schedule out for on demand only, got '"
                            + value + "'");
        }
        Map<String, YamlNode> entries = node.allowOnly("weekly", "monthly").entries();
        if (entries.size() != 1) throw node.error("name one of weekly or monthly");
        YamlNode weekly = entries.get("weekly");
        if (weekly != null) {
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (YamlNode d : weekly.isList() ? weekly.list() : java.util.List.of(weekly)) {
                days.add(day(d));
            }
            if (days.isEmpty()) throw weekly.error("name at least one day (MON, TUE, WED, THU, FRI, SAT, SUN)");
            return new Weekly(days);
        }
        YamlNode monthly = entries.get("monthly");
        String value = monthly.string().trim();
        if (value.equalsIgnoreCase("last")) return new Monthly(0);
        int day = monthly.integer();
        if (day < 1 || day > 28) {
            throw monthly.error("a day of the month is 1 to 28 (every month has it) or last, got " + day);
        }
        return new Monthly(day);
    }

    private static DayOfWeek day(YamlNode node) {
        String value = node.string().trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (Weekly.abbreviation(d).equals(value) || d.name().equals(value)) return d;
        }
        throw node.error("unknown day '" + node.string().trim() + "'; expected MON, TUE, WED, THU, FRI, SAT or SUN");
    }
}
