package jp.insurer.governance.batch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import jp.insurer.governance.policy.consent.ConsentAction;
import jp.insurer.governance.policy.consent.ConsentBook;
import jp.insurer.governance.policy.consent.ConsentEvent;
import jp.insurer.governance.policy.consent.ConsentLookup;
import jp.insurer.governance.policy.consent.ConsentState;
import jp.insurer.governance.policy.consent.ConsentTable;
import jp.insurer.governance.policy.consent.ConsentTableBuilder;
import jp.insurer.governance.policy.consent.CustomerKey;

/**
 * The consent book's memory and lookup speed, in-heap {@link ConsentBook} against on-disk {@link
 * ConsentTable}, on a synthetic master and ledger generated in-process (no Parquet): every customer in
 * the master, two ledger lines each on average (one in 50 untrusted), five purposes. Prints build
 * seconds, lookups per second (random customers, one thread), the JVM's peak heap after build and
 * lookups, and the process's peak RSS (VmHWM). Run by scripts/bench-consent.sh; not a test.
 *
 * <pre>java -Xmx... ConsentBookBench book|table CUSTOMERS LOOKUPS FOLDER [SHARD_CUSTOMERS CACHE_MB]</pre>
 */
public final class ConsentBookBench {

    private static final List<String> PURPOSES =
            List.of("INSURANCE_GROUP_SHARING", "GROUP_SHARING", "SENSITIVE_RND", "MARKETING", "NEWSLETTER");
    private static final Instant CUTOFF = Instant.parse("2026-11-24T15:00:00Z");

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        int customers = Integer.parseInt(args[1]);
        int lookups = Integer.parseInt(args[2]);
        Path folder = Path.of(args[3]);
        long shardCustomers = args.length > 4 ? Long.parseLong(args[4]) : 250_000;
        long cacheBytes = (args.length > 5 ? Long.parseLong(args[5]) : 64) << 20;

        long start = System.nanoTime();
        ConsentLookup lookup;
        if (mode.equals("book")) {
            ConsentBook book = new ConsentBook(PURPOSES, CUTOFF, CustomerKey.DEFAULT);
            for (int c = 0; c < customers; c++) book.addMasterCustomer(id(c));
            ledger(
                    customers,
                    (event, line) -> book.accept(event),
                    (customer, line) -> book.uncertain(customer, null, null, null));
            lookup = book;
        } else if (mode.equals("table")) {
            ConsentTableBuilder builder = new ConsentTableBuilder(
                    PURPOSES,
                    CUTOFF,
                    CustomerKey.DEFAULT,
                    ConsentTableBuilder.newFolder(folder),
                    shardCustomers,
                    cacheBytes);
            for (int c = 0; c < customers; c++) builder.addMasterCustomer(id(c));
            ledger(customers, builder::accept, (customer, line) -> builder.uncertain(customer, null, null, null, line));
            lookup = builder.build(true);
        } else {
            throw new IllegalArgumentException("mode: book or table, got " + mode);
        }
        double build = (System.nanoTime() - start) / 1e9;
        long heapAfterBuild = BenchMemory.peakHeap();

        SplittableRandom random = new SplittableRandom(2);
        long[] byState = new long[ConsentState.values().length];
        start = System.nanoTime();
        for (int i = 0; i < lookups; i++) {
            for (ConsentState s : lookup.states(id(random.nextInt(customers)))) byState[s.ordinal()]++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "%s customers=%d ledger-customers=%d build_s=%.1f lookups_per_s=%.0f peak_heap_build_mib=%d"
                        + " peak_heap_mib=%d vm_hwm_mib=%d granted_cells=%d%n",
                mode,
                customers,
                lookup.customers(),
                build,
                lookups / seconds,
                heapAfterBuild >> 20,
                BenchMemory.peakHeap() >> 20,
                BenchMemory.vmHwmKib() >> 10,
                byState[ConsentState.GRANTED.ordinal()]);
        if (lookup instanceof ConsentTable table) table.close();
    }

    private interface Accept {
        void line(ConsentEvent event, long line);
    }

    private interface Uncertain {
        void line(String customer, long line);
    }

    /** Two lines per customer on average, in customer order (the book's answers do not depend on order). */
    private static void ledger(int customers, Accept accept, Uncertain uncertain) {
        SplittableRandom random = new SplittableRandom(1);
        long line = 0;
        for (int c = 0; c < customers; c++) {
            String id = id(c);
            int lines = random.nextInt(4);
            for (int i = 0; i < lines; i++) {
                line++;
                if (random.nextInt(50) == 0) {
                    uncertain.line(id, line);
                    continue;
                }
                Instant at =
                        CUTOFF.minusSeconds(random.nextLong(3L * 365 * 86400)).plusSeconds(30 * 86400);
                ConsentAction action = random.nextInt(4) == 0 ? ConsentAction.WITHDRAWN : ConsentAction.GRANTED;
                accept.line(
                        new ConsentEvent(
                                id, PURPOSES.get(random.nextInt(PURPOSES.size())), action, at, "web", "v" + (i % 3)),
                        line);
            }
        }
    }

    private static String id(int customer) {
        return "C" + (10_000_000 + customer);
    }
}
