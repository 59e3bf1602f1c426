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
import jp.insurer.governance.policy.config.Located;
import jp.insurer.governance.policy.config.Origin;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.config.YamlNode;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.TextMode;
import jp.insurer.governance.policy.transform.Transform;

/**
 * The research-extract profiles of {@code config/extracts.yml}. {@link #load} checks everything the
 * file and the policy can tell (shapes, purposes, recipient kinds, role defaults, hierarchies, keys);
 * {@link #plan} then checks a profile against the catalog, so that the job refuses to start (exit 2)
 * before a single row is read. Every error names file, line and field. Each profile is first parsed
 * into an {@link ExtractProfileSpec} (the file's shape), then checked by the rules here.
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
        root.optional("defaults")
                .ifPresent(d -> fileDefaults.putAll(defaults(ExtractProfileSpec.defaults(d), hierarchies)));

        Map<String, ExtractProfile> profiles = new LinkedHashMap<>();
        Map<String, ExtractSchedule> schedules = new LinkedHashMap<>();
        for (YamlNode item : root.required("profiles").list()) {
            ExtractProfileSpec spec = ExtractProfileSpec.parse(item);
            ExtractProfile profile = profile(spec, purposes, fileDefaults, hierarchies, consentPurposes, policy);
            if (profiles.containsKey(profile.name())) {
                throw spec.name().error("duplicate profile '" + profile.name() + "'");
            }
            profiles.put(profile.name(), profile);
            if (spec.schedule().isPresent())
                schedules.put(profile.name(), spec.schedule().value());
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

    private static Map<Role, Transform> defaults(List<ExtractProfileSpec.RoleDefault> spec, Hierarchies hierarchies) {
        Map<Role, Transform> out = new EnumMap<>(Role.class);
        for (ExtractProfileSpec.RoleDefault d : spec) {
            Transform t = transform(d.transform(), hierarchies);
            String refusal = t.refusalFor(d.role());
            if (refusal != null)
                throw d.transform().origin().error("cannot be the default for " + d.role() + ": " + refusal);
            out.put(d.role(), t);
        }
        return out;
    }

    /** The transform, once a generalization's hierarchy is known to {@code hierarchies.yml}. */
    private static Transform transform(ExtractProfileSpec.TransformSpec spec, Hierarchies hierarchies) {
        if (spec.transform() instanceof Transform.Generalize g
                && hierarchies.get(g.hierarchy()).isEmpty()) {
            throw spec.hierarchyOrigin().error(unknownHierarchy(g.hierarchy(), hierarchies));
        }
        return spec.transform();
    }

    private static String unknownHierarchy(String name, Hierarchies hierarchies) {
        return "unknown hierarchy '" + name + "'; config/hierarchies/hierarchies.yml has "
                + new TreeSet<>(hierarchies.all().keySet());
    }

    /** Checks the rules of one parsed profile and builds it; every error names file, line and field. */
    private static ExtractProfile profile(
            ExtractProfileSpec item,
            Map<String, PurposeOfUse> purposes,
            Map<Role, Transform> fileDefaults,
            Hierarchies hierarchies,
            Set<String> consentPurposes,
            Policy policy) {
        String name = item.name().required();
        if (!PROFILE_NAME.matcher(name).matches()) {
            throw item.name()
                    .error("profile names are lower-case letters, digits, '-' and '_' (they name folders), got '" + name
                            + "'");
        }

        ExtractProfileSpec.RecipientSpec recipientSpec = item.recipient().required();
        RecipientKind kind = recipientSpec.kind().required();
        String country = null;
        if (kind == RecipientKind.OVERSEAS_GROUP_COMPANY) {
            // APPI art. 28: the consent must have informed the customer about this very country
            country = recipientSpec.country().required();
            if (!policy.overseasConsent().containsKey(country)) {
                throw recipientSpec
                        .country()
                        .error("country '" + country + "' is not in policy.yml overseas_consent (countries "
                                + new TreeSet<>(policy.overseasConsent().keySet())
                                + "): no consent document is known to have "
                                + "informed customers about it");
            }
        } else if (recipientSpec.country().isPresent()) {
            throw recipientSpec
                    .country()
                    .error("a country is named only for an OVERSEAS_GROUP_COMPANY recipient, not " + kind);
        }
        Recipient recipient = new Recipient(recipientSpec.name().required(), kind, country);
        ProcessingStandard standard = item.regime().orElse(ProcessingStandard.CONSENT);
        if (standard == ProcessingStandard.PSEUDONYMIZED && recipient.outsideCompany()) {
            throw item.regime()
                    .error("仮名加工情報 (Enforcement Rules art. 31) is never provided to a third party "
                            + "(APPI art. 41(6)); a " + kind
                            + " recipient is outside the company: use consent or anonymized");
        }

        Located<String> purposeNode = item.purpose();
        PurposeOfUse purpose = purposes.get(purposeNode.required());
        if (purpose == null) {
            throw purposeNode.error(
                    "unknown purpose of use '" + purposeNode.value() + "'; purposes_of_use has " + purposes.keySet());
        }
        if (!ConsentGate.purposeAllowed(recipient.kind(), purpose)) {
            throw purposeNode.error(recipient.kind() + " recipients receive data only for section-4 purposes; '"
                    + purpose.id() + "' is not marked section4");
        }
        for (String needed : ConsentGate.requiredConsents(recipient.kind(), purpose)) {
            if (!consentPurposes.contains(needed)) {
                throw recipientSpec
                        .kind()
                        .error(recipient.kind() + " needs consent purpose " + needed
                                + ", which policy.yml does not define");
            }
        }
        if (ConsentGate.sensitiveEligible(recipient.kind(), purpose)
                && !consentPurposes.contains(ConsentGate.SENSITIVE_RND)) {
            throw recipientSpec
                    .kind()
                    .error("機微情報 needs consent purpose " + ConsentGate.SENSITIVE_RND
                            + ", which policy.yml does not define");
        }

        int k = item.k().required();
        if (k < 1) throw item.k().error("k must be at least 1 (1 means no k-anonymity)");
        double maxSuppression = item.maxSuppression().orElse(ExtractProfile.DEFAULT_MAX_SUPPRESSION);
        if (!(maxSuppression >= 0 && maxSuppression <= 1)) {
            throw item.maxSuppression().error("max_suppression is a share of records between 0 and 1 (0.05 = 5 %)");
        }

        Map<Role, Transform> defaults = new EnumMap<>(fileDefaults);
        defaults.putAll(defaults(item.defaults(), hierarchies));

        List<DatasetRequest> datasets = new ArrayList<>();
        boolean pseudonymizes = false;
        for (ExtractProfileSpec.DatasetSpec d : item.datasets().required()) {
            List<ColumnRequest> columns = new ArrayList<>();
            for (ExtractProfileSpec.ColumnSpec c : d.columns().required()) {
                Transform t = c.transform() == null ? null : transform(c.transform(), hierarchies);
                columns.add(new ColumnRequest(c.column(), t, c.origin()));
            }
            if (columns.isEmpty()) throw d.columns().error("name at least one column");
            List<String> qis = d.quasiIdentifiers().orElse(List.of());
            if (new HashSet<>(qis).size() != qis.size())
                throw d.quasiIdentifiers().error("a quasi-identifier is listed twice");
            datasets.add(new DatasetRequest(
                    d.dataset(),
                    columns,
                    qis,
                    d.linkable().orElse(true),
                    d.origin(),
                    d.quasiIdentifiers().origin()));
        }
        if (datasets.isEmpty()) throw item.datasets().error("name at least one dataset");

        String keyId = item.keyId().value();
        if (keyId != null && !keyId.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw item.keyId()
                    .error(
                            "key_id names an environment variable or key entry (letters, digits, '_', '.', '-'); never put the key itself here");
        }
        OwnIdentifierMode ownIdentifiers = item.ownIdentifiers().orElse(OwnIdentifierMode.FAIL);
        ExtractProfile profile = new ExtractProfile(
                name,
                item.description(),
                recipient,
                purpose,
                keyId,
                k,
                maxSuppression,
                defaults,
                datasets,
                item.origin(),
                textMode(item.text(), recipient),
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
                        item.origin().file(),
                        item.origin().line(),
                        item.origin().field() + ".defaults",
                        "匿名加工情報 keeps no linking codes (Enforcement Rules art. 34(3)): no role may default to pseudonymize");
            }
        }
        if (pseudonymizes && keyId == null) {
            throw item.keyId().error("is required: the profile pseudonymizes, which needs the recipient's key");
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
    private static TextMode textMode(Located<TextMode> text, Recipient recipient) {
        TextMode mode = text.orElse(TextMode.ALLOWLIST);
        if (mode == TextMode.BLOCKLIST && recipient.kind() != RecipientKind.INTERNAL) {
            throw text.error("free text goes to a " + recipient.kind() + " recipient only by allowlist; "
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
