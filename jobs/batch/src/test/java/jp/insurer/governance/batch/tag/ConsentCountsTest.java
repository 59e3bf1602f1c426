package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.policy.consent.ConsentState;
import org.junit.jupiter.api.Test;

/**
 * Partitions' counts, summed in file order after a trip through JSON (as in the job repository), equal one pass
 * over all records counted the way the catalog always counted them (a map per purpose, states in the order
 * first met), order included: the catalog's bytes depend on it.
 */
class ConsentCountsTest {

    private static final List<String> PURPOSES = List.of("MARKETING", "PRODUCT_RND", "GROUP_SHARING");

    record Tagged(boolean linked, ConsentState[] states, boolean sensitive) {}

    @Test
    void partitionsSummedInFileOrderEqualOnePassOverEveryRecord() throws Exception {
        Random random = new Random(13);
        List<List<Tagged>> partitions = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            List<Tagged> records = new ArrayList<>();
            // Few records in the first partitions, so that later ones meet states the first did not.
            for (int r = 0; r < 3 + p * 200; r++) records.add(random(random));
            partitions.add(records);
        }

        ConsentCounts.Counted sum = ConsentCounts.Counted.none(PURPOSES);
        for (List<Tagged> partition : partitions) {
            ConsentCounts counts = new ConsentCounts(PURPOSES);
            partition.forEach(t -> counts.add(t.linked(), t.states(), t.sensitive()));
            String json = Json.MAPPER.writeValueAsString(counts.counted());
            sum = sum.plus(Json.MAPPER.readValue(json, ConsentCounts.Counted.class), "web_events");
        }

        ConsentCounts.Counted onePass =
                onePass(partitions.stream().flatMap(List::stream).toList());
        assertThat(sum.rows()).isEqualTo(onePass.rows()).isEqualTo(3 * 5 + 200 * (1 + 2 + 3 + 4));
        assertThat(sum.rowsSensitive()).isEqualTo(onePass.rowsSensitive());
        assertThat(sum.rowsByConsent().keySet()).containsExactlyElementsOf(PURPOSES);
        for (String purpose : PURPOSES) {
            assertThat(new ArrayList<>(sum.rowsByConsent().get(purpose).entrySet()))
                    .as(purpose)
                    .containsExactlyElementsOf(
                            onePass.rowsByConsent().get(purpose).entrySet());
        }
        assertThat(Json.MAPPER.writeValueAsString(sum)).isEqualTo(Json.MAPPER.writeValueAsString(onePass));
    }

    @Test
    void aPartitionCountedForOtherPurposesIsRefusedNamingTheDataset() {
        ConsentCounts other = new ConsentCounts(List.of("MARKETING"));
        other.add(false, null, false);
        assertThatThrownBy(() -> ConsentCounts.Counted.none(PURPOSES).plus(other.counted(), "claims"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dataset 'claims'")
                .hasMessageContaining("config folder");
    }

    private static Tagged random(Random random) {
        boolean linked = random.nextInt(5) > 0;
        ConsentState[] states = null;
        if (linked) {
            states = new ConsentState[PURPOSES.size()];
            for (int p = 0; p < states.length; p++)
                states[p] = ConsentState.values()[random.nextInt(ConsentState.values().length)];
        }
        return new Tagged(linked, states, random.nextInt(7) == 0);
    }

    /** The publish step's former count over the governed files' tag columns, record by record. */
    private static ConsentCounts.Counted onePass(List<Tagged> records) {
        Map<String, Map<String, Long>> byConsent = new LinkedHashMap<>();
        PURPOSES.forEach(p -> byConsent.put(p, new LinkedHashMap<>()));
        long sensitive = 0;
        for (Tagged t : records) {
            for (int p = 0; p < PURPOSES.size(); p++) {
                String state = t.linked() ? t.states()[p].name() : ConsentCounts.NO_CUSTOMER;
                byConsent.get(PURPOSES.get(p)).merge(state, 1L, Long::sum);
            }
            if (t.sensitive()) sensitive++;
        }
        return new ConsentCounts.Counted(records.size(), sensitive, byConsent);
    }
}
