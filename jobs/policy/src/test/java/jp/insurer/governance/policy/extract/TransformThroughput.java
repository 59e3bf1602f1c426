package jp.insurer.governance.policy.extract;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.Function;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.Pseudonymizer;

/**
 * Single-thread throughput of the per-cell transforms (pseudonymize, generalize), after warm-up. A
 * main, not a test: timings on a shared 2-core machine are not assertions.
 *
 * <pre>java -cp target/classes:target/test-classes:$(deps) jp.insurer.governance.policy.extract.TransformThroughput config [seconds]</pre>
 */
public final class TransformThroughput {

    static volatile Object sink;

    public static void main(String[] args) {
        Path config = Path.of(args.length > 0 ? args[0] : "config");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        Hierarchies h = Hierarchies.load(config);
        LocalDate date = LocalDate.of(2026, 11, 24);
        ZoneId zone = ZoneId.of("Asia/Tokyo");
        Pseudonymizer p = new Pseudonymizer(new byte[32], Pseudonymizer.contextFor("bench"));
        int n = 1 << 16;
        String[] ids = new String[n];
        LocalDate[] births = new LocalDate[n];
        String[] postal = new String[n];
        Integer[] amounts = new Integer[n];
        java.util.Random rng = new java.util.Random(1);
        for (int i = 0; i < n; i++) {
            ids[i] = String.format("C%09d", rng.nextInt(1_000_000_000));
            births[i] = LocalDate.of(1940, 1, 1).plusDays(rng.nextInt(30_000));
            postal[i] = String.format("%03d-%04d", rng.nextInt(1000), rng.nextInt(10000));
            amounts[i] = rng.nextInt(300_000);
        }
        Function<Object, String> age = h.get("age_band_5").orElseThrow().bind(date, zone);
        Function<Object, String> pref = h.get("prefecture").orElseThrow().bind(date, zone);
        Function<Object, String> band = h.get("premium_band").orElseThrow().bind(date, zone);
        Function<Object, String> month = h.get("month").orElseThrow().bind(date, zone);
        for (int round = 0; round < 2; round++) {
            boolean report = round == 1;
            double s = report ? seconds : 1;
            run("pseudonymize (HMAC-SHA256)", s, report, i -> p.pseudonym(ids[i & (n - 1)]));
            run("generalize age_band_5", s, report, i -> age.apply(births[i & (n - 1)]));
            run("generalize prefecture", s, report, i -> pref.apply(postal[i & (n - 1)]));
            run("generalize premium_band", s, report, i -> band.apply(amounts[i & (n - 1)]));
            run("generalize month", s, report, i -> month.apply(births[i & (n - 1)]));
        }
    }

    private static void run(String name, double seconds, boolean report, java.util.function.IntFunction<Object> op) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long count = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 10_000; i++) sink = op.apply((int) count + i);
            count += 10_000;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (report) System.out.printf(Locale.ROOT, "%-28s %,12.0f cells/s%n", name, count / elapsed);
    }
}
