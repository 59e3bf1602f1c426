package jp.insurer.governance.batch.subject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.provision.ProvisionRecords;
import jp.insurer.governance.parquet.FileSystems;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The extracts a customer was provided in, with recipients, from the extract job's verified provision
 * records ({@link ProvisionRecords}, OUT/provision/). A damaged chain fails the request (exit 1) rather
 * than answer the customer from records that cannot be trusted.
 */
final class ProvisionLookup {

    private ProvisionLookup() {}

    static SubjectReport.Provisions provisionsOf(String customer, String out, Configuration conf) throws IOException {
        Path root = FileSystems.path(out);
        FileSystem fs = FileSystems.get(root, conf);
        Path folder = ProvisionRecords.folder(root);
        if (!fs.exists(folder)) {
            return new SubjectReport.Provisions(
                    true, "no provision records under " + folder + ": no outside release yet", List.of());
        }
        List<Map<String, Object>> extracts = new ArrayList<>();
        for (ProvisionRecords.CustomerProvision p :
                ProvisionRecords.read(fs, root).forCustomer(customer)) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("date", p.date().toString());
            x.put("profile", p.profile());
            x.put("extractId", p.provision().extractId());
            x.put("recipient", p.recipientName());
            x.put("recipientKind", p.recipientKind());
            x.put("recipientCountry", p.recipientCountry());
            x.put("extractFolder", p.extractFolder());
            x.put("processingStandard", p.provision().processingStandard());
            x.put("purposes", p.purposes());
            x.put(
                    "items",
                    p.items().stream()
                            .map(i -> i.dataset() + "." + i.column() + " (" + i.transform() + ")")
                            .toList());
            x.put(
                    "consents",
                    p.consents().stream()
                            .map(c -> Map.of(
                                    "purpose",
                                    c.purpose(),
                                    "eventId",
                                    String.valueOf(c.eventId()),
                                    "eventTime",
                                    String.valueOf(c.eventTime()),
                                    "documentVersion",
                                    String.valueOf(c.documentVersion())))
                            .toList());
            x.put("provisionId", p.provision().provisionId());
            extracts.add(x);
        }
        return new SubjectReport.Provisions(true, folder.toString(), extracts);
    }
}
