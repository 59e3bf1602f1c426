package jp.insurer.governance.policy.detect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import jp.insurer.governance.policy.config.YamlNode;
import jp.insurer.governance.policy.detect.nlp.NameLexicon;
import jp.insurer.governance.policy.detect.recognizer.AddressDetector;
import jp.insurer.governance.policy.detect.recognizer.BankAccountDetector;
import jp.insurer.governance.policy.detect.recognizer.ContextualPatternDetector;
import jp.insurer.governance.policy.detect.recognizer.CorporateNumberDetector;
import jp.insurer.governance.policy.detect.recognizer.CreditCardDetector;
import jp.insurer.governance.policy.detect.recognizer.DateOfBirthDetector;
import jp.insurer.governance.policy.detect.recognizer.DriversLicenseDetector;
import jp.insurer.governance.policy.detect.recognizer.EmailDetector;
import jp.insurer.governance.policy.detect.recognizer.HealthInsuranceNumberDetector;
import jp.insurer.governance.policy.detect.recognizer.IpAddressDetector;
import jp.insurer.governance.policy.detect.recognizer.MyNumberDetector;
import jp.insurer.governance.policy.detect.recognizer.PassportDetector;
import jp.insurer.governance.policy.detect.recognizer.PersonNameDetector;
import jp.insurer.governance.policy.detect.recognizer.PhoneNumberDetector;
import jp.insurer.governance.policy.detect.recognizer.PostalCodeDetector;
import jp.insurer.governance.policy.detect.recognizer.SensitiveTermDetector;
import jp.insurer.governance.policy.detect.recognizer.SpelledNumberDetector;

/**
 * Reads {@code config/detectors/}: {@code detectors.yml} (thresholds, switched-off detectors),
 * {@code context.yml} (context words per type), {@code sensitive-terms.yml} (機微情報 vocabulary),
 * {@code person-names.yml} (surnames, honorifics, context, non-names) and {@code custom.yml}
 * (regex detectors an officer adds without a code change). Every error names file, line and field.
 */
public final class DetectorConfig {

    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");

    private final TextScanner scanner;

    private DetectorConfig(TextScanner scanner) {
        this.scanner = scanner;
    }

    public TextScanner scanner() {
        return scanner;
    }

    public static DetectorConfig load(Path dir) {
        YamlNode settings =
                YamlNode.load(dir.resolve("detectors.yml")).allowOnly("min_score", "value_min_score", "disabled");
        double minScore = score(settings, "min_score", 0.4);
        double valueMinScore = score(settings, "value_min_score", 0.25);
        Set<String> disabled = new LinkedHashSet<>(
                settings.optional("disabled").map(YamlNode::stringList).orElse(List.of()));

        ContextWords context = loadContext(dir.resolve("context.yml"));
        List<Detector> detectors = new ArrayList<>();
        detectors.add(new EmailDetector());
        detectors.add(new PhoneNumberDetector(context));
        detectors.add(new CreditCardDetector(context));
        detectors.add(new MyNumberDetector(context));
        detectors.add(new CorporateNumberDetector(context));
        detectors.add(new HealthInsuranceNumberDetector(context));
        detectors.add(new DriversLicenseDetector(context));
        detectors.add(new PassportDetector(context));
        detectors.add(new BankAccountDetector(context));
        detectors.add(new PostalCodeDetector(context));
        detectors.add(new AddressDetector(context));
        detectors.add(new DateOfBirthDetector(context));
        detectors.add(new IpAddressDetector(context));
        detectors.add(new SpelledNumberDetector(context));
        detectors.addAll(loadCustom(dir.resolve("custom.yml"), context));
        detectors.add(loadSensitive(dir.resolve("sensitive-terms.yml")));
        detectors.add(loadNames(dir.resolve("person-names.yml")));

        Set<String> known = new LinkedHashSet<>();
        for (Detector d : detectors) known.add(d.name());
        if (settings.optional("disabled").isPresent()) {
            YamlNode node = settings.required("disabled");
            for (String name : disabled) {
                if (!known.contains(name)) throw node.error("unknown detector '" + name + "'; known: " + known);
            }
        }
        detectors.removeIf(d -> disabled.contains(d.name()));
        return new DetectorConfig(new TextScanner(detectors, minScore, valueMinScore));
    }

    static ContextWords loadContext(Path file) {
        YamlNode root = YamlNode.load(file).allowOnly("before", "after", "types");
        int before = root.optional("before").map(YamlNode::integer).orElse(20);
        int after = root.optional("after").map(YamlNode::integer).orElse(8);
        Map<String, List<String>> byType = new HashMap<>();
        for (Map.Entry<String, YamlNode> e : root.required("types").entries().entrySet()) {
            List<String> words = new ArrayList<>();
            for (String w : e.getValue().stringList()) words.add(ContextWords.normalizeWord(w));
            byType.put(e.getKey(), words);
        }
        return new ContextWords(byType, before, after);
    }

    static SensitiveTermDetector loadSensitive(Path file) {
        YamlNode root = YamlNode.load(file).allowOnly("kinds", "exclude", "suffix_rules");
        Map<String, SensitiveTermDetector.Term> terms = new LinkedHashMap<>();
        for (YamlNode kindNode : root.required("kinds").list()) {
            kindNode.allowOnly("kind", "score", "terms");
            SensitiveKind kind = kindNode.required("kind").enumValue(SensitiveKind.class);
            double score = score(kindNode, "score", 0.8);
            for (YamlNode t : kindNode.required("terms").list()) {
                String term;
                double termScore = score;
                if (t.isMap()) {
                    t.allowOnly("term", "score");
                    term = t.required("term").string();
                    termScore = score(t, "score", score);
                } else {
                    term = t.string();
                }
                String norm = ContextWords.normalizeWord(term).strip();
                if (norm.isEmpty()) throw t.error("empty term");
                terms.put(
                        norm,
                        new SensitiveTermDetector.Term(kind, termScore, SensitiveTermDetector.needsBoundary(norm)));
            }
        }
        for (String ex : root.optional("exclude").map(YamlNode::stringList).orElse(List.of())) {
            terms.put(ContextWords.normalizeWord(ex).strip(), new SensitiveTermDetector.Term(null, 0, false));
        }
        List<SensitiveTermDetector.SuffixRule> rules = new ArrayList<>();
        for (YamlNode r : root.optional("suffix_rules").map(YamlNode::list).orElse(List.of())) {
            r.allowOnly("kind", "score", "suffixes", "not");
            List<String> suffixes = new ArrayList<>();
            for (String suffix : r.required("suffixes").stringList()) {
                suffixes.add(ContextWords.normalizeWord(suffix).strip());
            }
            Set<String> not = new LinkedHashSet<>();
            for (String n : r.optional("not").map(YamlNode::stringList).orElse(List.of())) {
                not.add(ContextWords.normalizeWord(n).strip());
            }
            rules.add(new SensitiveTermDetector.SuffixRule(
                    r.required("kind").enumValue(SensitiveKind.class), score(r, "score", 0.6), suffixes, not));
        }
        return new SensitiveTermDetector(terms, rules);
    }

    static PersonNameDetector loadNames(Path file) {
        YamlNode root = YamlNode.load(file)
                .allowOnly(
                        "honorifics",
                        "context",
                        "not_names",
                        "not_before",
                        "places",
                        "surnames",
                        "romaji_surnames",
                        "kinship",
                        "lexicon");
        NameLexicon lexicon = NameLexicon.EMPTY;
        if (root.optional("lexicon").isPresent()) {
            YamlNode node = root.required("lexicon");
            Path lexiconFile = file.resolveSibling(node.string().strip());
            if (!Files.isRegularFile(lexiconFile)) throw node.error("name lexicon not found: " + lexiconFile);
            lexicon = NAME_LEXICONS.computeIfAbsent(lexiconFile.toAbsolutePath().normalize(), NameLexicon::load);
        }
        return new PersonNameDetector(
                normalized(root.required("surnames")),
                normalized(root.required("romaji_surnames")),
                normalized(root.required("honorifics")),
                List.copyOf(normalized(root.required("context"))),
                normalized(root.required("not_names")),
                root.optional("not_before").map(DetectorConfig::normalized).orElse(Set.of()),
                root.optional("places").map(DetectorConfig::normalized).orElse(Set.of()),
                lexicon,
                root.optional("kinship").map(DetectorConfig::normalized).orElse(Set.of()));
    }

    /** The lexicon is 240k names (about 1 s to read): read once per file per JVM, it is immutable. */
    private static final Map<Path, NameLexicon> NAME_LEXICONS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Set<String> normalized(YamlNode node) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : node.stringList()) out.add(ContextWords.normalizeWord(s).strip());
        return out;
    }

    static List<Detector> loadCustom(Path file, ContextWords context) {
        if (!Files.exists(file)) return List.of();
        YamlNode root = YamlNode.load(file).allowOnly("detectors");
        List<Detector> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (YamlNode d : root.required("detectors").list()) {
            d.allowOnly(
                    "name",
                    "type",
                    "pattern",
                    "checksum",
                    "context",
                    "score",
                    "score_without_context",
                    "context_required");
            String name = d.required("name").string();
            if (!names.add(name)) throw d.required("name").error("duplicate detector name '" + name + "'");
            YamlNode typeNode = d.required("type");
            String type = typeNode.string().trim();
            if (!TYPE_NAME.matcher(type).matches()) {
                throw typeNode.error("type must be UPPER_SNAKE_CASE, e.g. POLICY_NUMBER");
            }
            if (type.equals(EntityTypes.SENSITIVE)) {
                throw typeNode.error("SENSITIVE terms belong in sensitive-terms.yml");
            }
            YamlNode patternNode = d.required("pattern");
            Pattern pattern;
            try {
                pattern = Pattern.compile(patternNode.string());
            } catch (PatternSyntaxException e) {
                throw patternNode.error("invalid regular expression: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
            }
            Predicate<String> checksum =
                    d.optional("checksum").map(DetectorConfig::checksum).orElse(null);
            List<String> words = new ArrayList<>();
            for (String w : d.optional("context").map(YamlNode::stringList).orElse(List.of())) {
                words.add(ContextWords.normalizeWord(w));
            }
            double score = score(d, "score", 0.8);
            boolean required =
                    d.optional("context_required").map(YamlNode::bool).orElse(false);
            double without = required
                    ? -1
                    : score(d, "score_without_context", words.isEmpty() ? score : Math.max(0, score - 0.3));
            out.add(new ContextualPatternDetector(
                    name, type, pattern, checksum, words, context.before(), context.after(), score, without, true));
        }
        return out;
    }

    private static Predicate<String> checksum(YamlNode node) {
        return switch (node.string().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> null;
            case "luhn" -> Checksums::luhn;
            case "mod11" -> Checksums::mod11;
            case "my_number" -> Checksums::myNumber;
            case "corporate_number" -> Checksums::corporateNumber;
            default ->
                throw node.error("unknown checksum '" + node.string()
                        + "'; expected one of [none, luhn, mod11, my_number, corporate_number]");
        };
    }

    private static double score(YamlNode parent, String key, double fallback) {
        if (parent.optional(key).isEmpty()) return fallback;
        YamlNode n = parent.required(key);
        double v = n.number();
        if (v < 0 || v > 1) throw n.error("must be between 0 and 1");
        return v;
    }
}
