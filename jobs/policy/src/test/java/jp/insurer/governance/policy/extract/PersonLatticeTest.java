package jp.insurer.governance.policy.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import jp.insurer.governance.policy.classify.AcquisitionCategory;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.classify.DecisionSource;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.detect.TestScanners;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.Transform;
import org.junit.jupiter.api.Test;

/** k-anonymity for people: a person's whole combination across linked datasets, rows and their count included. */
class PersonLatticeTest {

    static final LocalDate DATE = LocalDate.of(2026, 11, 24);
    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    static final Hierarchies HIERARCHIES = Hierarchies.load(TestScanners.configDir());
    static final List<String> CUSTOMER_SOURCE = List.of("customer_id", "birth_date", "gender");
    static final List<String> POLICY_SOURCE = List.of("customer_id", "product_code");

    static ExtractPlan.Column column(String name, Transform t, Role role) {
        return new ExtractPlan.Column(
                name,
                new ColumnClassification(
                        name,
                        "STRING",
                        role,
                        Set.of(AcquisitionCategory.DIRECT),
                        null,
                        DecisionSource.RULE,
                        1,
                        "test",
                        null),
                t,
                false,
                false,
                null);
    }

    static List<ExtractPlan.Dataset> group(String ageBand) {
        return List.of(
                linked(
                        "customers",
                        column("birth_date", new Transform.Generalize(ageBand), Role.QUASI_IDENTIFIER),
                        column("gender", Transform.KEEP, Role.QUASI_IDENTIFIER)),
                linked("policies", column("product_code", Transform.KEEP, Role.QUASI_IDENTIFIER)));
    }

    /** A linkable dataset: the pseudonymized customer id, then its quasi-identifiers. */
    static ExtractPlan.Dataset linked(String name, ExtractPlan.Column... quasiIdentifiers) {
        List<ExtractPlan.Column> columns = new ArrayList<>();
        columns.add(column("customer_id", Transform.PSEUDONYMIZE, Role.DIRECT_IDENTIFIER));
        columns.addAll(List.of(quasiIdentifiers));
        return new ExtractPlan.Dataset(
                name,
                columns,
                java.util.Arrays.stream(quasiIdentifiers)
                        .map(ExtractPlan.Column::name)
                        .toList(),
                true);
    }

    /** Adds people as (id, birth date, gender, products...) rows, in the given order. */
    static PersonLattice.Counts count(PersonLattice lattice, List<Object[]> people, boolean reversed) {
        PersonLattice.Counts counts = lattice.counts();
        List<Object[]> customerRows = new ArrayList<>();
        List<Object[]> policyRows = new ArrayList<>();
        for (Object[] p : people) {
            customerRows.add(new Object[] {p[0], p[1], p[2]});
            for (int i = 3; i < p.length; i++) policyRows.add(new Object[] {p[0], p[i]});
        }
        if (reversed) {
            Collections.reverse(customerRows);
            Collections.reverse(policyRows);
        }
        add(lattice, counts, 0, CUSTOMER_SOURCE, customerRows);
        add(lattice, counts, 1, POLICY_SOURCE, policyRows);
        return counts;
    }

    static void add(
            PersonLattice lattice, PersonLattice.Counts counts, int dataset, List<String> source, List<Object[]> rows) {
        PersonLattice.RowSignature signature = lattice.rowSignature(dataset, source, HIERARCHIES, DATE, ZONE);
        for (Object[] row : rows) {
            if (row[0] == null) {
                counts.add(new long[0], List.of(), List.of(signature.of(row, false)));
            } else {
                counts.add(
                        new long[] {PersonLattice.personHash((String) row[0])},
                        List.<long[]>of(signature.of(row, false)),
                        List.of());
            }
        }
    }

    static Object[] person(String id, LocalDate born, String gender, String... products) {
        Object[] p = new Object[3 + products.length];
        p[0] = id;
        p[1] = born;
        p[2] = gender;
        System.arraycopy(products, 0, p, 3, products.length);
        return p;
    }

    @Test
    void theSamePerFileValuesDoNotMakeTheSamePersonTheirLinkedRowsAndTheirCountDo() {
        PersonLattice lattice = PersonLattice.of(group("age_band_20"), HIERARCHIES);
        assertThat(lattice.nodes()).isEqualTo(1);
        LocalDate born = LocalDate.of(1980, 5, 1);
        List<Object[]> people = List.of(
                person("C1", born, "F", "PET", "HOME"),
                person("C2", born, "F", "HOME", "PET"), // same set in another order: indistinguishable from C1
                person("C3", born, "F", "PET"), // one policy fewer: visible, a group of one
                person("C4", born, "F", "PET", "PET"), // two PET policies is not one
                person("C5", born, "F", "PET", "PET"));
        PersonLattice.Choice choice = lattice.choose(count(lattice, people, false), 2, 1.0);
        // per file, every customer row is the same and PET appears 5 times: a per-file k would say 5
        assertThat(choice.judgement().records()).isEqualTo(5);
        assertThat(choice.judgement().kAchieved()).isEqualTo(2);
        assertThat(choice.judgement().suppressedRecords()).isEqualTo(1);
        assertThat(choice.suppressed(PersonLattice.personHash("C3"))).isTrue();
        assertThat(choice.suppressed(PersonLattice.personHash("C1"))).isFalse();
        assertThat(choice.judgement().releasedClasses()).isEqualTo(2);
        assertThat(choice.suppressedPersons())
                .isEqualTo(lattice.choose(count(lattice, people, true), 2, 1.0).suppressedPersons());
    }

    @Test
    void generalizesForEveryoneBeforeSuppressingBeyondTheLimit() {
        PersonLattice lattice = PersonLattice.of(group("age_band_5"), HIERARCHIES);
        assertThat(lattice.nodes()).isEqualTo(3); // age_band_5 → 10 → 20
        List<Object[]> people = List.of(
                person("C1", LocalDate.of(1980, 5, 1), "F", "PET"), // 46: 45-49
                person("C2", LocalDate.of(1978, 5, 1), "F", "PET"), // 48: 45-49
                person(
                        "C3",
                        LocalDate.of(1975, 5, 1),
                        "F",
                        "PET"), // 51: 50-54, and 50-59 at band 10: alone until band 20
                person("C4", LocalDate.of(1984, 5, 1), "F", "PET")); // 42: 40-44; band 10: 40-49 with C1, C2
        PersonLattice.Choice strict = lattice.choose(count(lattice, people, false), 2, 0.0);
        assertThat(lattice.describe(strict.node(), 0)).containsEntry("birth_date", "age_band_20");
        assertThat(strict.judgement().suppressedRecords()).isZero();
        assertThat(strict.generalized()).isTrue();
        PersonLattice.Choice lenient = lattice.choose(count(lattice, people, false), 2, 0.5);
        assertThat(lattice.describe(lenient.node(), 0)).containsEntry("birth_date", "age_band_5");
        assertThat(lenient.judgement().suppressedRecords()).isEqualTo(2);
        assertThat(lattice.planAt(lenient.node(), 0).columns().get(1).transform())
                .isEqualTo(new Transform.Generalize("age_band_5"));
    }

    @Test
    void rowsWithoutACustomerArePeopleOfTheirOwn() {
        PersonLattice lattice = PersonLattice.of(group("age_band_20"), HIERARCHIES);
        PersonLattice.Counts counts = lattice.counts();
        add(
                lattice,
                counts,
                1,
                POLICY_SOURCE,
                List.of(new Object[] {null, "PET"}, new Object[] {null, "PET"}, new Object[] {null, "HOME"}));
        PersonLattice.Choice choice = lattice.choose(counts, 2, 1.0);
        assertThat(choice.judgement().records()).isEqualTo(3);
        assertThat(choice.judgement().suppressedRecords()).isEqualTo(1);
        PersonLattice.RowSignature signature = lattice.rowSignature(1, POLICY_SOURCE, HIERARCHIES, DATE, ZONE);
        assertThat(choice.suppressedUnlinked(signature.of(new Object[] {null, "HOME"}, false)[choice.node()]))
                .isTrue();
        assertThat(choice.suppressedUnlinked(signature.of(new Object[] {null, "PET"}, false)[choice.node()]))
                .isFalse();
    }

    @Test
    void tooManyCombinationsAreRefusedWithAWayOut() {
        List<ExtractPlan.Column> columns = new ArrayList<>();
        List<String> qis = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            columns.add(column("d" + i, new Transform.Generalize("age_band_5"), Role.QUASI_IDENTIFIER));
            qis.add("d" + i);
        }
        ExtractPlan.Dataset wide = new ExtractPlan.Dataset("wide", columns, qis, true);
        assertThatThrownBy(() -> PersonLattice.of(List.of(wide), HIERARCHIES)).hasMessageContaining("linkable: false");
    }
}
