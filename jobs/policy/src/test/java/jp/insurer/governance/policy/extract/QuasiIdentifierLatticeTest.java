package jp.insurer.governance.policy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.policy.detect.TestScanners;
import jp.insurer.governance.policy.transform.Pseudonymizer;
import org.junit.jupiter.api.Test;

/** Generalize before suppress: the least generalized lattice node within the suppression limit. */
class QuasiIdentifierLatticeTest {

    static final LocalDate DATE = LocalDate.of(2026, 11, 24);
    static final List<String> SOURCE = List.of("customer_id", "birth_date", "gender", "postal_code");

    final ExtractProfiles profiles = ExtractProfiles.load(TestScanners.configDir(), Catalogs.POLICY);
    // rnd-internal: birth_date age_band_5 (→ age_band_10 → age_band_20), gender keep, postal_code prefecture; k = 5
    final ExtractPlan.Dataset customers = profiles.plan("rnd-internal", Catalogs.sample()).dataset("customers").orElseThrow();
    final QuasiIdentifierLattice lattice = QuasiIdentifierLattice.of(customers, profiles.hierarchies());

    @Test
    void theLatticeClimbsOnlyGeneralizedQuasiIdentifiersAlongTheirNextChain() {
        assertThat(lattice.nodes()).isEqualTo(6); // age 5/10/20 × gender × prefecture/region
        assertThat(lattice.describe(0)).containsExactly(Map.entry("birth_date", "age_band_5"),
                Map.entry("gender", "kept as is"), Map.entry("postal_code", "prefecture"));
        assertThat(lattice.describe(5)).containsExactly(Map.entry("birth_date", "age_band_20"),
                Map.entry("gender", "kept as is"), Map.entry("postal_code", "region"));
    }

    @Test
    void whenBandsOfFiveWouldSuppressTooManyRecordsAgeIsReleasedInBandsOfTen() {
        QuasiIdentifierLattice.Counter counter = counter();
        // ages 30-34: 5 records; 35-39: 3 records (class < 5), all women in Tokyo; 30-39 holds all 8
        // (the region instead of the prefecture would not help: it is the age that is rare)
        for (int i = 0; i < 5; i++) counter.add(row(LocalDate.of(1994, 1, 1)), false); // 32
        for (int i = 0; i < 3; i++) counter.add(row(LocalDate.of(1989, 1, 1)), false); // 37
        QuasiIdentifierLattice.Choice choice = lattice.choose(counter, 5, 0.05);
        assertThat(choice.generalized()).isTrue();
        assertThat(lattice.describe(choice.node())).containsEntry("birth_date", "age_band_10");
        assertThat(choice.judgement().suppressedRecords()).isZero();
        assertThat(choice.judgement().kAchieved()).isEqualTo(8);
        // the plan at that node transforms with the coarser hierarchy
        DatasetTransformer t = DatasetTransformer.compile(lattice.planAt(choice.node()), SOURCE, profiles.hierarchies(),
                new Pseudonymizer(new byte[32], "test"), null, DATE, ZoneId.of("Asia/Tokyo"));
        assertThat(t.apply(row(LocalDate.of(1989, 1, 1)), false)).endsWith("30-39", "F", "東京都");
    }

    @Test
    void withinTheSuppressionLimitTheProfilesOwnLevelIsKeptAndTheRareRecordSuppressed() {
        QuasiIdentifierLattice.Counter counter = counter();
        for (int i = 0; i < 40; i++) counter.add(row(LocalDate.of(1994, 1, 1)), false);
        counter.add(row(LocalDate.of(1989, 1, 1)), false); // 1 of 41 records: 2.4 % < 5 %
        QuasiIdentifierLattice.Choice choice = lattice.choose(counter, 5, 0.05);
        assertThat(choice.node()).isZero();
        assertThat(choice.generalized()).isFalse();
        assertThat(choice.judgement().suppressedRecords()).isEqualTo(1);
        // with no suppression allowed, the age is generalized instead
        assertThat(lattice.describe(lattice.choose(counter, 5, 0).node())).containsEntry("birth_date", "age_band_10");
    }

    @Test
    void whenNoNodeIsWithinTheLimitTheOneSuppressingFewestRecordsIsTaken() {
        QuasiIdentifierLattice.Counter counter = counter();
        counter.add(row(LocalDate.of(1994, 1, 1)), false);
        counter.add(row(LocalDate.of(1950, 1, 1)), false);
        QuasiIdentifierLattice.Choice choice = lattice.choose(counter, 5, 0.05);
        assertThat(choice.judgement().suppressedRecords()).isEqualTo(2);
        assertThat(choice.node()).isZero(); // every node suppresses both: the least generalized wins the tie
        assertThat(choice.judgement().releasedRecords()).isZero();
    }

    @Test
    void countersOfSeveralThreadsMergeToTheSameChoice() {
        QuasiIdentifierLattice.Counter a = counter();
        QuasiIdentifierLattice.Counter b = counter();
        for (int i = 0; i < 5; i++) a.add(row(LocalDate.of(1994, 1, 1)), false);
        for (int i = 0; i < 3; i++) b.add(row(LocalDate.of(1989, 1, 1)), false);
        a.merge(b);
        assertThat(lattice.describe(lattice.choose(a, 5, 0.05).node())).containsEntry("birth_date", "age_band_10");
    }

    private QuasiIdentifierLattice.Counter counter() {
        return lattice.counter(SOURCE, profiles.hierarchies(), DATE, ZoneId.of("Asia/Tokyo"));
    }

    private static Object[] row(LocalDate birth) {
        return new Object[] {"C1", birth, "F", "100-0001"};
    }
}
