package jp.insurer.governance.policy.retention;

/** A validated rule applied to one concrete dataset (a category rule yields one binding per dataset). */
public record RuleBinding(RetentionRule rule, String dataset) {}
