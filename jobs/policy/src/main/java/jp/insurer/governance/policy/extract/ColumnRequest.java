package jp.insurer.governance.policy.extract;

import jp.insurer.governance.policy.config.Origin;
import jp.insurer.governance.policy.transform.Transform;

/**
 * One column a profile asks for.
 *
 * @param transform the column's own transform, or null to use its role's default
 */
public record ColumnRequest(String column, Transform transform, Origin origin) {}
