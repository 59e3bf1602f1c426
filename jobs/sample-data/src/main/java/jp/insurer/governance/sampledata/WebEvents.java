package jp.insurer.governance.sampledata;

import static jp.insurer.governance.parquet.ColumnType.STRING;
import static jp.insurer.governance.parquet.ColumnType.TIMESTAMP;

import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * The {@code web_events} dataset (DEVICE_COOKIE, USAGE), Hive-partitioned by the Japan-time date
 * ({@code dt=YYYY-MM-DD}) over the two years up to the as-of date. Generated day by day from
 * (seed, day), so one partition writer is open at a time. Logged-in visitors keep their few cookies and
 * devices across days, so cookies link to customers as in real logs.
 */
final class WebEvents {

    static final int DAYS = 730;

    /** Average events per customer per day (before trend and weekday factors). */
    static final double EVENTS_PER_CUSTOMER_DAY = 0.01;

    static final DatasetSpec SPEC = DatasetSpec.builder("web_events")
            .acquired("DEVICE_COOKIE,USAGE")
            .col("event_id", STRING, false, "NON_PERSONAL", "", null)
            .col("cookie_id", STRING, false, "DIRECT_IDENTIFIER", "DEVICE_COOKIE", "COOKIE_ID")
            .col("device_id", STRING, true, "DIRECT_IDENTIFIER", "DEVICE_COOKIE", "DEVICE_ID")
            .col("ip", STRING, false, "DIRECT_IDENTIFIER", "DEVICE_COOKIE", "IP_ADDRESS")
            .col("user_agent", STRING, false, "QUASI_IDENTIFIER", "DEVICE_COOKIE", null)
            .col("page", STRING, false, "NON_PERSONAL", "USAGE", null)
            .col("referrer", STRING, true, "NON_PERSONAL", "USAGE", null)
            .col("event_type", STRING, false, "NON_PERSONAL", "USAGE", null)
            .col("event_ts", TIMESTAMP, false, "NON_PERSONAL", "USAGE", null)
            .col("customer_id", STRING, true, "DIRECT_IDENTIFIER", "DEVICE_COOKIE,USAGE", "CUSTOMER_ID")
            .partition("dt", "NON_PERSONAL", "USAGE")
            .build();

    private static final String[] USER_AGENTS = {
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; SO-51D) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; SH-53C) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "InsurerApp/5.2.1 (iPhone; iOS 17.4; Scale/3.00)",
        "InsurerApp/5.1.0 (Android 13; SC-51C)",
        "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    };

    private static final Weighted<String> PAGES = Weighted.<String>builder()
            .add("/", 20)
            .add("/products/pet", 8)
            .add("/products/medical", 5)
            .add("/products/household", 5)
            .add("/products/earthquake", 2)
            .add("/products/travel", 3)
            .add("/quote/pet?step=1", 4)
            .add("/quote/pet?step=2", 2)
            .add("/quote/complete", 1)
            .add("/login", 6)
            .add("/mypage", 8)
            .add("/mypage/contracts", 4)
            .add("/mypage/claims/new", 2)
            .add("/mypage/payment", 1.5)
            .add("/mypage/consent", 1)
            .add("/claims/status", 2)
            .add("/faq", 6)
            .add("/contact", 2)
            .add("/campaign/spring", 2)
            .add("/newsletter/unsubscribe", 0.5)
            .add("/privacy", 1)
            .build();

    private static final Weighted<String> REFERRERS = Weighted.<String>builder()
            .add("https://www.google.com/", 35)
            .add("https://search.yahoo.co.jp/", 15)
            .add("https://line.me/", 5)
            .add("https://www.instagram.com/", 3)
            .add("https://kakaku.com/", 3)
            .add("https://mail.example-group.jp/", 4)
            .build();

    private static final int[] IPV4_FIRST = {
        60, 61, 101, 106, 110, 111, 114, 118, 119, 121, 122, 123, 124, 125, 126, 133, 150, 153, 180, 182, 183, 202, 203,
        210, 211, 218, 219, 220, 221, 222
    };
    private static final String[] IPV6_PREFIX = {"2400:4050", "2404:7a80", "240b:10", "2001:268", "2409:10", "240d:1a"};

    /** Share of a day's events in each Japan-time hour (night low, lunch and evening peaks). */
    private static final double[] HOURS = {
        2, 1, 0.6, 0.4, 0.3, 0.5, 1.2, 2.5, 3.5, 4, 4.5, 4.5, 5.5, 5, 4.5, 4.5, 4.5, 4.5, 5, 5.5, 6.5, 7, 6, 4
    };

    private static final Weighted<Integer> HOUR;

    static {
        Weighted.Builder<Integer> b = Weighted.builder();
        for (int h = 0; h < 24; h++) {
            b.add(h, HOURS[h]);
        }
        HOUR = b.build();
    }

    private WebEvents() {}

    static LocalDate firstDay(LocalDate asOf) {
        return asOf.minusDays(DAYS - 1);
    }

    /** Writes the events of one day; {@code index} 0 is the oldest day. */
    static long writeDay(long seed, LocalDate asOf, long customers, LocalDate day, RowSink sink) throws IOException {
        SplittableRandom rng = Rng.forKey(seed, Rng.Stream.WEB_DAY, day.toEpochDay());
        double trend = 0.7 + 0.6 * (DAYS - 1 - (asOf.toEpochDay() - day.toEpochDay())) / (DAYS - 1.0);
        double weekday = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY
                ? 0.8
                : day.getDayOfWeek() == DayOfWeek.MONDAY ? 1.15 : 1.0;
        double mean =
                Math.max(5, customers * EVENTS_PER_CUSTOMER_DAY) * trend * weekday * (0.9 + 0.2 * rng.nextDouble());
        long count = Math.round(mean);
        long anonymousPool = Math.max(100, customers * 2);
        Instant dayStart = day.atStartOfDay(Customers.JST).toInstant();
        for (long i = 0; i < count; i++) {
            boolean loggedIn = Rng.chance(rng, 0.35);
            String customerId = null;
            long visitorKey;
            if (loggedIn) {
                long number = 1 + rng.nextLong(customers);
                customerId = Customer.idOf(number);
                visitorKey = number * 4 + rng.nextInt(3); // a customer has up to three browsers/devices
            } else {
                visitorKey = -(1 + rng.nextLong(anonymousPool));
            }
            SplittableRandom visitor = Rng.forKey(seed, Rng.Stream.DEVICE, visitorKey);
            String cookie = Rng.hex(visitor, 8) + "-" + Rng.hex(visitor, 4) + "-4" + Rng.hex(visitor, 3) + "-a"
                    + Rng.hex(visitor, 3) + "-" + Rng.hex(visitor, 12);
            String userAgent = Rng.pick(visitor, USER_AGENTS);
            String device = userAgent.startsWith("InsurerApp")
                    ? Rng.hex(visitor, 16).toUpperCase(java.util.Locale.ROOT)
                    : Rng.chance(visitor, 0.3) ? "web-" + Rng.hex(visitor, 12) : null;
            Instant at = dayStart.plusSeconds(HOUR.next(rng) * 3600L + rng.nextInt(3600))
                    .plusMillis(rng.nextInt(1000));
            String page = loggedIn && Rng.chance(rng, 0.5)
                    ? "/mypage" + (rng.nextBoolean() ? "" : "/contracts")
                    : PAGES.next(rng);
            double t = rng.nextDouble();
            String type = page.equals("/login") ? "login" : t < 0.8 ? "page_view" : t < 0.94 ? "click" : "form_submit";
            sink.accept(new Object[] {
                Ids.of("E", day.toEpochDay(), 6, i, 9),
                cookie,
                device,
                ip(rng),
                userAgent,
                page,
                Rng.chance(rng, 0.4) ? REFERRERS.next(rng) : null,
                type,
                at,
                customerId,
            });
        }
        return count;
    }

    private static String ip(SplittableRandom rng) {
        if (Rng.chance(rng, 0.18)) {
            return Rng.pick(rng, IPV6_PREFIX) + ":" + Integer.toHexString(rng.nextInt(0x10000)) + ":"
                    + Integer.toHexString(rng.nextInt(0x10000)) + ":" + Integer.toHexString(rng.nextInt(0x10000)) + ":"
                    + Integer.toHexString(rng.nextInt(0x10000)) + ":" + Integer.toHexString(rng.nextInt(0x10000)) + ":"
                    + Integer.toHexString(rng.nextInt(0x10000));
        }
        return IPV4_FIRST[rng.nextInt(IPV4_FIRST.length)] + "." + rng.nextInt(256) + "." + rng.nextInt(256) + "."
                + (1 + rng.nextInt(254));
    }
}
