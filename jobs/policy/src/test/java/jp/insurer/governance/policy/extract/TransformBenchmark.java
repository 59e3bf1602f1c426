package jp.insurer.governance.policy.extract;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.Pseudonymizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread throughput of the per-cell transforms of an extract (pseudonymize, generalize), one
 * operation per cell, over 65,536 synthetic values so that caches do not flatter them. Run with JMH:
 * docs/benchmarks.md "Transforms".
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class TransformBenchmark {

    private static final int N = 1 << 16;

    /** The config folder, relative to jobs/policy where the command runs. */
    @Param("../../config")
    public String config;

    private final String[] ids = new String[N];
    private final LocalDate[] births = new LocalDate[N];
    private final String[] postal = new String[N];
    private final Integer[] amounts = new Integer[N];
    private Pseudonymizer pseudonymizer;
    private Function<Object, String> ageBand5;
    private Function<Object, String> prefecture;
    private Function<Object, String> premiumBand;
    private Function<Object, String> month;
    private int i;

    @Setup
    public void load() {
        Hierarchies h = Hierarchies.load(Path.of(config));
        LocalDate date = LocalDate.of(2026, 11, 24);
        ZoneId zone = ZoneId.of("Asia/Tokyo");
        pseudonymizer = new Pseudonymizer(new byte[32], Pseudonymizer.contextFor("bench"));
        Random rng = new Random(1);
        for (int k = 0; k < N; k++) {
            ids[k] = String.format("C%09d", rng.nextInt(1_000_000_000));
            births[k] = LocalDate.of(1940, 1, 1).plusDays(rng.nextInt(30_000));
            postal[k] = String.format("%03d-%04d", rng.nextInt(1000), rng.nextInt(10000));
            amounts[k] = rng.nextInt(300_000);
        }
        ageBand5 = h.get("age_band_5").orElseThrow().bind(date, zone);
        prefecture = h.get("prefecture").orElseThrow().bind(date, zone);
        premiumBand = h.get("premium_band").orElseThrow().bind(date, zone);
        month = h.get("month").orElseThrow().bind(date, zone);
    }

    private int next() {
        return i++ & (N - 1);
    }

    /** HMAC-SHA256 of a customer id. */
    @Benchmark
    public String pseudonymize() {
        return pseudonymizer.pseudonym(ids[next()]);
    }

    @Benchmark
    public String generalizeAgeBand5() {
        return ageBand5.apply(births[next()]);
    }

    @Benchmark
    public String generalizePrefecture() {
        return prefecture.apply(postal[next()]);
    }

    @Benchmark
    public String generalizePremiumBand() {
        return premiumBand.apply(amounts[next()]);
    }

    @Benchmark
    public String generalizeMonth() {
        return month.apply(births[next()]);
    }
}
