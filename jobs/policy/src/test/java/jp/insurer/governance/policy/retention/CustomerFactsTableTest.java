package jp.insurer.governance.policy.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomerFactsTableTest {

    @TempDir
    Path temp;

    private record Row(String customer, CustomerFacts facts) {}

    /** Policy and claim rows of 6,000 customers, several rows each, in no order; ids as datasets spell them. */
    private static List<Row> rows() {
        Random random = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int c = random.nextInt(6000);
            // Width and case variants are other customers here: the facts key ids exactly as given.
            String id = switch (c % 4) {
                case 0 -> "C" + c;
                case 1 -> "c" + c;
                case 2 -> "Ｃ" + c;
                default -> " C" + c;
            };
            int end = random.nextInt(5) == 0 ? CustomerFacts.NO_END : 18_000 + random.nextInt(3000);
            rows.add(new Row(id, CustomerFacts.of(end, random.nextInt(8))));
        }
        rows.add(new Row("", CustomerFacts.of(CustomerFacts.NO_END, CustomerFacts.OPEN_CLAIM)));
        return rows;
    }

    private static Map<String, CustomerFacts> reference(List<Row> rows) {
        Map<String, CustomerFacts> map = new HashMap<>();
        for (Row r : rows) map.merge(r.customer(), r.facts(), CustomerFacts::merge);
        return map;
    }

    private static CustomerFactsTable build(Path folder, List<Row> rows, long shardRecords, long cacheBytes)
            throws IOException {
        return CustomerFactsTable.build(folder, shardRecords, cacheBytes, spill -> {
            for (Row r : rows) spill.add(r.customer(), r.facts());
        });
    }

    /**
     * Shards from far above the rows to three rows (split again and again), caches from one block to the
     * whole table: every customer's facts are the in-heap map's, and unknown customers have none.
     */
    @ParameterizedTest(name = "shard records {0}, cache {1} bytes")
    @CsvSource({"1000000, 100000000", "700, 8192", "40, 1", "3, 40000"})
    void answersAreTheInHeapMaps(long shardRecords, long cacheBytes) throws IOException {
        List<Row> rows = rows();
        Map<String, CustomerFacts> expected = reference(rows);
        Path folder = temp.resolve("t");
        try (CustomerFactsTable table = build(folder, rows, shardRecords, cacheBytes)) {
            assertThat(table.customers()).isEqualTo(expected.size());
            assertThat(table.customers()).isGreaterThan(20L * CustomerFactsTable.ENTRIES_PER_BLOCK);
            for (Map.Entry<String, CustomerFacts> e : expected.entrySet()) {
                assertThat(table.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(table.get("C6000")).isEqualTo(CustomerFacts.NONE);
            assertThat(table.get("C1 ")).isEqualTo(CustomerFacts.NONE);
            assertThat(table.get(null)).isEqualTo(CustomerFacts.NONE);
            // Lookups from several threads at once share the cache slots.
            List<String> ids = List.copyOf(expected.keySet());
            assertThat(IntStream.range(0, 4 * ids.size())
                            .parallel()
                            .allMatch(i ->
                                    table.get(ids.get(i % ids.size())).equals(expected.get(ids.get(i % ids.size())))))
                    .isTrue();
            assertThat(Files.list(folder).map(p -> p.getFileName().toString()))
                    .containsExactly(CustomerFactsTable.FILE);
        }
        assertThat(folder).doesNotExist();
    }

    @Test
    void spillHandsOutEachCustomerOnceInKeyOrderCombined() throws IOException {
        List<Row> rows = rows();
        Map<String, CustomerFacts> expected = reference(rows);
        Map<String, CustomerFacts> seen = new HashMap<>();
        long[] last = null;
        List<long[]> keys = new ArrayList<>();
        try (CustomerFactsSpill spill = new CustomerFactsSpill(temp.resolve("s"), 5)) {
            for (Row r : rows) spill.add(r.customer(), r.facts());
            spill.drain((id, hi, lo, facts) -> {
                assertThat(seen.put(id, facts)).as("once: " + id).isNull();
                assertThat(new long[] {hi, lo}).isEqualTo(CustomerFactsTable.key(id));
                keys.add(new long[] {hi, lo});
            });
        }
        assertThat(seen).isEqualTo(expected);
        for (long[] key : keys) {
            if (last != null)
                assertThat(CustomerFactsTable.compare(last[0], last[1], key[0], key[1]))
                        .isNegative();
            last = key;
        }
        assertThat(temp.resolve("s")).doesNotExist();
    }

    /** One customer with more rows than a shard may hold cannot be split: it is combined all the same. */
    @Test
    void aCustomerOfManyRowsBeyondTheShardBound() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) rows.add(new Row("C1", CustomerFacts.of(19_000 + i, i == 77 ? 4 : 0)));
        rows.add(new Row("C2", CustomerFacts.of(CustomerFacts.NO_END, CustomerFacts.EVER)));
        try (CustomerFactsTable table = build(temp.resolve("t"), rows, 10, 1 << 20)) {
            assertThat(table.customers()).isEqualTo(2);
            assertThat(table.get("C1")).isEqualTo(new CustomerFacts(19_499, false, false, true));
            assertThat(table.get("C2")).isEqualTo(new CustomerFacts(CustomerFacts.NO_END, false, true, false));
            assertThat(table.get("C2").latestEndDate()).isNull();
        }
    }

    @Test
    void emptyTableKnowsNoOne() throws IOException {
        try (CustomerFactsTable table = build(temp.resolve("t"), List.of(), 10, 1 << 20)) {
            assertThat(table.customers()).isZero();
            assertThat(table.get("C1")).isEqualTo(CustomerFacts.NONE);
        }
    }

    /** A damaged block is an error for every customer in it, never a customer without facts. */
    @Test
    void aDamagedBlockIsAnErrorNeverAMiss() throws IOException {
        List<Row> rows = rows();
        Map<String, CustomerFacts> expected = reference(rows);
        Path folder = temp.resolve("t");
        try (CustomerFactsTable table = build(folder, rows, 1000, 1)) {
            // One flipped bit in the flags of block 3's tenth entry.
            try (FileChannel file = FileChannel.open(
                    folder.resolve(CustomerFactsTable.FILE), StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                long at = 3L * CustomerFactsTable.BLOCK_BYTES + 9L * CustomerFactsTable.ENTRY + 20;
                ByteBuffer b = ByteBuffer.allocate(1);
                file.read(b, at);
                b.put(0, (byte) (b.get(0) ^ 2)).rewind();
                file.write(b, at);
            }
            int damaged = 0;
            for (Map.Entry<String, CustomerFacts> e : expected.entrySet()) {
                try {
                    assertThat(table.get(e.getKey())).isEqualTo(e.getValue());
                } catch (UncheckedIOException damage) {
                    assertThat(damage).hasMessageContaining("block 3 is damaged");
                    damaged++;
                }
            }
            assertThat(damaged).isEqualTo(CustomerFactsTable.ENTRIES_PER_BLOCK);
        }
    }

    @Test
    void aFailedBuildLeavesNothingBehind() throws IOException {
        Path folder = temp.resolve("t");
        assertThatThrownBy(() -> CustomerFactsTable.build(folder, 100, 1 << 20, spill -> {
                    for (Row r : rows()) spill.add(r.customer(), r.facts());
                    // The source fails after feeding: nothing of the build is left behind.
                    throw new IOException("policies unreadable");
                }))
                .hasMessage("policies unreadable");
        assertThat(folder).doesNotExist();
    }

    @Test
    void newFolderRemovesOnlyFoldersOfDeadProcesses() throws IOException {
        Path base = temp.resolve("base");
        Path live = Files.createDirectories(
                base.resolve("facts-" + ProcessHandle.current().pid() + "-1"));
        Path dead = Files.createDirectories(base.resolve("facts-" + Long.MAX_VALUE / 2 + "-1"));
        Files.writeString(dead.resolve(CustomerFactsTable.FILE), "x");
        Path other = Files.createDirectories(base.resolve("consent-" + Long.MAX_VALUE / 2 + "-1"));
        Path created = CustomerFactsTable.newFolder(base);
        assertThat(created).exists().hasParent(base);
        assertThat(live).exists();
        assertThat(other).exists();
        assertThat(dead).doesNotExist();
    }
}
