package jp.insurer.governance.policy.extract;

import java.util.List;

/**
 * One dataset a profile asks for: its columns (any other column is dropped) and the columns that
 * k-anonymity applies to in the released file.
 */
public record DatasetRequest(String dataset, List<ColumnRequest> columns, List<String> quasiIdentifiers,
                             Origin origin, Origin quasiIdentifiersOrigin) {
    public DatasetRequest {
        columns = List.copyOf(columns);
        quasiIdentifiers = List.copyOf(quasiIdentifiers);
    }
}
