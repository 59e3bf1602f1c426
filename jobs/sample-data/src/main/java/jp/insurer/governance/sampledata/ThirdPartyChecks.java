package jp.insurer.governance.sampledata;

import static jp.insurer.governance.parquet.ColumnType.INT32;
import static jp.insurer.governance.parquet.ColumnType.STRING;
import static jp.insurer.governance.parquet.ColumnType.TIMESTAMP;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.SplittableRandom;

/** The {@code third_party_checks} dataset (THIRD_PARTY): credit information and anti-social-forces screening. */
final class ThirdPartyChecks {

    static final DatasetSpec SPEC = DatasetSpec.builder("third_party_checks")
            .acquired("THIRD_PARTY")
            .col("check_id", STRING, false, "NON_PERSONAL", "", null)
            .col("customer_id", STRING, false, "DIRECT_IDENTIFIER", "THIRD_PARTY", "CUSTOMER_ID")
            .col("check_type", STRING, false, "NON_PERSONAL", "THIRD_PARTY", null)
            .col("provider", STRING, false, "NON_PERSONAL", "THIRD_PARTY", null)
            .col("result", STRING, false, "NON_PERSONAL", "THIRD_PARTY", null)
            .col("score", INT32, true, "NON_PERSONAL", "THIRD_PARTY", null)
            .col("checked_at", TIMESTAMP, false, "NON_PERSONAL", "THIRD_PARTY", null)
            .build();

    private static final String[] CREDIT_PROVIDERS = {"CIC", "JICC", "全国銀行個人信用情報センター"};
    private static final String[] SCREENING_PROVIDERS = {"日経テレコン", "RISK EYES", "反社チェックセンター", "社内反社DB"};

    private ThirdPartyChecks() {}

    static void write(long seed, LocalDate asOf, Customer c, RowSink sink) throws IOException {
        SplittableRandom rng = Rng.forKey(seed, Rng.Stream.THIRD_PARTY, c.number());
        int serial = 0;
        Instant onboarding = c.createdAt().minusSeconds(3600 + rng.nextInt(3 * 86400));
        if (Rng.chance(rng, 0.55)) {
            double u = rng.nextDouble();
            String result = u < 0.88 ? "良好" : u < 0.96 ? "延滞あり" : "異動あり";
            int score = result.equals("良好") ? 600 + rng.nextInt(300) : 250 + rng.nextInt(300);
            sink.accept(new Object[] {
                Ids.of("TP", c.number(), 10, serial++, 2),
                c.id(),
                "信用情報",
                Rng.pick(rng, CREDIT_PROVIDERS),
                result,
                score,
                onboarding
            });
        }
        // Screening at onboarding, and yearly re-screening for some long-standing customers.
        int rescreens = (int)
                Math.min(5, Math.max(0, (asOf.toEpochDay() - c.createdDate().toEpochDay()) / 365));
        for (int i = 0; i <= rescreens; i++) {
            if (i > 0 && !Rng.chance(rng, 0.25)) {
                continue;
            }
            Instant at = i == 0
                    ? onboarding.plusSeconds(600)
                    : c.createdAt().plusSeconds(i * 365L * 86400 + rng.nextInt(86400 * 30));
            double u = rng.nextDouble();
            String result = u < 0.985 ? "該当なし" : u < 0.998 ? "要確認" : "該当あり";
            Integer score =
                    Rng.chance(rng, 0.5) ? null : result.equals("該当なし") ? rng.nextInt(20) : 50 + rng.nextInt(50);
            sink.accept(new Object[] {
                Ids.of("TP", c.number(), 10, serial++, 2),
                c.id(),
                "反社チェック",
                Rng.pick(rng, SCREENING_PROVIDERS),
                result,
                score,
                at
            });
        }
    }
}
