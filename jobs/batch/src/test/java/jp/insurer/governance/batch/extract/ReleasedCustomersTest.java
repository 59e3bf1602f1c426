package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slice's released customers spilled in runs are written as one sorted set would write them. */
class ReleasedCustomersTest {

    @TempDir
    Path tmp;

    @Test
    void spilledRunsWriteWhatOneSortedSetWrites() throws Exception {
        Random random = new Random(7);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) keys.add(String.format("C%010d", random.nextInt(700))); // repeats across runs
        ReleasedCustomers spilled = new ReleasedCustomers(tmp.resolve("customers"), 64);
        keys.forEach(spilled);

        assertThat(Files.list(tmp.resolve("customers")).count())
                .as("runs spilled")
                .isGreaterThan(1);
        TreeSet<String> sorted = new TreeSet<>(keys);
        assertThat(written(spilled)).isEqualTo(String.join("\n", sorted) + "\n");
    }

    @Test
    void withoutSpillingAndWhenEmpty() throws Exception {
        ReleasedCustomers held = new ReleasedCustomers(tmp.resolve("held"), 64);
        List.of("C2", "C1", "C2").forEach(held);
        assertThat(written(held)).isEqualTo("C1\nC2\n");
        assertThat(Files.exists(tmp.resolve("held"))).as("nothing spilled").isFalse();

        assertThat(written(new ReleasedCustomers(tmp.resolve("none"), 64))).isEmpty();
    }

    private static String written(ReleasedCustomers customers) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        customers.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
