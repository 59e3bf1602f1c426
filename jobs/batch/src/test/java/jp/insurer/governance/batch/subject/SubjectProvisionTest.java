package jp.insurer.governance.batch.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.provision.ProvisionRecords;
import jp.insurer.governance.policy.transform.Pseudonymizer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * After real extract runs, a disclosure lists every outside release the customer is in: the releases are
 * searched (DuckDB) for the customer's pseudonym under each profile's test key, independently of the
 * provision records, and the report must name each of those profiles and exactly the provisions the
 * verified records hold for the customer.
 */
class SubjectProvisionTest {

    static final String DATE = SampleData.AS_OF;
    /** Outside profiles of config/extracts.yml whose customers file carries the customer pseudonym. */
    static final Map<String, String> OUTSIDE = Map.of(
            "group-insurer-product-rnd",
            "EXTRACT_KEY_GROUP_LIFE",
            "overseas-marketing-analytics",
            "EXTRACT_KEY_OVERSEAS_MARKETING");

    static final List<String> KEY_IDS =
            List.of("EXTRACT_KEY_RND_INTERNAL", "EXTRACT_KEY_GROUP_LIFE", "EXTRACT_KEY_OVERSEAS_MARKETING");

    @TempDir
    Path tmp;

    static byte[] key(String keyId) {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) k[i] = (byte) (keyId.hashCode() * 31 + i * 7);
        return k;
    }

    @Test
    void disclosureListsEveryExtractTheCustomerWasProvidedIn() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 300);
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");
        Files.createDirectories(state.resolve("keys"));
        for (String id : KEY_IDS)
            Files.writeString(state.resolve("keys/" + id), Base64.getEncoder().encodeToString(key(id)));
        SuiteRun tag = SuiteRun.job(state, out, "tag", "data=" + data, "date=" + DATE);
        assertThat(tag.exitCode).as(tag.toString()).isIn(0, 4);
        SuiteRun extract = SuiteRun.job(state, out, "extract", "data=" + data, "date=" + DATE);
        assertThat(extract.exitCode).as(extract.toString()).isIn(0, 4);

        List<String> customers = SubjectFixtures.strings(
                "SELECT customer_id FROM read_parquet('" + data + "/customers/*.parquet') ORDER BY 1");
        // Which customers each outside release holds, found through the pseudonyms alone.
        Map<String, Set<String>> released = new java.util.HashMap<>();
        for (var profile : OUTSIDE.entrySet()) {
            Pseudonymizer p = new Pseudonymizer(key(profile.getValue()), Pseudonymizer.contextFor(profile.getKey()));
            Set<String> pseudonyms = new HashSet<>(SubjectFixtures.strings("SELECT customer_id FROM read_parquet('"
                    + out + "/extracts/" + profile.getKey() + "-" + DATE + "/customers/*.parquet')"));
            Set<String> in = new HashSet<>();
            for (String c : customers) if (pseudonyms.contains(p.pseudonym(c))) in.add(c);
            released.put(profile.getKey(), in);
        }
        assertThat(released.get("group-insurer-product-rnd")).isNotEmpty();
        List<String> asked = new ArrayList<>();
        asked.add(released.get("group-insurer-product-rnd").stream()
                .sorted()
                .findFirst()
                .orElseThrow());
        released.get("overseas-marketing-analytics").stream()
                .sorted()
                .findFirst()
                .ifPresent(asked::add);
        customers.stream()
                .filter(c -> released.values().stream().noneMatch(s -> s.contains(c)))
                .findFirst()
                .ifPresent(asked::add);

        FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        ProvisionRecords records = ProvisionRecords.read(fs, new org.apache.hadoop.fs.Path(out.toString()));
        for (String customer : asked) {
            SuiteRun run = SuiteRun.job(
                    state,
                    out,
                    "subject-request",
                    "data=" + data,
                    "date=" + DATE,
                    "customer=" + customer,
                    "action=disclose");
            assertThat(run.exitCode).as(run.toString()).isZero();
            JsonNode report = SubjectRequestTest.report(out, run.out);
            JsonNode extracts = report.path("provisions").path("extracts");
            Set<String> listed = new HashSet<>(extracts.valueStream()
                    .map(x -> x.path("profile").asString())
                    .toList());
            for (var e : released.entrySet()) {
                if (e.getValue().contains(customer))
                    assertThat(listed).as(customer + " in " + e.getKey()).contains(e.getKey());
            }
            assertThat(extracts.valueStream()
                            .map(x -> x.path("provisionId").asString())
                            .toList())
                    .containsExactlyElementsOf(records.forCustomer(customer).stream()
                            .map(p -> p.provision().provisionId())
                            .toList());
            for (JsonNode x : extracts) {
                assertThat(x.path("recipient").asString()).isNotBlank();
                assertThat(Files.isDirectory(out.resolve(x.path("extractFolder").asString())))
                        .isTrue();
            }
        }
    }
}
