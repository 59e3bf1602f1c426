package jp.insurer.governance.policy.extract;

import java.util.List;
import java.util.Optional;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.transform.Transform;

/**
 * A profile checked against the catalog: for every dataset, every requested column with its
 * classification and the transform it will get. Columns the profile does not name are not listed
 * and are dropped. Produced by {@link ExtractProfiles#plan}; the job compiles it into row transformers.
 */
public record ExtractPlan(ExtractProfile profile, List<Dataset> datasets) {

    public ExtractPlan {
        datasets = List.copyOf(datasets);
    }

    public Optional<Dataset> dataset(String name) {
        return datasets.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * @param quasiIdentifiers released columns k-anonymity applies to, in release order: the profile's
     *                         own plus every released column that can single a person out ({@link ExtractProfiles#plan})
     * @param linkable         joined per person with the profile's other linkable datasets (one pseudonym key);
     *                         false: a pseudonym key of its own, k judged on this dataset alone
     */
    public record Dataset(String name, List<Column> columns, List<String> quasiIdentifiers, boolean linkable) {
        public Dataset {
            columns = List.copyOf(columns);
            quasiIdentifiers = List.copyOf(quasiIdentifiers);
        }

        /** The columns that appear in the extract file, in profile order. */
        public List<Column> released() {
            return columns.stream()
                    .filter(c -> !(c.transform() instanceof Transform.Drop))
                    .toList();
        }
    }

    /**
     * @param fromDefault true when the transform is the role's default, not the column's own
     * @param gated       true for 機微情報 released only for records whose SENSITIVE_RND is granted
     * @param caveat      what a researcher should know (why it was dropped, what a scrub may miss), or null
     */
    public record Column(
            String name,
            ColumnClassification classification,
            Transform transform,
            boolean fromDefault,
            boolean gated,
            String caveat) {}
}
