package jp.insurer.governance.policy.subject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import jp.insurer.governance.policy.config.YamlNode;

/**
 * {@code config/subject-requests.yml}: which consent purposes a stop request withdraws, what a valid
 * customer id looks like, and what an erasure keeps. Checked against policy.yml's purposes and
 * retention.yml's rule ids, every error naming file, line and field.
 *
 * @param purposesByAction   action ({@code stop-use}, {@code stop-provision}) → purposes withdrawn
 * @param legalRetentionRules retention rules whose not-yet-expired rows an erasure keeps
 * @param neverErase         datasets an erasure never changes
 */
public record SubjectRequestPolicy(
        Pattern customerIdPattern,
        Map<String, List<String>> purposesByAction,
        List<String> legalRetentionRules,
        Set<String> neverErase) {

    public static final String FILE = "subject-requests.yml";
    public static final String STOP_USE = "stop-use";
    public static final String STOP_PROVISION = "stop-provision";

    /** What the job runs without the file: stop requests withdraw every purpose, nothing is kept by rule. */
    public static SubjectRequestPolicy defaults(List<String> purposes) {
        return new SubjectRequestPolicy(
                Pattern.compile("^[A-Z][A-Z0-9_-]{3,63}$"),
                Map.of(STOP_USE, List.copyOf(purposes), STOP_PROVISION, List.copyOf(purposes)),
                List.of(),
                Set.of("legal_holds"));
    }

    /**
     * @param purposes     policy.yml's purpose ids
     * @param retentionIds retention.yml's rule ids
     */
    public static SubjectRequestPolicy load(Path configDir, List<String> purposes, Set<String> retentionIds) {
        Path file = configDir.resolve(FILE);
        if (!Files.exists(file)) return defaults(purposes);
        YamlNode root = YamlNode.load(file).allowOnly("customer_id_pattern", "actions", "erase");
        Pattern pattern = Pattern.compile("^[A-Z][A-Z0-9_-]{3,63}$");
        var patternNode = root.optional("customer_id_pattern");
        if (patternNode.isPresent()) {
            try {
                pattern = Pattern.compile(patternNode.get().string());
            } catch (PatternSyntaxException e) {
                throw patternNode.get().error("not a regular expression: " + e.getDescription());
            }
        }
        YamlNode actions = root.required("actions").allowOnly(STOP_USE, STOP_PROVISION);
        Map<String, List<String>> byAction = new LinkedHashMap<>();
        for (String action : List.of(STOP_USE, STOP_PROVISION)) {
            YamlNode node = actions.required(action);
            Set<String> ids = new LinkedHashSet<>();
            for (YamlNode item : node.list()) {
                String id = item.string().trim();
                if (!purposes.contains(id))
                    throw item.error("unknown purpose '" + id + "'; policy.yml purposes are " + purposes);
                if (!ids.add(id)) throw item.error("purpose '" + id + "' is listed twice");
            }
            if (ids.isEmpty()) throw node.error("must list at least one purpose of policy.yml");
            byAction.put(action, List.copyOf(ids));
        }
        List<String> legal = List.of();
        Set<String> never = Set.of();
        var erase = root.optional("erase");
        if (erase.isPresent()) {
            erase.get().allowOnly("legal_retention_rules", "never_erase");
            var rules = erase.get().optional("legal_retention_rules");
            if (rules.isPresent()) {
                List<String> ids = new java.util.ArrayList<>();
                for (YamlNode item : rules.get().list()) {
                    String id = item.string().trim();
                    if (!retentionIds.contains(id)) {
                        throw item.error(
                                "unknown retention rule '" + id + "'; retention.yml rules are " + retentionIds);
                    }
                    ids.add(id);
                }
                legal = List.copyOf(ids);
            }
            never = erase.get()
                    .optional("never_erase")
                    .map(n -> Set.copyOf(n.stringList()))
                    .orElse(Set.of());
        }
        return new SubjectRequestPolicy(pattern, Map.copyOf(byAction), legal, never);
    }

    public List<String> purposes(String action) {
        List<String> p = purposesByAction.get(action);
        if (p == null) throw new IllegalArgumentException("no purposes for action " + action);
        return p;
    }

    /** Whether a normalized id is a well-formed customer id. */
    public boolean wellFormed(String normalizedId) {
        return normalizedId != null && customerIdPattern.matcher(normalizedId).matches();
    }
}
