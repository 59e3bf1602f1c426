package jp.insurer.governance.batch.night;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import jp.insurer.governance.batch.support.ReportPages;

/**
 * {@code reports/night-DATE.html} (template {@code reports/night}): the night report for people, with its charts as
 * inline SVG drawn here from the counts (no script, no network: the page opens from a mail attachment or an archive).
 * Coordinates are strings so that the page's number format (12,345) never reaches an SVG attribute.
 */
final class NightReportHtml {

    private NightReportHtml() {}

    static final List<String> STATES = List.of("GRANTED", "WITHDRAWN", "NOT_GIVEN", "UNCERTAIN", "NO_CUSTOMER");
    private static final Map<String, String> STATE_FILL = Map.of(
            "GRANTED",
            "#2e7d32",
            "WITHDRAWN",
            "#c62828",
            "NOT_GIVEN",
            "#9e9e9e",
            "UNCERTAIN",
            "#f9a825",
            "NO_CUSTOMER",
            "#90caf9");
    private static final List<String> PALETTE =
            List.of("#1565c0", "#2e7d32", "#c62828", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457");
    private static final int LABEL = 290; // room for "rule · dataset" labels
    private static final int PLOT = 520;
    private static final int ROW = 22;

    record Card(String value, String label, boolean warn) {}

    record Bar(
            String label,
            String labelY,
            String x,
            String y,
            String w,
            String h,
            String fill,
            String value,
            String valueX) {}

    record Chart(
            String width,
            String height,
            List<Bar> bars,
            List<Segment> segments,
            List<Legend> legend,
            List<Line> lines,
            List<Tick> ticks) {}

    record Segment(String x, String y, String w, String h, String fill, String title) {}

    record Legend(String x, String y, String fill, String label, String textX, String textY) {}

    record Line(String points, String stroke, String label, List<Point> dots) {}

    record Point(String cx, String cy, String title) {}

    record Tick(String x, String y, String label, String anchor) {}

    record CoverageRow(
            String purpose,
            long granted,
            long withdrawn,
            long notGiven,
            long uncertain,
            long noCustomer,
            long total,
            String grantedPercent) {}

    record RuleRow(
            String rule,
            String dataset,
            String action,
            long rows,
            long rowsDeleted,
            long rowsColumnsNulled,
            long legalHold,
            long nullClock) {}

    record RetentionView(String report, String mode, boolean dryRun, List<RuleRow> rules, Chart chart) {}

    record ExtractRow(
            String extractId,
            String recipient,
            String purpose,
            long rows,
            String kAchieved,
            long excluded,
            String excludedByReason) {}

    record StepRow(
            String job,
            long executionId,
            String step,
            String status,
            String exitCode,
            String start,
            String seconds,
            long readCount,
            long writeCount) {}

    record ReasonRow(String reason, long lines) {}

    record Page(
            String businessDate,
            List<Card> cards,
            boolean hasCoverage,
            String coverageDate,
            List<CoverageRow> coverage,
            Chart consentChart,
            Chart trendChart,
            int nights,
            List<RetentionView> retention,
            boolean extractsRan,
            List<ExtractRow> extracts,
            NightReport.Quarantine quarantine,
            List<ReasonRow> ledgerReasons,
            boolean hasSteps,
            List<StepRow> steps,
            Chart stepChart,
            boolean hasMissing,
            List<String> missing) {}

    static String render(NightReport r) {
        List<CoverageRow> coverage = new ArrayList<>();
        NightReport.ConsentNight tonight = r.consentCoverage().isEmpty()
                ? null
                : r.consentCoverage().get(r.consentCoverage().size() - 1);
        if (tonight != null) {
            for (NightReport.PurposeCoverage p : tonight.purposes()) {
                Map<String, Long> s = p.records();
                coverage.add(new CoverageRow(
                        p.purpose(),
                        s.getOrDefault("GRANTED", 0L),
                        s.getOrDefault("WITHDRAWN", 0L),
                        s.getOrDefault("NOT_GIVEN", 0L),
                        s.getOrDefault("UNCERTAIN", 0L),
                        s.getOrDefault("NO_CUSTOMER", 0L),
                        p.total(),
                        percent(p.grantedShare())));
            }
        }
        List<RetentionView> retention = new ArrayList<>();
        long deleted = 0;
        long wouldDelete = 0;
        for (NightReport.RetentionRun run : r.retention()) {
            boolean dry = run.mode().equals("dry-run");
            List<RuleRow> rules = run.rules().stream()
                    .map(t -> new RuleRow(
                            t.rule(),
                            t.dataset(),
                            t.action(),
                            t.rows(),
                            t.rowsDeleted(),
                            t.rowsColumnsNulled(),
                            t.rowsSpared().getOrDefault("LEGAL_HOLD", 0L),
                            t.rowsKeptNullClock()))
                    .toList();
            for (RuleRow row : rules) {
                if (dry) wouldDelete += row.rowsDeleted();
                else deleted += row.rowsDeleted();
            }
            retention.add(new RetentionView(
                    run.report(),
                    run.mode(),
                    dry,
                    rules,
                    bars(
                            rules.stream()
                                    .map(t -> new Value(
                                            t.rule() + " · " + t.dataset(),
                                            t.rowsDeleted() + t.rowsColumnsNulled(),
                                            String.format(
                                                    Locale.ROOT,
                                                    "%,d deleted, %,d nulled",
                                                    t.rowsDeleted(),
                                                    t.rowsColumnsNulled())))
                                    .toList(),
                            dry ? "#ef9a9a" : "#c62828")));
        }
        List<ExtractRow> extracts = new ArrayList<>();
        long released = 0;
        if (r.extracts() != null) {
            for (NightReport.Extract e : r.extracts()) {
                released += e.rows();
                List<String> reasons = new ArrayList<>();
                e.excludedRows().forEach((k, v) -> reasons.add(k + " " + String.format(Locale.ROOT, "%,d", v)));
                extracts.add(new ExtractRow(
                        e.extractId(),
                        e.recipient(),
                        e.purpose(),
                        e.rows(),
                        e.kAchieved() == null ? "-" : e.kAchieved().toString(),
                        e.excludedRows().values().stream()
                                .mapToLong(Long::longValue)
                                .sum(),
                        String.join(", ", reasons)));
            }
        }
        List<StepRow> steps = r.steps().stream()
                .map(s -> new StepRow(
                        s.job(),
                        s.executionId(),
                        s.step(),
                        s.status(),
                        s.exitCode(),
                        s.start(),
                        s.seconds() == null ? "running" : String.format(Locale.ROOT, "%.1f", s.seconds()),
                        s.readCount(),
                        s.writeCount()))
                .toList();
        double totalSeconds = r.steps().stream()
                .filter(s -> s.seconds() != null)
                .mapToDouble(NightReport.StepRun::seconds)
                .sum();
        NightReport.Quarantine q = r.quarantine();
        List<ReasonRow> reasons = q.ledgerByReason().entrySet().stream()
                .map(e -> new ReasonRow(e.getKey(), e.getValue()))
                .toList();

        List<Card> cards = new ArrayList<>();
        cards.add(new Card(
                r.extracts() == null ? "—" : Integer.toString(r.extracts().size()), "extracts released", false));
        cards.add(new Card(String.format(Locale.ROOT, "%,d", released), "rows released", false));
        cards.add(new Card(String.format(Locale.ROOT, "%,d", deleted), "rows deleted by retention", deleted > 0));
        if (wouldDelete > 0)
            cards.add(new Card(String.format(Locale.ROOT, "%,d", wouldDelete), "rows a dry run would delete", false));
        cards.add(new Card(
                q.ledgerLines() == null ? "—" : String.format(Locale.ROOT, "%,d", q.ledgerLines()),
                "ledger lines quarantined",
                q.ledgerLines() != null && q.ledgerLines() > 0));
        cards.add(new Card(
                Integer.toString(q.datasets().size()),
                "datasets quarantined",
                !q.datasets().isEmpty()));
        cards.add(new Card(
                q.unreadableFiles() == null ? "—" : String.format(Locale.ROOT, "%,d", q.unreadableFiles()),
                "unreadable raw files",
                q.unreadableFiles() != null && q.unreadableFiles() > 0));
        cards.add(new Card(String.format(Locale.ROOT, "%.0f s", totalSeconds), "step time", false));

        Chart stepChart = bars(
                r.steps().stream()
                        .filter(s -> s.seconds() != null)
                        .map(s -> new Value(
                                s.job() + " · " + s.step(),
                                Math.round(s.seconds() * 1000),
                                String.format(Locale.ROOT, "%.1f s", s.seconds())))
                        .toList(),
                "#1565c0");
        return ReportPages.render(
                "night",
                "Night report for " + r.businessDate(),
                "en",
                new Page(
                        r.businessDate(),
                        cards,
                        tonight != null,
                        tonight == null ? "" : tonight.businessDate(),
                        coverage,
                        tonight == null ? null : stacked(tonight),
                        trend(r.consentCoverage()),
                        r.consentCoverage().size(),
                        retention,
                        r.extracts() != null,
                        extracts,
                        q,
                        reasons,
                        !steps.isEmpty(),
                        steps,
                        stepChart,
                        !r.missing().isEmpty(),
                        r.missing()));
    }

    private record Value(String label, long value, String text) {}

    /** Horizontal bars, one per value, scaled to the largest. */
    private static Chart bars(List<Value> values, String fill) {
        long max = Math.max(1, values.stream().mapToLong(Value::value).max().orElse(1));
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Value v = values.get(i);
            double w = (double) PLOT * v.value() / max;
            int y = 6 + i * ROW;
            bars.add(new Bar(
                    v.label(),
                    n(y + 14),
                    n(LABEL),
                    n(y),
                    n(Math.max(w, v.value() > 0 ? 1 : 0)),
                    n(ROW - 6),
                    fill,
                    v.text(),
                    n(LABEL + w + 6)));
        }
        return new Chart(
                n(LABEL + PLOT + 170), n(12 + values.size() * ROW), bars, List.of(), List.of(), List.of(), List.of());
    }

    /** One stacked bar per purpose: the share of records in each consent state tonight. */
    private static Chart stacked(NightReport.ConsentNight night) {
        List<Bar> labels = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < night.purposes().size(); i++) {
            NightReport.PurposeCoverage p = night.purposes().get(i);
            int y = 6 + i * ROW;
            labels.add(new Bar(
                    p.purpose(),
                    n(y + 14),
                    n(LABEL),
                    n(y),
                    "0",
                    n(ROW - 6),
                    "none",
                    percent(p.grantedShare()) + " granted",
                    n(LABEL + PLOT + 6)));
            double x = LABEL;
            for (String state : STATES) {
                long count = p.records().getOrDefault(state, 0L);
                if (count == 0 || p.total() == 0) continue;
                double w = (double) PLOT * count / p.total();
                segments.add(new Segment(
                        n(x),
                        n(y),
                        n(w),
                        n(ROW - 6),
                        STATE_FILL.get(state),
                        state + ": " + String.format(Locale.ROOT, "%,d", count)));
                x += w;
            }
        }
        int legendY = 12 + night.purposes().size() * ROW;
        List<Legend> legend = new ArrayList<>();
        for (int i = 0; i < STATES.size(); i++) {
            int x = LABEL + i * 110;
            legend.add(new Legend(
                    n(x), n(legendY), STATE_FILL.get(STATES.get(i)), STATES.get(i), n(x + 16), n(legendY + 10)));
        }
        return new Chart(n(LABEL + PLOT + 170), n(legendY + 20), labels, segments, legend, List.of(), List.of());
    }

    /** Share of records GRANTED per purpose, one line per purpose over the nights (a dot per night). */
    private static Chart trend(List<NightReport.ConsentNight> nights) {
        int left = 50;
        int top = 10;
        int width = 560;
        int height = 180;
        TreeSet<String> purposes = new TreeSet<>();
        nights.forEach(n -> n.purposes().forEach(p -> purposes.add(p.purpose())));
        List<Tick> ticks = new ArrayList<>();
        for (int pct = 0; pct <= 100; pct += 25) {
            ticks.add(new Tick(n(left - 6), n(top + height - height * pct / 100.0 + 4), pct + "%", "end"));
        }
        double step = nights.size() > 1 ? (double) width / (nights.size() - 1) : 0;
        for (int i = 0; i < nights.size(); i++) {
            double x = left + (nights.size() > 1 ? i * step : width / 2.0);
            ticks.add(new Tick(
                    n(x), n(top + height + 16), nights.get(i).businessDate().substring(5), "middle"));
        }
        List<Line> lines = new ArrayList<>();
        List<Legend> legend = new ArrayList<>();
        int colour = 0;
        for (String purpose : purposes) {
            String stroke = PALETTE.get(colour % PALETTE.size());
            StringBuilder points = new StringBuilder();
            List<Point> dots = new ArrayList<>();
            for (int i = 0; i < nights.size(); i++) {
                for (NightReport.PurposeCoverage p : nights.get(i).purposes()) {
                    if (!p.purpose().equals(purpose)) continue;
                    double x = left + (nights.size() > 1 ? i * step : width / 2.0);
                    double y = top + height - height * p.grantedShare();
                    points.append(n(x)).append(',').append(n(y)).append(' ');
                    dots.add(new Point(
                            n(x),
                            n(y),
                            purpose + " " + nights.get(i).businessDate() + ": " + percent(p.grantedShare())));
                }
            }
            lines.add(new Line(points.toString().strip(), stroke, purpose, dots));
            int ly = top + 10 + colour * 16;
            legend.add(new Legend(n(left + width + 20), n(ly - 9), stroke, purpose, n(left + width + 36), n(ly)));
            colour++;
        }
        int h = Math.max(top + height + 30, top + 20 + purposes.size() * 16);
        return new Chart(n(left + width + 220), n(h), List.of(), List.of(), legend, lines, ticks);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
