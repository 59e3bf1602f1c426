package jp.insurer.governance.policy.extract;

import java.util.List;

/**
 * One dataset a profile asks for: its columns (any other column is dropped) and the columns that
 * k-anonymity applies to in the released file.
 *
 * @param linkable {@code linkable: false} gives the dataset a pseudonym key of its own, so its rows cannot be
 *                 joined to the other datasets' and its k-anonymity is judged on its own (default true:
 *                 it is judged together with every other linkable dataset of the profile, per person)
 */
public record DatasetRequest(
        String dataset,
        List<ColumnRequest> columns,
        List<String> quasiIdentifiers,
        boolean linkable,
        Origin origin,
        Origin quasiIdentifiersOrigin) {
    public DatasetRequest {
        columns = List.copyOf(columns);
        quasiIdentifiers = List.copyOf(quasiIdentifiers);
    }
}
