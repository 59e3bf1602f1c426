package jp.insurer.governance.policy.retention;

import java.util.Optional;

/**
 * When a row's retention period starts. The job reads or joins the clock value per row and hands it to
 * {@link RetentionDecider}; a null value never deletes.
 */
public sealed interface RetentionClock {

    /** The dataset column this clock reads, if it reads one (validated against the inventory). */
    default Optional<String> column() {
        return Optional.empty();
    }

    /** Config spelling of the clock type. */
    String type();

    /**
     * The time an event happened, from a column of the row. For {@link RetentionAction#DROP_PARTITION}
     * the column is the date partition key ({@code dt}).
     */
    record EventTimeColumn(String name) implements RetentionClock {
        @Override
        public Optional<String> column() {
            return Optional.of(name);
        }

        @Override
        public String type() {
            return "EVENT_TIME";
        }
    }

    /**
     * The end or lapse date of the customer's latest policy, joined from {@code policies}. A customer
     * whose policy is still running has no end yet: the job calls {@link RetentionDecider#notStarted()};
     * a customer without any policy has a null clock.
     */
    record ContractEnd() implements RetentionClock {
        @Override
        public String type() {
            return "CONTRACT_END";
        }
    }

    /**
     * When the customer withdrew a consent purpose, if the consent is {@code WITHDRAWN} as of the business
     * date; otherwise the clock has not started ({@link RetentionDecider#notStarted()}).
     */
    record ConsentWithdrawal(String purpose) implements RetentionClock {
        @Override
        public String type() {
            return "CONSENT_WITHDRAWAL";
        }
    }

    /** The date the data was collected, from a column of the row. */
    record CollectionDate(String name) implements RetentionClock {
        @Override
        public Optional<String> column() {
            return Optional.of(name);
        }

        @Override
        public String type() {
            return "COLLECTION_DATE";
        }
    }
}
