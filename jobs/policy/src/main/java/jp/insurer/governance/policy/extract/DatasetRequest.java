package jp.insurer.governance.policy.extract;

import java.util.List;

/**
 * One dataset a profile asks for: its columns (any other column is dropped) and the columns that
 * k-anonymity applies to in the released file.
 *
 * @param suppressCustomer {@code suppress: customer}: a record k-anonymity suppresses here takes its
 *                         customer out of every dataset of the extract
 */
public record DatasetRequest(String dataset, List<ColumnRequest> columns, List<String> quasiIdentifiers,
                             boolean suppressCustomer, Origin origin, Origin quasiIdentifiersOrigin) {
    public DatasetRequest {
        columns = List.copyOf(columns);
        quasiIdentifiers = List.copyOf(quasiIdentifiers);
    }
}
