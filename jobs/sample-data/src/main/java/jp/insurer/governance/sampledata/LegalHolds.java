package jp.insurer.governance.sampledata;

import static jp.insurer.governance.parquet.ColumnType.DATE;
import static jp.insurer.governance.parquet.ColumnType.STRING;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code legal_holds} dataset: holds on customers or policies that retention must respect. They fall
 * more often on customers whose contracts ended long ago (disputes outlive contracts), so retention meets
 * them on the records it would otherwise delete.
 */
final class LegalHolds {

    static final DatasetSpec SPEC = DatasetSpec.builder("legal_holds")
            .col("hold_id", STRING, false, "NON_PERSONAL", "", null)
            .col("subject_type", STRING, false, "NON_PERSONAL", "", null)
            .col(
                    "subject_id",
                    STRING,
                    false,
                    "DIRECT_IDENTIFIER",
                    "",
                    "CUSTOMER_ID",
                    null,
                    List.of("CUSTOMER_ID", "POLICY_NUMBER"))
            .col("reason", STRING, false, "NON_PERSONAL", "", null)
            .col("case_reference", STRING, true, "NON_PERSONAL", "", null)
            .col("hold_from", DATE, false, "NON_PERSONAL", "", null)
            .col("hold_until", DATE, true, "NON_PERSONAL", "", null)
            .build();

    private static final String[] REASONS = {
        "訴訟", "調査", "金融庁検査", "保険金不正請求の調査", "苦情・紛争解決手続", "弁護士会照会", "捜査関係事項照会", "税務調査"
    };

    private LegalHolds() {}

    static void write(long seed, LocalDate asOf, Customer c, List<Policies.Policy> policies, RowSink sink)
            throws IOException {
        SplittableRandom rng = Rng.forKey(seed, Rng.Stream.LEGAL_HOLD, c.number());
        boolean endedLongAgo = policies.stream().allMatch(p -> p.end().isBefore(asOf.minusYears(5)));
        if (!Rng.chance(rng, endedLongAgo ? 0.02 : 0.003)) {
            return;
        }
        Policies.Policy policy = Rng.pick(rng, policies);
        boolean onPolicy = Rng.chance(rng, 0.4);
        LocalDate from = policy.end().minusDays(rng.nextInt(400));
        if (from.isAfter(asOf)) {
            from = asOf.minusDays(rng.nextInt(30));
        }
        LocalDate until = Rng.chance(rng, 0.55) ? null : from.plusDays(180 + rng.nextInt(365 * 4));
        sink.accept(new Object[] {
            Ids.of("LH", c.number(), 10),
            onPolicy ? "POLICY" : "CUSTOMER",
            onPolicy ? policy.id() : c.id(),
            Rng.pick(rng, REASONS),
            Rng.chance(rng, 0.7) ? "事件" + (from.getYear()) + "-" + Rng.digits(rng, 5) : null,
            from,
            until,
        });
    }
}
