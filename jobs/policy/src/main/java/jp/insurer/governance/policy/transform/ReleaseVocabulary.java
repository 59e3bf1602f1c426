package jp.insurer.governance.policy.transform;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.policy.config.YamlNode;
import jp.insurer.governance.policy.detect.SensitiveKind;

/**
 * The words {@link TextRelease} needs besides the dictionary, from {@code config/text-release.yml}:
 * domain vocabulary released although the dictionary does not know it, the name context
 * (honorifics, kinship words), organization affixes and the 機微 terms and suffixes that make a
 * sentence a 機微 mention. Every term is NFKC-normalized (the release matches on normalized text).
 *
 * @param domainTerms      released as they are (insurance terms, product names)
 * @param latinTerms       lower-case Latin words released as they are
 * @param honorifics       a word right before one is a name
 * @param notNames         words that take an honorific without being a name (お客様)
 * @param kinship          a word right after one is a name (父の正夫)
 * @param organizationAffixes a noun run ending in one is an organization name
 * @param leadingOrganizationAffixes company forms after which the next noun run is the name (株式会社ミナト)
 * @param sensitiveTerms   機微 terms → kind
 * @param sensitiveSuffixes 機微 suffixes → kind
 * @param sensitiveExcluded words ending in a suffix that are no mention
 */
public record ReleaseVocabulary(
        Set<String> domainTerms,
        Set<String> latinTerms,
        Set<String> honorifics,
        Set<String> notNames,
        Set<String> kinship,
        Set<String> organizationAffixes,
        Set<String> leadingOrganizationAffixes,
        Map<String, SensitiveKind> sensitiveTerms,
        Map<String, SensitiveKind> sensitiveSuffixes,
        Set<String> sensitiveExcluded) {

    public static final String FILE = "text-release.yml";

    public ReleaseVocabulary {
        domainTerms = Set.copyOf(domainTerms);
        latinTerms = Set.copyOf(latinTerms);
        honorifics = Set.copyOf(honorifics);
        notNames = Set.copyOf(notNames);
        kinship = Set.copyOf(kinship);
        organizationAffixes = Set.copyOf(organizationAffixes);
        leadingOrganizationAffixes = Set.copyOf(leadingOrganizationAffixes);
        sensitiveTerms = Map.copyOf(sensitiveTerms);
        sensitiveSuffixes = Map.copyOf(sensitiveSuffixes);
        sensitiveExcluded = Set.copyOf(sensitiveExcluded);
    }

    /**
     * Reads {@code configDir/text-release.yml}.
     *
     * @throws jp.insurer.governance.policy.config.ConfigException naming file, line and field
     */
    public static ReleaseVocabulary load(Path configDir) {
        YamlNode root = YamlNode.load(configDir.resolve(FILE))
                .allowOnly("domain_terms", "latin_terms", "names", "organizations", "sensitive");
        Set<String> domain = terms(root.required("domain_terms"), false);
        Set<String> latin = terms(root.required("latin_terms"), true);
        for (YamlNode n : root.required("latin_terms").list()) {
            if (!n.string().strip().matches("[A-Za-z0-9]+"))
                throw n.error("latin_terms are single words of Latin letters and digits");
        }
        YamlNode names = root.required("names").allowOnly("honorifics", "not_names", "kinship");
        YamlNode orgs = root.required("organizations").allowOnly("affixes", "leading");
        Set<String> affixes = terms(orgs.required("affixes"), false);
        Set<String> leading = terms(orgs.required("leading"), false);
        for (YamlNode n : orgs.required("leading").list()) {
            if (!affixes.contains(normalize(n.string())))
                throw n.error("a leading affix must also be listed under affixes");
        }
        Map<String, SensitiveKind> sensitiveTerms = new LinkedHashMap<>();
        Map<String, SensitiveKind> suffixes = new LinkedHashMap<>();
        Set<String> excluded = new LinkedHashSet<>();
        for (YamlNode k : root.required("sensitive").list()) {
            k.allowOnly("kind", "terms", "suffixes", "exclude");
            SensitiveKind kind = k.required("kind").enumValue(SensitiveKind.class);
            for (String t : terms(k.required("terms"), false)) sensitiveTerms.putIfAbsent(t, kind);
            for (String t : terms(k.required("suffixes"), false)) suffixes.putIfAbsent(t, kind);
            k.optional("exclude").ifPresent(e -> excluded.addAll(terms(e, false)));
        }
        return new ReleaseVocabulary(
                domain,
                latin,
                terms(names.required("honorifics"), false),
                terms(names.required("not_names"), false),
                terms(names.required("kinship"), false),
                affixes,
                leading,
                sensitiveTerms,
                suffixes,
                excluded);
    }

    private static Set<String> terms(YamlNode node, boolean lowerCase) {
        if (!node.isList()) throw node.error("expected a list of words");
        List<YamlNode> items = node.list();
        if (items.isEmpty()) throw node.error("list at least one word");
        Set<String> out = new LinkedHashSet<>();
        for (YamlNode item : items) {
            String t = normalize(item.string());
            if (t.isEmpty()) throw item.error("empty word");
            if (t.chars().anyMatch(Character::isWhitespace)) throw item.error("a word has no spaces");
            if (lowerCase) t = t.toLowerCase(Locale.ROOT);
            out.add(t); // a word listed twice is harmless
        }
        return out;
    }

    static String normalize(String s) {
        return Normalizer.normalize(s.strip(), Normalizer.Form.NFKC);
    }
}
