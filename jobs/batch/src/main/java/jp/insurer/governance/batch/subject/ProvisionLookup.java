package jp.insurer.governance.batch.subject;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/** The extracts a customer was provided in, with recipients: read from the extract job's provision records. */
interface ProvisionLookup {

    SubjectReport.Provisions provisionsOf(String customer, String out, Configuration conf) throws IOException;

    /** Until provision records exist: says so instead of claiming "provided nowhere". */
    ProvisionLookup NONE = (customer, out, conf) -> new SubjectReport.Provisions(false,
            "no provision records are kept by this build", java.util.List.of());
}
