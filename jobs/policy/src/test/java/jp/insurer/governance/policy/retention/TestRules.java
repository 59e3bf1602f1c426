package jp.insurer.governance.policy.retention;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules and facts built in code, for decision tests that are not about the YAML. */
final class TestRules {

    static RetentionRule rule(String period, RetentionAction action, RuleScope scope, ExceptionKind... exceptions) {
        RetentionClock clock = action == RetentionAction.DROP_PARTITION
                ? new RetentionClock.EventTimeColumn("dt")
                : new RetentionClock.CollectionDate("created_at");
        return new RetentionRule(
                "test-rule",
                "",
                "ds",
                null,
                clock,
                RetentionPeriod.parse(period),
                action,
                action == RetentionAction.PURGE_COLUMNS ? List.of("note") : List.of(),
                Set.of(exceptions),
                scope,
                "customer_id",
                null,
                null,
                new ConfigPositions(Path.of("retention.yml"), "rules[0]", 1, Map.of()));
    }

    static RetentionRule rule(String period) {
        return rule(period, RetentionAction.PURGE_ROWS, RuleScope.ALL);
    }

    /** Facts from sets of ids; records whether anything was asked, to prove lazy lookups. */
    static final class Facts implements RetentionFacts {
        final Set<String> heldCustomers;
        final Set<String> heldPolicies;
        final Set<String> active;
        final Set<String> openClaims;
        final Set<String> contracted;
        int lookups;

        Facts(
                Set<String> heldCustomers,
                Set<String> heldPolicies,
                Set<String> active,
                Set<String> openClaims,
                Set<String> contracted) {
            // HashSet, not Set.of: the decider may ask about a null id.
            this.heldCustomers = new HashSet<>(heldCustomers);
            this.heldPolicies = new HashSet<>(heldPolicies);
            this.active = new HashSet<>(active);
            this.openClaims = new HashSet<>(openClaims);
            this.contracted = new HashSet<>(contracted);
        }

        static Facts none() {
            return new Facts(Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
        }

        @Override
        public boolean isUnderLegalHold(String customerId, String policyId, LocalDate date) {
            lookups++;
            return heldCustomers.contains(customerId) || heldPolicies.contains(policyId);
        }

        @Override
        public boolean hasActiveContract(String customerId, LocalDate date) {
            lookups++;
            return active.contains(customerId);
        }

        @Override
        public boolean hasOpenClaim(String customerId, LocalDate date) {
            lookups++;
            return openClaims.contains(customerId);
        }

        @Override
        public boolean hasEverContracted(String customerId, LocalDate date) {
            lookups++;
            return contracted.contains(customerId);
        }
    }

    private TestRules() {}
}
