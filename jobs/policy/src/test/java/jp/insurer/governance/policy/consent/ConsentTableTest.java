package jp.insurer.governance.policy.consent;

import static jp.insurer.governance.policy.consent.ConsentBookTest.CUTOFF;
import static jp.insurer.governance.policy.consent.ConsentBookTest.PURPOSES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsentTableTest {

    @TempDir
    Path temp;

    /** One ledger line as both the book and the builder get it. */
    private record Line(String customer, String purpose, ConsentAction action, Instant earliest, Instant latest) {}

    /**
     * The same master and ledger into the in-heap book and into tables with shards small enough to be
     * split again (and again), with caches from one block to the whole table: the same answers, counts
     * and unmatched first lines.
     */
    @ParameterizedTest(name = "shard lines {0}, cache {1} bytes")
    @CsvSource({"1000000, 100000000", "700, 8192", "40, 1", "3, 40000"})
    void answersAndCountsAreTheInHeapBooks(long shardLines, long cacheBytes) throws IOException {
        Random random = new Random(7);
        List<String> master = new ArrayList<>();
        for (int c = 0; c < 2600; c++) if (c % 13 != 0) master.add("c" + c); // some ledger customers unmatched
        for (int c = 0; c < 400; c++) master.add("M" + c); // in the master only
        List<Line> ledger = new ArrayList<>();
        for (int i = 0; i < 9000; i++) {
            String customer = (random.nextBoolean() ? "C" : "ｃ") + random.nextInt(3000);
            Instant at = CUTOFF.minusSeconds(random.nextInt(3 * 365 * 86400)).plusSeconds(random.nextInt(40) * 86400L);
            int kind = random.nextInt(20);
            if (kind == 0) ledger.add(new Line(customer, null, null, at, at.plusSeconds(7200))); // every purpose
            else if (kind == 1) ledger.add(new Line(customer, "MARKETING", null, null, null)); // time unreadable
            else if (kind == 2) ledger.add(new Line(customer, "SENSITIVE_RND", null, at, at));
            else {
                ConsentAction action = kind % 3 == 0 ? ConsentAction.WITHDRAWN : ConsentAction.GRANTED;
                ledger.add(new Line(customer, PURPOSES.get(kind % 2), action, at, at));
            }
        }

        ConsentBook book = new ConsentBook(PURPOSES, CUTOFF);
        master.forEach(book::addMasterCustomer);
        ConsentTableBuilder builder = new ConsentTableBuilder(
                PURPOSES, CUTOFF, CustomerKey.DEFAULT, temp.resolve("t"), shardLines, cacheBytes);
        master.forEach(builder::addMasterCustomer);
        List<Long> firstUnmatched = new ArrayList<>();
        long accepted = 0;
        for (int n = 0; n < ledger.size(); n++) {
            Line l = ledger.get(n);
            boolean inBook;
            if (l.action() != null) {
                ConsentEvent e =
                        new ConsentEvent(l.customer(), l.purpose(), l.action(), l.earliest(), "web", "v" + n % 4);
                inBook = book.accept(e);
                assertThat(builder.accept(e, n)).isEqualTo(inBook);
            } else {
                inBook = book.uncertain(l.customer(), l.purpose(), l.earliest(), l.latest());
                assertThat(builder.uncertain(l.customer(), l.purpose(), l.earliest(), l.latest(), n))
                        .isEqualTo(inBook);
            }
            if (inBook) accepted++;
            if (book.firstSeenUnmatched(l.customer())) firstUnmatched.add((long) n);
        }

        try (ConsentTable table = builder.build(true)) {
            assertThat(table.customers()).isEqualTo(book.customers());
            assertThat(table.ignoredAfterCutoff())
                    .isEqualTo(book.ignoredAfterCutoff())
                    .isPositive();
            assertThat(table.ignoredAfterCutoff() + accepted).isEqualTo(ledger.size());
            assertThat(table.uncertainCustomers())
                    .isEqualTo(book.uncertainCustomers())
                    .isPositive();
            assertThat(table.unmatchedCustomers())
                    .isEqualTo(book.unmatchedCustomers())
                    .isPositive();
            assertThat(table.countsPerPurpose()).isEqualTo(book.countsPerPurpose());
            assertThat(table.unmatchedFirstLines())
                    .containsExactly(
                            firstUnmatched.stream().mapToLong(Long::longValue).toArray());
            List<String> ids = Stream.concat(
                            IntStream.range(0, 3100).mapToObj(c -> "c" + c), Stream.of("M1", "nobody", " ", "Ｃ００１２"))
                    .toList();
            // Lookups from several threads share the cache.
            ids.parallelStream().forEach(id -> {
                assertThat(table.states(id)).as(id).containsExactly(book.states(id));
                for (String p : PURPOSES)
                    assertThat(table.decision(id, p)).as(id).isEqualTo(book.decision(id, p));
            });
            assertThat(table.states(null)).containsOnly(ConsentState.NOT_GIVEN);
        }
        assertThat(temp.resolve("t")).doesNotExist();
    }

    @Test
    void anEmptyLedgerKnowsNobody() throws IOException {
        ConsentTableBuilder builder =
                new ConsentTableBuilder(PURPOSES, CUTOFF, CustomerKey.DEFAULT, temp.resolve("t"), 10, 8192);
        try (ConsentTable table = builder.build(false)) {
            assertThat(table.customers()).isZero();
            assertThat(table.states("C1")).containsOnly(ConsentState.NOT_GIVEN);
            assertThat(table.countsPerPurpose().get("MARKETING").values()).containsOnly(0L);
        }
    }

    @Test
    void oneCustomerWithMoreLinesThanAShardHoldsIsResolvedWhole() throws IOException {
        ConsentTableBuilder builder =
                new ConsentTableBuilder(PURPOSES, CUTOFF, CustomerKey.DEFAULT, temp.resolve("t"), 3, 8192);
        for (int day = 1; day <= 50; day++) {
            ConsentAction action = day % 2 == 0 ? ConsentAction.GRANTED : ConsentAction.WITHDRAWN;
            builder.accept(
                    new ConsentEvent(
                            "C1",
                            "MARKETING",
                            action,
                            Instant.parse("2025-01-01T00:00:00Z").plusSeconds(day * 86400L),
                            "web",
                            "v" + day),
                    day);
        }
        try (ConsentTable table = builder.build(false)) {
            assertThat(table.decision("c1", "MARKETING"))
                    .isEqualTo(new ConsentDecision(ConsentState.GRANTED, Instant.parse("2025-02-20T00:00:00Z"), "v50"));
            assertThat(table.unmatchedCustomers()).isZero();
        }
    }

    @Test
    void aNewFolderRemovesOnlyTheFoldersOfDeadProcesses() throws IOException {
        Path dead = Files.createDirectories(temp.resolve("consent-" + Long.MAX_VALUE + "-1"));
        Files.writeString(dead.resolve("consent.table"), "left by a killed run");
        Path alive = Files.createDirectories(
                temp.resolve("consent-" + ProcessHandle.current().pid() + "-2"));
        Path other = Files.createDirectories(temp.resolve("keys"));

        Path folder = ConsentTableBuilder.newFolder(temp);

        assertThat(dead).doesNotExist();
        assertThat(alive).exists();
        assertThat(other).exists();
        assertThat(folder.getFileName().toString())
                .startsWith("consent-" + ProcessHandle.current().pid() + "-");
    }
}
