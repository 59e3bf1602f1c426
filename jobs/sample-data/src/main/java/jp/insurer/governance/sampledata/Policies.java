package jp.insurer.governance.sampledata;

import static jp.insurer.governance.parquet.ColumnType.DATE;
import static jp.insurer.governance.parquet.ColumnType.INT32;
import static jp.insurer.governance.parquet.ColumnType.STRING;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code policies} dataset. A policy is a contract that renews yearly until it is not renewed
 * (EXPIRED), premiums stop (LAPSED) or the customer cancels (CANCELLED); travel policies cover one trip.
 * Customers joined over 15 years, so many contracts ended long before the as-of date.
 */
final class Policies {

    static final DatasetSpec SPEC = DatasetSpec.builder("policies")
            .acquired("DIRECT")
            .col("policy_id", STRING, false, "DIRECT_IDENTIFIER", "DIRECT", "POLICY_NUMBER")
            .col("customer_id", STRING, false, "DIRECT_IDENTIFIER", "DIRECT", "CUSTOMER_ID")
            // a customer's products and policy states single them out in combination (config/classification.yml rules)
            .col("product_code", STRING, false, "QUASI_IDENTIFIER", "DIRECT", null)
            .col("product_name", STRING, false, "NON_PERSONAL", "DIRECT", null)
            .col("start_date", DATE, false, "NON_PERSONAL", "DIRECT", null)
            .col("end_date", DATE, false, "NON_PERSONAL", "DIRECT", null)
            .col("lapse_date", DATE, true, "NON_PERSONAL", "DIRECT", null)
            .col("status", STRING, false, "QUASI_IDENTIFIER", "DIRECT", null)
            .col("annual_premium_jpy", INT32, false, "NON_PERSONAL", "DIRECT", null)
            .col("renewal_count", INT32, false, "NON_PERSONAL", "DIRECT", null)
            .build();

    record Policy(
            String id,
            Catalog.Product product,
            LocalDate start,
            LocalDate end,
            LocalDate lapseDate,
            String status,
            int premium,
            int renewals) {}

    private Policies() {}

    static List<Policy> create(long seed, LocalDate asOf, Customer customer) {
        SplittableRandom rng = Rng.forKey(seed, Rng.Stream.POLICY, customer.number());
        int count = 1 + (Rng.chance(rng, 0.42) ? 1 + (Rng.chance(rng, 0.35) ? 1 + Rng.poisson(rng, 0.4) : 0) : 0);
        List<Policy> policies = new ArrayList<>(count);
        long window = Math.max(1, ChronoUnit.DAYS.between(customer.createdDate(), asOf));
        for (int k = 0; k < count && k < 99; k++) {
            Catalog.Product product = Catalog.PRODUCTS.next(rng);
            LocalDate start =
                    k == 0 ? customer.createdDate() : customer.createdDate().plusDays(rng.nextLong(window));
            String id = Ids.of("P", customer.number(), 10, k, 2);
            int premium = (product.premiumMin() + rng.nextInt(product.premiumMax() - product.premiumMin())) / 10 * 10;
            policies.add(
                    product.kind() == Catalog.Kind.TRAVEL
                            ? trip(rng, id, product, start, asOf, premium)
                            : renewing(rng, id, product, start, asOf, premium));
        }
        return policies;
    }

    private static Policy trip(
            SplittableRandom rng, String id, Catalog.Product product, LocalDate start, LocalDate asOf, int premium) {
        LocalDate end = start.plusDays(3 + rng.nextInt(28));
        if (Rng.chance(rng, 0.03) && start.isAfter(asOf.minusDays(30))) {
            return new Policy(id, product, start, start, null, "CANCELLED", premium, 0);
        }
        return new Policy(id, product, start, end, null, end.isBefore(asOf) ? "EXPIRED" : "ACTIVE", premium, 0);
    }

    private static Policy renewing(
            SplittableRandom rng, String id, Catalog.Product product, LocalDate start, LocalDate asOf, int premium) {
        LocalDate termStart = start;
        int renewals = 0;
        while (true) {
            LocalDate termEnd = termStart.plusYears(1).minusDays(1);
            double u = rng.nextDouble();
            if (u < 0.05) { // premiums stopped: lapses after the grace period
                LocalDate lapse = termStart
                        .plusMonths(1 + rng.nextInt(11))
                        .withDayOfMonth(1)
                        .minusDays(1);
                if (lapse.isBefore(asOf)) {
                    return new Policy(id, product, start, lapse, lapse, "LAPSED", premium, renewals);
                }
            } else if (u < 0.08) { // cancelled by the customer
                LocalDate cancel = termStart.plusDays(rng.nextInt(365));
                if (cancel.isBefore(asOf)) {
                    return new Policy(id, product, start, cancel, null, "CANCELLED", premium, renewals);
                }
            }
            if (!termEnd.isBefore(asOf)) {
                return new Policy(id, product, start, termEnd, null, "ACTIVE", premium, renewals);
            }
            if (!Rng.chance(rng, product.renewal()) || renewals >= 30) {
                return new Policy(id, product, start, termEnd, null, "EXPIRED", premium, renewals);
            }
            renewals++;
            termStart = termEnd.plusDays(1);
        }
    }

    static Object[] row(Customer customer, Policy p) {
        return new Object[] {
            p.id(),
            customer.id(),
            p.product().code(),
            p.product().name(),
            p.start(),
            p.end(),
            p.lapseDate(),
            p.status(),
            p.premium(),
            p.renewals(),
        };
    }
}
