package jp.insurer.governance.policy.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.consent.CustomerKey;
import jp.insurer.governance.policy.hash.Sha256;

/** Reads and validates the policy files under a config folder; the first mistake stops loading. */
public final class PolicyLoader {

    public static final String POLICY_FILE = "policy.yml";
    private static final Pattern PURPOSE_ID = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private PolicyLoader() {}

    public static Policy load(Path configDir) {
        Path file = configDir.resolve(POLICY_FILE);
        YamlNode root = YamlNode.load(file)
                .allowOnly("version", "purposes", "customer_keys", "overseas_consent", "consent_ledger");
        String version = root.required("version").string();

        List<ConsentPurpose> purposes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlNode item : root.required("purposes").list()) {
            item.allowOnly("id", "description");
            YamlNode idNode = item.required("id");
            String id = idNode.string();
            if (!PURPOSE_ID.matcher(id).matches()) {
                throw idNode.error("purpose ids are UPPER_SNAKE_CASE, got '" + id + "'");
            }
            if (!seen.add(id)) throw idNode.error("duplicate purpose '" + id + "'");
            purposes.add(new ConsentPurpose(id, item.string("description", "")));
        }
        if (purposes.isEmpty()) throw root.required("purposes").error("at least one purpose is required");
        CustomerKey keys = CustomerKey.DEFAULT;
        String master = Policy.DEFAULT_CUSTOMER_MASTER;
        YamlNode k = root.optional("customer_keys").orElse(null);
        if (k != null) {
            k.allowOnly("width", "whitespace", "upper_case", "master");
            keys = new CustomerKey(flag(k, "width"), flag(k, "whitespace"), flag(k, "upper_case"));
            master = k.string("master", master);
        }
        Map<String, Policy.OverseasCountry> overseas = new LinkedHashMap<>();
        YamlNode o = root.optional("overseas_consent").orElse(null);
        if (o != null) {
            for (Map.Entry<String, YamlNode> e : o.entries().entrySet()) {
                YamlNode country = e.getValue().allowOnly("name", "document_versions");
                if (!COUNTRY.matcher(e.getKey()).matches()) {
                    throw country.error("countries are ISO 3166-1 alpha-2 codes (SG, US, …), got '" + e.getKey() + "'");
                }
                YamlNode versionsNode = country.required("document_versions");
                List<String> versions = versionsNode.stringList();
                if (versions.isEmpty()) {
                    throw versionsNode.error("list the consent-document versions that informed customers about "
                            + e.getKey() + " (or remove the country: then no consent counts for it)");
                }
                overseas.put(
                        e.getKey(),
                        new Policy.OverseasCountry(
                                e.getKey(), country.string("name", e.getKey()), Set.copyOf(versions)));
            }
        }
        LocalDate earliest = Policy.DEFAULT_EARLIEST_LEDGER_EVENT;
        YamlNode l = root.optional("consent_ledger").orElse(null);
        if (l != null) {
            l.allowOnly("earliest_event");
            YamlNode e = l.optional("earliest_event").orElse(null);
            if (e != null) {
                try {
                    earliest = LocalDate.parse(e.string());
                } catch (DateTimeParseException bad) {
                    throw e.error("earliest_event is a date (yyyy-MM-dd), got '" + e.string() + "'");
                }
            }
        }
        return new Policy(version, hashPolicyFiles(configDir), purposes, keys, master, overseas, earliest);
    }

    /** A normalization step: on unless switched off explicitly. */
    private static boolean flag(YamlNode block, String key) {
        return block.optional(key).map(YamlNode::bool).orElse(true);
    }

    /**
     * Refuses to go on when the config folder no longer holds what {@code policy} was loaded from: a job that
     * reads profiles or vocabularies again per partition must not mix two versions of the config in one run.
     * Call it after such a read, so that what was read is known to be the version the process started with.
     */
    public static void requireUnchanged(Path configDir, Policy policy) {
        String now = hashPolicyFiles(configDir);
        if (!now.equals(policy.sha256())) {
            throw new IllegalStateException("the config folder " + configDir
                    + " changed since this process loaded it (policy sha256 " + policy.sha256() + ", now " + now
                    + "); nothing more is released or deleted under a mixed config: start the job again, and every"
                    + " worker, to run under the new one");
        }
    }

    /** SHA-256 over every YAML and text file below the config folder, by relative path order. */
    static String hashPolicyFiles(Path configDir) {
        try (Stream<Path> files = Files.walk(configDir)) {
            MessageDigest digest = Sha256.newDigest();
            List<Path> sorted = files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(ya?ml|txt|tsv)$"))
                    .sorted((a, b) -> configDir
                            .relativize(a)
                            .toString()
                            .compareTo(configDir.relativize(b).toString()))
                    .toList();
            for (Path p : sorted) {
                digest.update(configDir.relativize(p).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(p));
            }
            return Sha256.hex(digest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config folder " + configDir, e);
        }
    }
}
