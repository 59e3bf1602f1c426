package jp.insurer.governance.sampledata;

import static jp.insurer.governance.parquet.ColumnType.STRING;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code consent_events} dataset: an append-only ledger as real systems export it — timestamps as
 * ISO-8601 strings with offset, a few exact duplicates, events out of time order, some events after the
 * as-of date and, on request, a few invalid events.
 */
final class ConsentLedger {

    static final DatasetSpec SPEC = DatasetSpec.builder("consent_events")
            .acquired("DIRECT")
            .col("event_id", STRING, false, "NON_PERSONAL", "", null)
            .col("customer_id", STRING, true, "DIRECT_IDENTIFIER", "DIRECT", "CUSTOMER_ID")
            .col("purpose", STRING, false, "NON_PERSONAL", "DIRECT", null)
            .col("action", STRING, false, "NON_PERSONAL", "DIRECT", null)
            .col("event_ts", STRING, false, "NON_PERSONAL", "DIRECT", null)
            .col("channel", STRING, false, "NON_PERSONAL", "DIRECT", null)
            .col("document_version", STRING, false, "NON_PERSONAL", "DIRECT", null)
            .build();

    static final String[] PURPOSES = {
        "INSURANCE_GROUP_SHARING", "GROUP_SHARING", "SENSITIVE_RND", "MARKETING", "NEWSLETTER"
    };
    private static final double[] INITIAL_GRANT = {0.70, 0.45, 0.18, 0.50, 0.40};
    private static final double[] WITHDRAW = {0.08, 0.12, 0.10, 0.22, 0.30};

    record Version(String label, LocalDate effective) {}

    static final List<Version> VERSIONS = List.of(
            new Version("2015.10", LocalDate.of(2015, 10, 1)), new Version("2017.5", LocalDate.of(2017, 5, 30)),
            new Version("2019.1", LocalDate.of(2019, 1, 1)), new Version("2020.4", LocalDate.of(2020, 4, 1)),
            new Version("2022.4", LocalDate.of(2022, 4, 1)), new Version("2024.10", LocalDate.of(2024, 10, 1)));

    enum Anomaly {
        UNKNOWN_PURPOSE,
        UNKNOWN_ACTION,
        MISSING_CUSTOMER_ID,
        UNPARSABLE_TIMESTAMP
    }

    /** Counts reported in the ground truth. Not thread-safe: one per generating thread. */
    static final class Stats {
        long duplicates;
        long afterAsOf;
        long outOfOrderCustomers;
        final long[] anomalies = new long[Anomaly.values().length];
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private ConsentLedger() {}

    static void write(
            long seed, LocalDate asOf, Customer c, long customers, boolean withAnomalies, Stats stats, RowSink sink)
            throws IOException {
        SplittableRandom rng = Rng.forKey(seed, Rng.Stream.CONSENT, c.number());
        List<Object[]> events = new ArrayList<>();
        Instant asOfEnd = asOf.plusDays(1).atStartOfDay(Customers.JST).toInstant();
        Instant joined = c.createdAt().plusSeconds(60 + rng.nextInt(600));
        long remaining = Math.max(1, ChronoUnit.SECONDS.between(joined, asOfEnd));
        for (int p = 0; p < PURPOSES.length; p++) {
            boolean granted = Rng.chance(rng, INITIAL_GRANT[p]);
            Instant t = joined;
            if (!granted) {
                if (!Rng.chance(rng, 0.1)) {
                    continue;
                }
                t = joined.plusSeconds(rng.nextLong(remaining)); // granted later, e.g. from a campaign page
            }
            events.add(event(rng, c, events.size(), PURPOSES[p], "GRANTED", t, t == joined ? "signup" : null));
            // Withdrawals, sometimes a re-grant; each within what is left before the as-of date.
            while (Rng.chance(rng, WITHDRAW[p])) {
                long left = ChronoUnit.SECONDS.between(t, asOfEnd);
                if (left < 3600) {
                    break;
                }
                t = t.plusSeconds(3600 + rng.nextLong(left - 3600 + 1) / 2);
                events.add(event(rng, c, events.size(), PURPOSES[p], "WITHDRAWN", t, null));
                left = ChronoUnit.SECONDS.between(t, asOfEnd);
                if (left < 3600 || !Rng.chance(rng, 0.3)) {
                    break;
                }
                t = t.plusSeconds(3600 + rng.nextLong(left - 3600 + 1) / 2);
                events.add(event(rng, c, events.size(), PURPOSES[p], "GRANTED", t, null));
            }
            // Re-confirmation on the 2022 document revision.
            Instant revision =
                    LocalDate.of(2022, 4, 1).atStartOfDay(Customers.JST).toInstant();
            if (p == 0 && t.isBefore(revision) && revision.isBefore(asOfEnd) && Rng.chance(rng, 0.15)) {
                Instant at = revision.plusSeconds(rng.nextInt(90 * 86400));
                if (at.isBefore(asOfEnd)) {
                    events.add(event(rng, c, events.size(), PURPOSES[p], "GRANTED", at, null));
                }
            }
        }
        if (Rng.chance(rng, 0.01)) { // exported after the business date: must not count as of it
            // Within the morning after (the export's time): a line dated after its file was written is doubted
            // by the tag job, and the files are written now, soon after the as-of date in the tests.
            Instant at = asOfEnd.plusSeconds(rng.nextInt(6 * 3600));
            events.add(event(
                    rng,
                    c,
                    events.size(),
                    Rng.pick(rng, PURPOSES),
                    rng.nextBoolean() ? "WITHDRAWN" : "GRANTED",
                    at,
                    null));
            stats.afterAsOf++;
        }
        if (events.size() > 1 && Rng.chance(rng, 0.15)) {
            for (int i = events.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Object[] tmp = events.get(i);
                events.set(i, events.get(j));
                events.set(j, tmp);
            }
            stats.outOfOrderCustomers++;
        }
        for (Object[] e : events) {
            sink.accept(e);
            if (Rng.chance(rng, 0.02)) {
                sink.accept(e.clone());
                stats.duplicates++;
            }
        }
        if (withAnomalies) { // written once, never duplicated, so the ground-truth count is a row count
            long stride = Math.max(1, customers / 8);
            if (c.number() % stride == 0) {
                Anomaly kind = Anomaly.values()[(int) ((c.number() / stride) % Anomaly.values().length)];
                sink.accept(anomaly(rng, c, events.size(), kind, joined));
                stats.anomalies[kind.ordinal()]++;
            }
        }
    }

    private static Object[] event(
            SplittableRandom rng, Customer c, int serial, String purpose, String action, Instant at, String context) {
        LocalDate day = at.atOffset(Customers.JST).toLocalDate();
        String channel;
        if ("signup".equals(context)) {
            channel = day.getYear() < 2016 && Rng.chance(rng, 0.5) ? "paper" : Rng.chance(rng, 0.7) ? "web" : "app";
        } else {
            double u = rng.nextDouble();
            channel = u < 0.5 ? "web" : u < 0.75 ? "app" : u < 0.9 ? "call" : "paper";
        }
        return new Object[] {
            Ids.of("CE", c.number(), 10, serial, 3),
            c.id(),
            purpose,
            action,
            timestamp(rng, at),
            channel,
            versionOn(day),
        };
    }

    private static Object[] anomaly(SplittableRandom rng, Customer c, int serial, Anomaly kind, Instant joined) {
        Object[] row = event(rng, c, serial, Rng.pick(rng, PURPOSES), "GRANTED", joined.plusSeconds(86400), null);
        switch (kind) {
            case UNKNOWN_PURPOSE ->
                row[2] = Rng.pick(rng, new String[] {"PROFILING", "THIRD_PARTY_SALE", "marketing "});
            case UNKNOWN_ACTION -> row[3] = Rng.pick(rng, new String[] {"REVOKED", "granted?", "PENDING"});
            case MISSING_CUSTOMER_ID -> row[1] = null;
            case UNPARSABLE_TIMESTAMP ->
                row[4] = Rng.pick(rng, new String[] {"2024/13/45 25:61", "昨日 10:15", "N/A", ""});
        }
        return row;
    }

    static String versionOn(LocalDate day) {
        String label = VERSIONS.get(0).label();
        for (Version v : VERSIONS) {
            if (!day.isBefore(v.effective())) {
                label = v.label();
            }
        }
        return label;
    }

    private static String timestamp(SplittableRandom rng, Instant at) {
        Instant seconds = at.truncatedTo(ChronoUnit.SECONDS);
        ZoneOffset offset = Rng.chance(rng, 0.05) ? ZoneOffset.UTC : Customers.JST;
        return OffsetDateTime.ofInstant(seconds, offset).format(ISO);
    }
}
