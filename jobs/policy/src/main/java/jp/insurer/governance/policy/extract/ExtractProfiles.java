package jp.insurer.governance.policy.extract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.classify.DecisionSource;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.config.YamlNode;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.TextMode;
import jp.insurer.governance.policy.transform.Transform;

/**
 * The research-extract profiles of {@code config/extracts.yml}. {@link #load} checks everything the
 * file and the policy can tell (shapes, purposes, recipient kinds, role defaults, hierarchies, keys);
 * {@link #plan} then checks a profile against the catalog, so that the job refuses to start (exit 2)
 * before a single row is read. Every error names file, line and field.
 */
public final class ExtractProfiles {

    public static final String FILE = "extracts.yml";
    private static final Pattern PROFILE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern PURPOSE_ID = Pattern.compile("[A-Z][A-Z0-9_]*");

    private final Path file;
    private final Map<String, PurposeOfUse> purposes;
    private final Map<String, ExtractProfile> profiles;
    private final Hierarchies hierarchies;
    private final Policy policy;
    private final OwnIdentifierSources ownIdentifierSources;
    private final Map<String, ExtractSchedule> schedules;

    private ExtractProfiles(
            Path file,
            Map<String, PurposeOfUse> purposes,
            Map<String, ExtractProfile> profiles,
            Hierarchies hierarchies,
            Policy policy,
            OwnIdentifierSources ownIdentifierSources,
            Map<String, ExtractSchedule> schedules) {
        this.ownIdentifierSources = ownIdentifierSources;
        this.schedules = java.util.Collections.unmodifiableMap(schedules);
        this.file = file;
        this.purposes = java.util.Collections.unmodifiableMap(purposes);
        this.profiles = java.util.Collections.unmodifiableMap(profiles);
        this.hierarchies = hierarchies;
        this.policy = policy;
    }

    public Path file() {
        return file;
    }

    public Map<String, PurposeOfUse> purposesOfUse() {
        return purposes;
    }

    /** Profiles by name, in file order. */
    public Map<String, ExtractProfile> profiles() {
        return profiles;
    }

    public Optional<ExtractProfile> profile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    public Hierarchies hierarchies() {
        return hierarchies;
    }

    /**
     * The profiles the nightly job makes, by name in file order, with when ({@code schedule:}); a profile
     * without a schedule is made on demand only.
     */
    public Map<String, ExtractSchedule> schedules() {
        return schedules;
    }

    public Policy policy() {
        return policy;
    }

    /** Where the second leak check reads each customer's own identifiers ({@code own_identifier_sources:}). */
    public OwnIdentifierSources ownIdentifierSources() {
        return ownIdentifierSources;
    }

    /**
     * Reads {@code extracts.yml} and {@code hierarchies/hierarchies.yml} from the config folder.
     *
     * @throws ConfigException naming file, line and field for the first mistake
     */
    public static ExtractProfiles load(Path configDir, Policy policy) {
        Hierarchies hierarchies = Hierarchies.load(configDir);
        Path file = configDir.resolve(FILE);
        YamlNode root =
                YamlNode.load(file).allowOnly("purposes_of_use", "defaults", "profiles", "own_identifier_sources");
        Set<String> consentPurposes = new HashSet<>();
        policy.purposes().forEach(p -> consentPurposes.add(p.id()));

        Map<String, PurposeOfUse> purposes = new LinkedHashMap<>();
        for (YamlNode item : root.required("purposes_of_use").list()) {
            item.allowOnly("id", "description", "section4", "product_rnd", "consents");
            YamlNode idNode = item.required("id");
            String id = idNode.string();
            if (!PURPOSE_ID.matcher(id).matches())
                throw idNode.error("purpose ids are UPPER_SNAKE_CASE, got '" + id + "'");
            if (purposes.containsKey(id)) throw idNode.error("duplicate purpose of use '" + id + "'");
            List<String> consents = new ArrayList<>();
            Optional<YamlNode> consentsNode = item.optional("consents");
            if (consentsNode.isPresent()) {
                List<YamlNode> nodes =
                        consentsNode.get().isList() ? consentsNode.get().list() : List.of(consentsNode.get());
                for (YamlNode c : nodes) {
                    if (!consentPurposes.contains(c.string())) {
                        throw c.error("unknown consent purpose '" + c.string() + "'; policy.yml has "
                                + new TreeSet<>(consentPurposes));
                    }
                    consents.add(c.string());
                }
            }
            purposes.put(
                    id,
                    new PurposeOfUse(
                            id,
                            item.string("description", ""),
                            item.optional("section4").map(YamlNode::bool).orElse(false),
                            item.optional("product_rnd").map(YamlNode::bool).orElse(false),
                            consents));
        }

        Map<Role, Transform> fileDefaults = new EnumMap<>(Role.class);
        for (Role role : Role.values()) fileDefaults.put(role, builtInDefault(role));
        root.optional("defaults").ifPresent(d -> fileDefaults.putAll(defaults(d, hierarchies)));

        Map<String, ExtractProfile> profiles = new LinkedHashMap<>();
        Map<String, ExtractSchedule> schedules = new LinkedHashMap<>();
        for (YamlNode item : root.required("profiles").list()) {
            ExtractProfile profile = profile(item, purposes, fileDefaults, hierarchies, consentPurposes, policy);
            if (profiles.containsKey(profile.name())) {
                throw item.required("name").error("duplicate profile '" + profile.name() + "'");
            }
            profiles.put(profile.name(), profile);
            item.optional("schedule").ifPresent(s -> schedules.put(profile.name(), ExtractSchedule.parse(s)));
        }
        OwnIdentifierSources sources = root.optional("own_identifier_sources")
                .map(ExtractProfiles::ownIdentifierSources)
                .orElse(OwnIdentifierSources.DEFAULT);
        return new ExtractProfiles(file, purposes, profiles, hierarchies, policy, sources, schedules);
    }

    private static final Pattern ENTITY_TYPE = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** {@code own_identifier_sources: {datasets: [...], columns: {DATASET: {COLUMN: TYPE | ignore}}}}. */
    private static OwnIdentifierSources ownIdentifierSources(YamlNode node) {
        node.allowOnly("datasets", "columns");
        List<String> datasets =
                node.optional("datasets").map(YamlNode::stringList).orElse(List.of());
        Map<String, Map<String, String>> columns = new LinkedHashMap<>();
        node.optional("columns")
                .ifPresent(c -> c.entries().forEach((dataset, cols) -> {
                    Map<String, String> types = new LinkedHashMap<>();
                    cols.entries().forEach((column, type) -> {
                        String t = type.string().trim();
                        if (!t.equals(OwnIdentifierSources.IGNORE)
                                && !ENTITY_TYPE.matcher(t).matches()) {
                            throw type.error(
                                    "expected an identifier type (PERSON_NAME, PHONE_NUMBER, EMAIL_ADDRESS, DATE_OF_BIRTH, ADDRESS, "
                                            + "POSTAL_CODE, MY_NUMBER, …) or 'ignore', got '" + t + "'");
                        }
                        types.put(column, t);
                    });
                    columns.put(dataset, types);
                }));
        return new OwnIdentifierSources(datasets, columns, Origin.of(node));
    }

    /** Fail closed when a file says nothing: only NON_PERSONAL is kept and FREE_TEXT scrubbed. */
    private static Transform builtInDefault(Role role) {
        return switch (role) {
            case NON_PERSONAL -> Transform.KEEP;
            case FREE_TEXT -> Transform.SCRUB_TEXT;
            default -> Transform.DROP;
        };
    }

    private static Map<Role, Transform> defaults(YamlNode node, Hierarchies hierarchies) {
        Map<Role, Transform> out = new EnumMap<>(Role.class);
        for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
            Role role = roleOf(e.getKey(), e.getValue());
            Transform t = transform(e.getValue(), hierarchies);
            String refusal = t.refusalFor(role);
            if (refusal != null) throw e.getValue().error("cannot be the default for " + role + ": " + refusal);
            out.put(role, t);
        }
        return out;
    }

    private static Role roleOf(String key, YamlNode where) {
        for (Role r : Role.values()) if (r.name().equalsIgnoreCase(key)) return r;
        throw where.error("unknown role '" + key + "'; expected one of " + java.util.Arrays.toString(Role.values()));
    }

    /** keep | drop | pseudonymize | scrub_text | {generalize: NAME} | "generalize:NAME". */
    static Transform transform(YamlNode node, Hierarchies hierarchies) {
        YamlNode hierarchyNode;
        if (node.isMap()) {
            node.allowOnly("generalize");
            hierarchyNode = node.required("generalize");
        } else {
            String text = node.string().trim();
            Optional<Transform> simple = Transform.parseSimple(text);
            if (simple.isPresent()) return simple.get();
            if (!text.startsWith("generalize:")) {
                throw node.error("unknown transform '" + text
                        + "'; expected keep, drop, pseudonymize, scrub_text or {generalize: HIERARCHY}");
            }
            String name = text.substring("generalize:".length()).trim();
            if (hierarchies.get(name).isEmpty()) throw node.error(unknownHierarchy(name, hierarchies));
            return new Transform.Generalize(name);
        }
        String name = hierarchyNode.string().trim();
        if (hierarchies.get(name).isEmpty()) throw hierarchyNode.error(unknownHierarchy(name, hierarchies));
        return new Transform.Generalize(name);
    }

    private static String unknownHierarchy(String name, Hierarchies hierarchies) {
        return "unknown hierarchy '" + name + "'; config/hierarchies/hierarchies.yml has "
                + new TreeSet<>(hierarchies.all().keySet());
    }

    private static ExtractProfile profile(
            YamlNode item,
            Map<String, PurposeOfUse> purposes,
            Map<Role, Transform> fileDefaults,
            Hierarchies hierarchies,
            Set<String> consentPurposes,
            Policy policy) {
        item.allowOnly(
                "name",
                "description",
                "recipient",
                "purpose",
                "key_id",
                "k",
                "max_suppression",
                "defaults",
                "datasets",
                "text",
                "own_identifiers",
                "regime",
                "schedule");
        YamlNode nameNode = item.required("name");
        String name = nameNode.string();
        if (!PROFILE_NAME.matcher(name).matches()) {
            throw nameNode.error("profile names are lower-case letters, digits, '-' and '_' (they name folders), got '"
                    + name + "'");
        }

        YamlNode recipientNode = item.required("recipient").allowOnly("name", "kind", "country");
        YamlNode kindNode = recipientNode.required("kind");
        RecipientKind kind = kindNode.enumValue(RecipientKind.class);
        String country = null;
        Optional<YamlNode> countryNode = recipientNode.optional("country");
        if (kind == RecipientKind.OVERSEAS_GROUP_COMPANY) {
            // APPI art. 28: the consent must have informed the customer about this very country
            YamlNode c = recipientNode.required("country");
            country = c.string().trim();
            if (!policy.overseasConsent().containsKey(country)) {
                throw c.error("country '" + country + "' is not in policy.yml overseas_consent (countries "
                        + new TreeSet<>(policy.overseasConsent().keySet()) + "): no consent document is known to have "
                        + "informed customers about it");
            }
        } else if (countryNode.isPresent()) {
            throw countryNode
                    .get()
                    .error("a country is named only for an OVERSEAS_GROUP_COMPANY recipient, not " + kind);
        }
        Recipient recipient = new Recipient(recipientNode.required("name").string(), kind, country);
        ProcessingStandard standard = ProcessingStandard.CONSENT;
        Optional<YamlNode> regimeNode = item.optional("regime");
        if (regimeNode.isPresent()) {
            standard = ProcessingStandard.fromConfig(regimeNode.get().string());
            if (standard == null) {
                throw regimeNode
                        .get()
                        .error("expected consent (personal data provided with consent), pseudonymized "
                                + "(仮名加工情報) or anonymized (匿名加工情報), got '"
                                + regimeNode.get().string() + "'");
            }
            if (standard == ProcessingStandard.PSEUDONYMIZED && recipient.outsideCompany()) {
                throw regimeNode
                        .get()
                        .error("仮名加工情報 (Enforcement Rules art. 31) is never provided to a third party "
                                + "(APPI art. 41(6)); a " + kind
                                + " recipient is outside the company: use consent or anonymized");
            }
        }

        YamlNode purposeNode = item.required("purpose");
        PurposeOfUse purpose = purposes.get(purposeNode.string());
        if (purpose == null) {
            throw purposeNode.error(
                    "unknown purpose of use '" + purposeNode.string() + "'; purposes_of_use has " + purposes.keySet());
        }
        if (!ConsentGate.purposeAllowed(recipient.kind(), purpose)) {
            throw purposeNode.error(recipient.kind() + " recipients receive data only for section-4 purposes; '"
                    + purpose.id() + "' is not marked section4");
        }
        for (String needed : ConsentGate.requiredConsents(recipient.kind(), purpose)) {
            if (!consentPurposes.contains(needed)) {
                throw kindNode.error(
                        recipient.kind() + " needs consent purpose " + needed + ", which policy.yml does not define");
            }
        }
        if (ConsentGate.sensitiveEligible(recipient.kind(), purpose)
                && !consentPurposes.contains(ConsentGate.SENSITIVE_RND)) {
            throw kindNode.error(
                    "機微情報 needs consent purpose " + ConsentGate.SENSITIVE_RND + ", which policy.yml does not define");
        }

        YamlNode kNode = item.required("k");
        int k = kNode.integer();
        if (k < 1) throw kNode.error("k must be at least 1 (1 means no k-anonymity)");
        double maxSuppression = ExtractProfile.DEFAULT_MAX_SUPPRESSION;
        Optional<YamlNode> suppressionNode = item.optional("max_suppression");
        if (suppressionNode.isPresent()) {
            maxSuppression = suppressionNode.get().number();
            if (!(maxSuppression >= 0 && maxSuppression <= 1)) {
                throw suppressionNode.get().error("max_suppression is a share of records between 0 and 1 (0.05 = 5 %)");
            }
        }

        Map<Role, Transform> defaults = new EnumMap<>(fileDefaults);
        item.optional("defaults").ifPresent(d -> defaults.putAll(defaults(d, hierarchies)));

        List<DatasetRequest> datasets = new ArrayList<>();
        boolean pseudonymizes = false;
        YamlNode datasetsNode = item.required("datasets");
        for (Map.Entry<String, YamlNode> e : datasetsNode.entries().entrySet()) {
            YamlNode d = e.getValue().allowOnly("columns", "quasi_identifiers", "linkable");
            List<ColumnRequest> columns = new ArrayList<>();
            for (Map.Entry<String, YamlNode> c : d.required("columns").entries().entrySet()) {
                Transform t = c.getValue().isNull() || "default".equals(scalarOrNull(c.getValue()))
                        ? null
                        : transform(c.getValue(), hierarchies);
                columns.add(new ColumnRequest(c.getKey(), t, Origin.of(c.getValue())));
            }
            if (columns.isEmpty()) throw d.required("columns").error("name at least one column");
            List<String> qis = List.of();
            Origin qiOrigin = new Origin(d.file(), d.line(), d.path() + ".quasi_identifiers");
            Optional<YamlNode> qiNode = d.optional("quasi_identifiers");
            if (qiNode.isPresent()) {
                qis = qiNode.get().stringList();
                qiOrigin = Origin.of(qiNode.get());
                if (new HashSet<>(qis).size() != qis.size())
                    throw qiNode.get().error("a quasi-identifier is listed twice");
            }
            boolean linkable = d.optional("linkable").map(YamlNode::bool).orElse(true);
            datasets.add(new DatasetRequest(e.getKey(), columns, qis, linkable, Origin.of(e.getValue()), qiOrigin));
        }
        if (datasets.isEmpty()) throw datasetsNode.error("name at least one dataset");

        Optional<YamlNode> keyNode = item.optional("key_id");
        String keyId = keyNode.map(YamlNode::string).orElse(null);
        if (keyId != null && !keyId.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw keyNode.get()
                    .error(
                            "key_id names an environment variable or key entry (letters, digits, '_', '.', '-'); never put the key itself here");
        }
        OwnIdentifierMode ownIdentifiers = OwnIdentifierMode.FAIL;
        Optional<YamlNode> ownNode = item.optional("own_identifiers");
        if (ownNode.isPresent()) {
            String mode = ownNode.get().string().trim();
            if (!mode.equals("fail") && !mode.equals("mask")) {
                throw ownNode.get()
                        .error(
                                "expected 'fail' (the default: a released cell holding its own customer's identifier fails "
                                        + "the extract) or 'mask' (replaced by a placeholder and counted), got '" + mode
                                        + "'");
            }
            ownIdentifiers = mode.equals("mask") ? OwnIdentifierMode.MASK : OwnIdentifierMode.FAIL;
        }
        ExtractProfile profile = new ExtractProfile(
                name,
                item.string("description", ""),
                recipient,
                purpose,
                keyId,
                k,
                maxSuppression,
                defaults,
                datasets,
                Origin.of(item),
                textMode(item, recipient),
                ownIdentifiers,
                standard);
        for (DatasetRequest d : datasets) {
            for (ColumnRequest c : d.columns()) {
                if (c.transform() instanceof Transform.Pseudonymize) {
                    pseudonymizes = true;
                    if (standard == ProcessingStandard.ANONYMIZED) {
                        throw c.origin()
                                .error("匿名加工情報 keeps no linking codes (Enforcement Rules art. 34(3)): "
                                        + "drop the column instead of pseudonymizing it");
                    }
                }
            }
        }
        if (defaults.containsValue(Transform.PSEUDONYMIZE)) {
            pseudonymizes = true;
            if (standard == ProcessingStandard.ANONYMIZED) {
                throw new ConfigException(
                        item.file(),
                        item.line(),
                        item.path() + ".defaults",
                        "匿名加工情報 keeps no linking codes (Enforcement Rules art. 34(3)): no role may default to pseudonymize");
            }
        }
        if (pseudonymizes && keyId == null) {
            throw new ConfigException(
                    item.file(),
                    item.line(),
                    item.path() + ".key_id",
                    "is required: the profile pseudonymizes, which needs the recipient's key");
        }
        return profile;
    }

    /** Numbers and dates, whose extremes can single a person out. */
    private static boolean unusualValuesPossible(String physicalType) {
        String t = physicalType == null ? "" : physicalType.toUpperCase(java.util.Locale.ROOT);
        return t.startsWith("INT")
                || t.startsWith("FLOAT")
                || t.startsWith("DOUBLE")
                || t.startsWith("DECIMAL")
                || t.startsWith("DATE")
                || t.startsWith("TIMESTAMP");
    }

    /** Whether a released column of a customer-linked dataset counts as a quasi-identifier ({@link #plan}). */
    private static boolean singlesOut(ExtractPlan.Column c) {
        if (c.transform() instanceof Transform.Pseudonymize || c.transform() instanceof Transform.ScrubText)
            return false;
        Role role = c.classification().role();
        if (role == Role.SENSITIVE) return false;
        return !(role == Role.NON_PERSONAL && c.classification().source() == DecisionSource.RULE);
    }

    /** {@code text: allowlist | blocklist}; free text leaves the company only by allowlist, the default. */
    private static TextMode textMode(YamlNode item, Recipient recipient) {
        Optional<YamlNode> node = item.optional("text");
        if (node.isEmpty()) return TextMode.ALLOWLIST;
        TextMode mode = node.get().enumValue(TextMode.class);
        if (mode == TextMode.BLOCKLIST && recipient.kind() != RecipientKind.INTERNAL) {
            throw node.get()
                    .error("free text goes to a " + recipient.kind() + " recipient only by allowlist; "
                            + "blocklist is an option for INTERNAL recipients");
        }
        return mode;
    }

    private static String textCaveat(TextMode mode) {
        return mode == TextMode.ALLOWLIST
                ? "released by allowlist: only dictionary vocabulary, domain terms, punctuation and non-identifying numbers stay, "
                        + "everything else becomes a typed placeholder (＜氏名＞, ＜未知語＞, ＜識別番号＞, ＜日付＞…)"
                : "personal data found by the detectors is replaced by placeholders; detectors can miss unusual spellings";
    }

    private static String scalarOrNull(YamlNode node) {
        return node.isMap() || node.isList() ? null : node.string().trim();
    }

    /** Checks every profile against the catalog; see {@link #plan}. */
    public Map<String, ExtractPlan> validate(Map<String, Map<String, ColumnClassification>> catalog) {
        Map<String, ExtractPlan> out = new LinkedHashMap<>();
        for (String name : profiles.keySet()) out.put(name, plan(name, catalog));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** {@link #plan(String, Map, Set)} with every dataset taken as linked to customers (the strict reading). */
    public ExtractPlan plan(String profileName, Map<String, Map<String, ColumnClassification>> catalog) {
        return plan(profileName, catalog, catalog.keySet());
    }

    /**
     * Checks one profile against the catalog (dataset → column → classification) and resolves every
     * column's transform. Refused, with a {@link ConfigException} naming the field: an unknown dataset
     * or column; a transform the column's role may not take ({@link Transform#refusalFor}: above all
     * KEEP on DIRECT_IDENTIFIER, FREE_TEXT or UNKNOWN); KEEP to a recipient outside the company on a
     * column no compliance officer's rule classified (a name hint or detection is not enough to hand a
     * value over as it is); a quasi-identifier that is not released. SENSITIVE columns for a recipient
     * or purpose that may never receive 機微情報 are dropped with a caveat.
     *
     * <p>Quasi-identifiers: in a dataset linked to customers, every released column that can single a
     * person out is one — any kept or generalized date, amount, code or category — except pseudonyms,
     * scrubbed text, the SENSITIVE attributes the release exists to share, and columns a rule (not a
     * hint) classified NON_PERSONAL. The profile's {@code quasi_identifiers} add to these.
     *
     * @param customerLinked datasets the catalog links to customers
     */
    public ExtractPlan plan(
            String profileName, Map<String, Map<String, ColumnClassification>> catalog, Set<String> customerLinked) {
        ExtractProfile profile = profile(profileName)
                .orElseThrow(() -> new ConfigException(
                        file, 0, "profiles", "unknown profile '" + profileName + "'; known: " + profiles.keySet()));
        boolean sensitiveEligible =
                ConsentGate.sensitiveEligible(profile.recipient().kind(), profile.purpose());
        List<ExtractPlan.Dataset> datasets = new ArrayList<>();
        for (DatasetRequest request : profile.datasets()) {
            Map<String, ColumnClassification> columns = catalog.get(request.dataset());
            if (columns == null) {
                throw request.origin()
                        .error("unknown dataset '" + request.dataset() + "'; the catalog has "
                                + new TreeSet<>(catalog.keySet()));
            }
            List<ExtractPlan.Column> planned = new ArrayList<>();
            Set<String> released = new HashSet<>();
            for (ColumnRequest c : request.columns()) {
                ColumnClassification classification = columns.get(c.column());
                if (classification == null) {
                    throw c.origin()
                            .error("unknown column '" + c.column() + "' in dataset '" + request.dataset() + "'");
                }
                Role role = classification.role();
                Transform t = profile.transformFor(c, role);
                String refusal = t.refusalFor(role);
                if (refusal != null) {
                    throw c.origin()
                            .error(refusal
                                    + (c.transform() == null ? " (this is the profile's default for " + role + ")" : "")
                                    + "; the profile is refused");
                }
                String caveat = null;
                boolean gated = false;
                if (role == Role.SENSITIVE && !(t instanceof Transform.Drop)) {
                    if (!sensitiveEligible) {
                        t = Transform.DROP;
                        caveat = "dropped: 機微情報 goes only to INTERNAL or GROUP_INSURER recipients for product R&D ("
                                + profile.recipient().kind() + ", "
                                + profile.purpose().id() + ")";
                    } else {
                        gated = true;
                        caveat = "機微情報: null where the customer has not granted " + ConsentGate.SENSITIVE_RND;
                    }
                } else if (t instanceof Transform.ScrubText && classification.sensitiveKind() != null) {
                    // Free text about a 機微 topic (claims): 機微情報 as a column, not scrubbed word by word.
                    if (!sensitiveEligible) {
                        t = Transform.DROP;
                        caveat = "dropped: free text about a 機微 topic (" + classification.sensitiveKind()
                                + ") goes only to INTERNAL " + "or GROUP_INSURER recipients for product R&D";
                    } else {
                        gated = true;
                        caveat = "free text about a 機微 topic (" + classification.sensitiveKind()
                                + "): null where the customer " + "has not granted " + ConsentGate.SENSITIVE_RND
                                + "; elsewhere " + textCaveat(profile.textMode());
                    }
                } else if (t instanceof Transform.ScrubText && profile.textMode() == TextMode.ALLOWLIST) {
                    caveat = textCaveat(TextMode.ALLOWLIST) + "; sentences with 機微情報 become ＜機微情報＞"
                            + (sensitiveEligible ? " unless " + ConsentGate.SENSITIVE_RND + " is granted" : "");
                } else if (t instanceof Transform.ScrubText) {
                    caveat = sensitiveEligible
                            ? "personal data found by the detectors is replaced by placeholders (＜氏名＞, ＜電話番号＞…); "
                                    + "機微情報 mentions stay only where " + ConsentGate.SENSITIVE_RND
                                    + " is granted; detectors can miss unusual spellings"
                            : "personal data found by the detectors is replaced by placeholders (＜氏名＞, ＜電話番号＞…) and 機微情報 "
                                    + "by ＜機微情報＞; detectors can miss unusual spellings";
                } else if (t instanceof Transform.Pseudonymize) {
                    caveat = request.linkable()
                            ? "joins across the linkable datasets of this extract; not linkable to other recipients' extracts"
                            : "a key of this dataset's own: does not join to the other datasets of this extract";
                } else if (t instanceof Transform.Generalize g) {
                    caveat = "values the hierarchy cannot read are null";
                }
                if (t instanceof Transform.Keep
                        && profile.recipient().kind() != RecipientKind.INTERNAL
                        && classification.source() != DecisionSource.RULE) {
                    throw c.origin()
                            .error("keep to a " + profile.recipient().kind()
                                    + " recipient needs a compliance officer's rule for '"
                                    + request.dataset() + "." + c.column()
                                    + "' under `columns:` in config/classification.yml (it is "
                                    + role + " by " + classification.source()
                                    + ", not by a rule); the profile is refused");
                }
                if (profile.processingStandard() == ProcessingStandard.ANONYMIZED
                        && t instanceof Transform.Keep
                        && unusualValuesPossible(classification.physicalType())) {
                    // Enforcement Rules art. 34(4): unusual values are removed or coded; the BANDS and AGE_BAND
                    // hierarchies end open ("<first", "last+", "85+"), which is top/bottom coding
                    throw c.origin()
                            .error(
                                    "匿名加工情報 top/bottom-codes unusual values (Enforcement Rules art. 34(4)): '"
                                            + request.dataset() + "." + c.column() + "' is "
                                            + classification.physicalType()
                                            + "; release it through a BANDS or AGE_BAND hierarchy ({generalize: NAME}) or drop it");
                }
                if (!(t instanceof Transform.Drop)) released.add(c.column());
                planned.add(
                        new ExtractPlan.Column(c.column(), classification, t, c.transform() == null, gated, caveat));
            }
            for (String qi : request.quasiIdentifiers()) {
                if (!released.contains(qi)) {
                    throw request.quasiIdentifiersOrigin()
                            .error("quasi-identifier '" + qi + "' is not a released column of dataset '"
                                    + request.dataset() + "'");
                }
            }
            boolean linked = customerLinked.contains(request.dataset());
            List<String> qis = new ArrayList<>();
            for (ExtractPlan.Column c : planned) {
                if (!released.contains(c.name())) continue;
                if (request.quasiIdentifiers().contains(c.name()) || (linked && singlesOut(c))) qis.add(c.name());
            }
            datasets.add(new ExtractPlan.Dataset(request.dataset(), planned, qis, request.linkable()));
        }
        return new ExtractPlan(profile, datasets);
    }
}
