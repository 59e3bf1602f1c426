package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.ColumnType;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import jp.insurer.governance.policy.anonymity.KAnonymity;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.consent.ConsentState;
import jp.insurer.governance.policy.consent.CustomerKey;
import jp.insurer.governance.policy.detect.TextScanner;
import jp.insurer.governance.policy.extract.ConsentGate;
import jp.insurer.governance.policy.extract.DatasetTransformer;
import jp.insurer.governance.policy.extract.ExtractManifest;
import jp.insurer.governance.policy.extract.ExtractPlan;
import jp.insurer.governance.policy.extract.LeakCheck;
import jp.insurer.governance.policy.extract.OwnIdentifierCheck;
import jp.insurer.governance.policy.extract.OwnIdentifierIndex;
import jp.insurer.governance.policy.extract.PersonLattice;
import jp.insurer.governance.policy.extract.RecordVerdict;
import jp.insurer.governance.policy.hash.Sha256;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.Pseudonymizer;
import jp.insurer.governance.policy.transform.TextScrubber;
import jp.insurer.governance.policy.transform.Transform;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One profile's extract, a slice of files at a time (the steps of {@link ExtractSteps} call it):
 * <ol>
 *   <li>pass 1 ({@link #count}), per link group (the datasets joined by one pseudonym key): the consent gate,
 *       then every released person's signature at every generalization level at once ({@link PersonLattice};
 *       memory grows with the people and the levels, not the rows). Slices' counts add up; over all of them the
 *       least generalized level within the profile's suppression limit is chosen;</li>
 *   <li>pass 2 ({@link #release}): the gate again, every released column transformed at that level, the
 *       own-identifier check and the leak check on every released value, the rows of people still in a group
 *       smaller than k suppressed, the rest written to {@code DATASET/part-SLICE.parquet} with the extract id
 *       and policy in the footer;</li>
 *   <li>{@link #manifest}: the slices' results merged, record keys judged over all of them.</li>
 * </ol>
 * Rows are read on the calling thread in file and row order; the work in between (gate, HMAC,
 * generalization, scrubbing, leak check) runs on {@code threads} threads, one batch of rows each, and
 * one more thread writes the batches in the order they were read — so a rerun writes the same bytes
 * whatever the number of threads. Nothing here decides what is allowed: that is the policy
 * core's plan, gate and transforms.
 */
final class ProfileExtraction {

    private static final org.apache.commons.logging.Log log =
            org.apache.commons.logging.LogFactory.getLog(ProfileExtraction.class);

    /** Rows handed to a worker at a time: large enough to amortize the hand-off, small enough to bound memory. */
    private static final int BATCH = 1024;

    private final ExtractPlan plan;
    private final Policy policy;
    private final Hierarchies hierarchies;
    private final Pseudonymizer pseudonymizer;
    private final TextScanner scanner;
    private final TextScrubber scrubber;
    private final ConsentGate gate;
    /** Policy purposes in policy order (the gate's indexes). */
    private final int purposeCount;
    /** The tag columns the gate reads (its required consents, SENSITIVE_RND when eligible) and their policy index. */
    private final List<String> consentColumns;

    private final int[] consentIndex;
    private final LocalDate date;
    private final ZoneId zone;
    private final Configuration conf;
    private final int threads;
    private final Map<String, String> customerKeys;
    private final CustomerKey customerKeyNormalizer;
    /** Reads every customer's own identifiers for the second leak check; null: not checked. */
    private final OwnIdentifierLoader ownIdentifiers;

    /**
     * @param customerKeys   dataset → its customer key column (the catalog's): k-anonymity counts people by it,
     *                       the own-identifier check finds each row's customer by it
     * @param ownIdentifiers the index source of the second leak check (own identifiers of each row's customer)
     */
    ProfileExtraction(
            ExtractPlan plan,
            Policy policy,
            Hierarchies hierarchies,
            Pseudonymizer pseudonymizer,
            TextScanner scanner,
            TextScrubber scrubber,
            LocalDate date,
            ZoneId zone,
            Configuration conf,
            int threads,
            Map<String, String> customerKeys,
            OwnIdentifierLoader ownIdentifiers) {
        this.ownIdentifiers = ownIdentifiers;
        this.plan = plan;
        this.policy = policy;
        this.hierarchies = hierarchies;
        this.pseudonymizer = pseudonymizer;
        this.scanner = scanner;
        this.scrubber = scrubber;
        List<String> purposes =
                policy.purposes().stream().map(ConsentPurpose::id).toList();
        this.gate = ConsentGate.forProfile(plan.profile(), purposes);
        this.purposeCount = purposes.size();
        List<String> read = new ArrayList<>(gate.requiredConsents());
        if (gate.sensitiveEligible()) read.add(ConsentGate.SENSITIVE_RND);
        this.consentColumns = read.stream()
                .distinct()
                .map(p -> "_consent_" + p.toLowerCase(Locale.ROOT))
                .toList();
        this.consentIndex = read.stream().distinct().mapToInt(purposes::indexOf).toArray();
        this.date = date;
        this.zone = zone;
        this.conf = conf;
        this.threads = threads;
        this.customerKeys = Map.copyOf(customerKeys);
        this.customerKeyNormalizer = policy.customerKeys();
    }

    /** The ledger behind an overseas release and the document versions informing about its country; null otherwise. */
    private ConsentEvidence overseasEvidence;

    private Set<String> informingVersions;

    /**
     * APPI art. 28: a record goes to an overseas recipient only when its customer's GROUP_SHARING
     * consent was given under one of {@code versions} (policy.yml {@code overseas_consent:}).
     */
    ProfileExtraction overseas(ConsentEvidence evidence, Set<String> versions) {
        this.overseasEvidence = evidence;
        this.informingVersions = Set.copyOf(versions);
        return this;
    }

    /** How often {@link #run} logs rows read, rows/s and ETA; null: silent. */
    private java.time.Duration progressEvery;

    private jp.insurer.governance.batch.support.Progress progress = jp.insurer.governance.batch.support.Progress.NONE;

    ProfileExtraction progressEvery(java.time.Duration every) {
        this.progressEvery = every;
        return this;
    }

    /** The gate's verdict, then for an overseas release the country's informed consent. */
    private RecordVerdict verdict(ConsentState[] states, Object[] row, int owner) {
        RecordVerdict v = gate.decide(states);
        if (!v.included() || overseasEvidence == null) return v;
        return overseasEvidence.overseasVerdict(customerKey(row, owner), informingVersions);
    }

    /** An extract whose released values hold data of a type their column may not hold. */
    static final class LeakException extends IllegalStateException {
        LeakException(String message) {
            super(message);
        }
    }

    /** One released Parquet file of a slice: {@code DATASET/part-SSSSS.parquet}. */
    record Part(String dataset, String path, String sha256, long rows) {}

    /**
     * What one slice's pass 2 released and counted, merged with the other slices' when the profile is published.
     *
     * @param excluded   rows left out, by verdict and by k-anonymity ({@link ExtractManifest#K_ANONYMITY}...)
     * @param recordKeys per dataset, what the record-key check knows of its kept columns (judged over every slice)
     * @param leaks      what the slice's leak and own-identifier checks found, as the refusal names it (no value)
     */
    record SliceResult(
            int slice,
            List<Part> parts,
            Map<String, Long> excluded,
            Map<String, LeakCheck.RecordKeys> recordKeys,
            List<ExtractManifest.Masked> masked,
            List<String> leaks) {

        /** Whether the leak check found anything in this slice (its parts are then not written). */
        boolean leaked() {
            return !leaks.isEmpty();
        }
    }

    private static String leakText(String dataset, LeakCheck.Leak leak) {
        return " dataset '" + dataset + "' column '" + leak.column() + "' holds " + leak.type()
                + (LeakCheck.RECORD_KEY.equals(leak.type())
                        ? " (nearly every value belongs to one customer or record)"
                        : "")
                + ";";
    }

    /** The file name of a slice's part of a dataset: the slice number, so that parts sort in slice order. */
    static String partName(int slice) {
        return String.format(Locale.ROOT, "part-%05d.parquet", slice);
    }

    /**
     * Pass 1 of one slice for a judged link group: every released person's signature at every lattice node,
     * added to {@code counts} (which the caller seals and the choose step merges with the other slices').
     *
     * @param sources per dataset of the group, this slice's files (possibly none)
     */
    void count(int group, PersonLattice lattice, List<List<DatasetFile>> sources, PersonLattice.Counts counts)
            throws IOException {
        withPool(
                "extract " + plan.profile().name() + " (counting)",
                sources.stream().flatMap(List::stream),
                pool -> {
                    countInto(lattice, sources, pool, counts);
                    return null;
                });
        if (counts.spills() > 0) {
            log.info("extract " + plan.profile().name() + ": the k state of link group " + group
                    + " went beyond governance.extract.k-memory-mb and was spilled to local disk " + counts.spills()
                    + " times");
        }
    }

    /**
     * Pass 2 of one slice: writes this slice's part of every dataset it has files of into {@code staging}.
     *
     * @param sources per link group, per dataset of the group, this slice's files
     * @param schemaSources dataset → its first governed file (of any slice), whose schema every part takes
     * @param choices per judged link group, the choice made over every slice's counts
     * @param customers receives the normalized key of every customer with a released row
     * @throws LeakException naming dataset, column and type (never a value) when the leak check finds anything
     */
    SliceResult release(
            int slice,
            List<List<List<DatasetFile>>> sources,
            java.util.function.Function<String, DatasetFile> schemaSources,
            Map<Integer, PersonLattice.Choice> choices,
            Path governed,
            Path staging,
            String extractId,
            java.util.function.Consumer<String> customers)
            throws IOException {
        FileSystem fs = jp.insurer.governance.parquet.FileSystems.get(staging, conf);
        Map<String, Long> excluded = new LinkedHashMap<>();
        for (RecordVerdict v : RecordVerdict.values()) if (!v.included()) excluded.put(v.name(), 0L);
        excluded.put(ExtractManifest.K_ANONYMITY, 0L);
        excluded.put(ExtractManifest.K_ANONYMITY_CUSTOMER, 0L);
        List<Part> parts = new ArrayList<>();
        Map<String, LeakCheck.RecordKeys> recordKeys = new LinkedHashMap<>();
        OwnIdentifierIndex ownIndex = ownIdentifiers == null ? null : ownIdentifiers.load(governed);
        List<ExtractManifest.Masked> ownMasked = new ArrayList<>();
        List<String> leakFound = new ArrayList<>();
        List<List<ExtractPlan.Dataset>> groups = linkGroups();
        try {
            withPool(
                    "extract " + plan.profile().name() + " (releasing)",
                    sources.stream().flatMap(List::stream).flatMap(List::stream),
                    pool -> {
                        for (int g = 0; g < groups.size(); g++) {
                            List<ExtractPlan.Dataset> group = groups.get(g);
                            PersonLattice lattice = PersonLattice.of(group, hierarchies);
                            PersonLattice.Choice choice = choices.get(g);
                            Pseudonymizer keyed = pseudonymizer == null
                                            || group.get(0).linkable()
                                    ? pseudonymizer
                                    : pseudonymizer.forDataset(group.get(0).name());
                            for (int d = 0; d < group.size(); d++) {
                                List<DatasetFile> files = sources.get(g).get(d);
                                if (files.isEmpty()) continue;
                                ExtractPlan.Dataset released =
                                        choice == null ? group.get(d) : lattice.planAt(choice.node(), d);
                                String relative = released.name() + "/" + partName(slice);
                                LeakCheck leaks = LeakCheck.forDataset(scanner, released, gate.sensitiveEligible());
                                long rows = release(
                                        released,
                                        d,
                                        lattice,
                                        choice,
                                        files,
                                        schemaSources.apply(released.name()),
                                        keyed,
                                        new Path(staging, relative),
                                        extractId,
                                        excluded,
                                        pool,
                                        leaks,
                                        ownIndex,
                                        ownMasked,
                                        customers,
                                        leakFound);
                                recordKeys.put(released.name(), leaks.recordKeys(slice));
                                if (!leakFound.isEmpty()) return null; // the slice stops at its first leaking dataset
                                parts.add(new Part(
                                        released.name(), relative, sha256(fs, new Path(staging, relative)), rows));
                            }
                        }
                        return null;
                    });
        } finally {
            if (ownIndex != null)
                ownIdentifiers.release(ownIndex); // the index's files outlive the slice only while held
        }
        return new SliceResult(slice, parts, excluded, recordKeys, ownMasked, leakFound);
    }

    /**
     * The profile's manifest from every slice's result and every judged group's choice. Record keys are judged
     * here, over the rows of all slices, as one leak check over the whole dataset would judge them.
     *
     * @throws LeakException naming dataset and column when a kept column is a key back to its people
     */
    ExtractManifest manifest(
            String extractId,
            List<SliceResult> slices,
            Map<Integer, PersonLattice.Choice.Saved> choices,
            String keyFingerprint) {
        List<List<ExtractPlan.Dataset>> groups = linkGroups();
        // Every slice's findings, each column once, then the record keys judged over the slices' rows.
        java.util.Set<String> found = new java.util.LinkedHashSet<>();
        java.util.Set<String> columns = new java.util.HashSet<>();
        boolean own = false;
        for (SliceResult s : slices) {
            for (String leak : s.leaks()) {
                // a column's first leak of a type, as one check over every row reports it; own identifiers each
                boolean ownIdentifier = leak.contains("holds its customer's own");
                own |= ownIdentifier;
                if (ownIdentifier || columns.add(leak.substring(0, leak.indexOf("' holds")))) found.add(leak);
            }
        }
        for (List<ExtractPlan.Dataset> group : groups) {
            for (ExtractPlan.Dataset d : group) {
                List<LeakCheck.RecordKeys> parts = slices.stream()
                        .map(s -> s.recordKeys().get(d.name()))
                        .filter(java.util.Objects::nonNull)
                        .toList();
                for (LeakCheck.Leak leak : LeakCheck.recordKeyLeaks(parts)) {
                    String text = leakText(d.name(), leak);
                    if (columns.add(text.substring(0, text.indexOf("' holds")))) found.add(text);
                }
            }
        }
        if (!found.isEmpty()) {
            throw new LeakException("leak check failed for extract " + extractId + ", nothing was published:"
                    + String.join("", found)
                    + (own
                            ? " fix the profile's transform for these columns, or set 'own_identifiers: mask' for the"
                                    + " profile"
                            : " fix the profile's transform for these columns"));
        }
        Map<String, Long> excluded = new LinkedHashMap<>();
        Map<String, ExtractManifest.Masked> masked = new LinkedHashMap<>();
        for (SliceResult s : slices) {
            s.excluded().forEach((k, v) -> excluded.merge(k, v, Long::sum));
            for (ExtractManifest.Masked m : s.masked()) {
                masked.merge(
                        m.dataset() + "\t" + m.column() + "\t" + m.type(),
                        m,
                        (a, b) -> new ExtractManifest.Masked(a.dataset(), a.column(), a.type(), a.spans() + b.spans()));
            }
        }
        List<KAnonymity.Judgement> judgements = new ArrayList<>();
        List<ExtractManifest.LinkGroup> linkGroups = new ArrayList<>();
        List<ExtractManifest.File> files = new ArrayList<>();
        List<String> order =
                plan.datasets().stream().map(ExtractPlan.Dataset::name).toList();
        for (int g = 0; g < groups.size(); g++) {
            List<ExtractPlan.Dataset> group = groups.get(g);
            PersonLattice lattice = PersonLattice.of(group, hierarchies);
            PersonLattice.Choice.Saved choice = choices.get(g);
            if (choice != null) {
                var j = choice.judgement();
                judgements.add(j);
                linkGroups.add(new ExtractManifest.LinkGroup(
                        group.stream().map(ExtractPlan.Dataset::name).toList(),
                        group.get(0).linkable(),
                        j.records(),
                        j.suppressedRecords(),
                        j.releasedClasses(),
                        j.kAchieved()));
            }
            for (int d = 0; d < group.size(); d++) {
                ExtractPlan.Dataset released = choice == null ? group.get(d) : lattice.planAt(choice.node(), d);
                Map<String, String> generalization = choice == null ? Map.of() : lattice.describe(choice.node(), d);
                for (SliceResult s : slices) {
                    for (Part part : s.parts()) {
                        if (!part.dataset().equals(released.name())) continue;
                        files.add(new ExtractManifest.File(
                                part.path(), part.sha256(), part.rows(), released.quasiIdentifiers(), generalization));
                    }
                }
            }
        }
        files.sort(Comparator.<ExtractManifest.File>comparingInt(
                        f -> order.indexOf(f.path().substring(0, f.path().indexOf('/'))))
                .thenComparing(ExtractManifest.File::path));
        var profile = plan.profile();
        ExtractManifest.Risk combined = ExtractManifest.Risk.combine(judgements);
        ExtractManifest.Risk risk = judgements.isEmpty()
                ? ExtractManifest.Risk.NONE
                : new ExtractManifest.Risk(
                        combined.prosecutorMax(),
                        combined.prosecutorAverage(),
                        excluded.get(ExtractManifest.K_ANONYMITY) + excluded.get(ExtractManifest.K_ANONYMITY_CUSTOMER));
        return new ExtractManifest(
                        extractId,
                        profile.name(),
                        profile.recipient(),
                        profile.purpose().id(),
                        date,
                        policy.version(),
                        policy.sha256(),
                        profile.k(),
                        ExtractManifest.kAchieved(judgements),
                        risk,
                        excluded,
                        files,
                        linkGroups,
                        keyFingerprint)
                .withOwnIdentifiers(
                        ownIdentifiers == null
                                ? null
                                : new ExtractManifest.OwnIdentifiers(
                                        profile.ownIdentifiers(), List.copyOf(masked.values())));
    }

    @FunctionalInterface
    private interface PoolWork {
        Object run(ExecutorService pool) throws IOException;
    }

    /** Runs {@code work} with this profile's transform threads, logging progress over {@code files}' rows. */
    private void withPool(String what, java.util.stream.Stream<DatasetFile> files, PoolWork work) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(
                    jp.insurer.governance.batch.support.JobLogContext.carry(r),
                    "extract-" + plan.profile().name()); // with the run's MDC
            t.setDaemon(true);
            return t;
        });
        if (progressEvery != null) {
            progress = jp.insurer.governance.batch.support.Progress.start(
                    what,
                    rowsOf(files.toList()),
                    progressEvery,
                    jp.insurer.governance.batch.support.Progress.terminal());
        }
        try {
            work.run(pool);
        } finally {
            pool.shutdownNow();
            progress.close();
            progress = jp.insurer.governance.batch.support.Progress.NONE;
        }
    }

    /**
     * The profile's datasets as groups judged together per person: every linkable dataset in one group
     * (they share the pseudonym key), each {@code linkable: false} dataset alone.
     */
    List<List<ExtractPlan.Dataset>> linkGroups() {
        List<List<ExtractPlan.Dataset>> out = new ArrayList<>();
        List<ExtractPlan.Dataset> linked =
                plan.datasets().stream().filter(ExtractPlan.Dataset::linkable).toList();
        if (!linked.isEmpty()) out.add(linked);
        plan.datasets().stream().filter(d -> !d.linkable()).forEach(d -> out.add(List.of(d)));
        return out;
    }

    /** The rows of {@code files}, from their footers; 0 (no total, no ETA) when a footer cannot be read. */
    private long rowsOf(List<DatasetFile> files) {
        try {
            return new jp.insurer.governance.parquet.dataset.FooterReader(conf).totalRows(files);
        } catch (IOException | RuntimeException e) {
            return 0; // the pass reading that file reports it
        }
    }

    /**
     * Whether k-anonymity judges a group: k above 1 and rows about people in it (a dataset the catalog
     * links to customers, whose row counts per person show even without quasi-identifiers) or
     * quasi-identifiers the profile names.
     */
    boolean judged(List<ExtractPlan.Dataset> group) {
        return plan.profile().k() > 1
                && group.stream()
                        .anyMatch(d -> customerKeys.containsKey(d.name())
                                || !d.quasiIdentifiers().isEmpty());
    }

    /**
     * Whether k counts this dataset's rows per person. Only a {@code linkable: false} dataset that
     * releases no pseudonym at all is judged row by row: nothing in it groups a person's rows.
     */
    private static boolean perPerson(ExtractPlan.Dataset dataset) {
        return dataset.linkable()
                || dataset.released().stream().anyMatch(c -> c.transform() instanceof Transform.Pseudonymize);
    }

    /** Pass 1 over {@code sources}: every released person's signature at every lattice node, into {@code counts}. */
    private void countInto(
            PersonLattice lattice, List<List<DatasetFile>> sources, ExecutorService pool, PersonLattice.Counts counts)
            throws IOException {
        for (int d = 0; d < lattice.datasets().size(); d++) {
            ExtractPlan.Dataset dataset = lattice.datasets().get(d);
            List<ExtractPlan.Column> qiColumns = dataset.released().stream()
                    .filter(c -> dataset.quasiIdentifiers().contains(c.name()))
                    .toList();
            List<String> projection = projection(dataset, qiColumns);
            int owner = customerIndex(dataset, projection);
            int customer = perPerson(dataset) ? owner : -1;
            BlockingQueue<PersonLattice.RowSignature> signatures = new ArrayBlockingQueue<>(threads);
            for (int i = 0; i < threads; i++)
                signatures.add(lattice.rowSignature(d, projection, hierarchies, date, zone));
            forEachBatch(
                    dataset,
                    sources.get(d),
                    projection,
                    pool,
                    batch -> {
                        PersonLattice.RowSignature signature = signatures.take();
                        try {
                            ConsentState[] states = unread();
                            long[] persons = new long[batch.size()];
                            List<long[]> linked = new ArrayList<>(batch.size());
                            List<long[]> anonymous = new ArrayList<>();
                            for (Object[] row : batch) {
                                ConsentState[] s = states(row, states, consentIndex);
                                if (!verdict(s, row, owner).included()) continue;
                                String key = customerKey(row, customer);
                                long[] contribution = signature.of(row, gate.sensitiveAllowed(s));
                                if (key == null) {
                                    anonymous.add(contribution);
                                } else {
                                    persons[linked.size()] = PersonLattice.personHash(key);
                                    linked.add(contribution);
                                }
                            }
                            counts.add(java.util.Arrays.copyOf(persons, linked.size()), linked, anonymous);
                        } finally {
                            signatures.put(signature);
                        }
                        return null;
                    },
                    done -> {});
        }
    }

    /**
     * What a worker made of one batch in pass 2.
     *
     * @param suppressed         rows without a customer whose class is smaller than k
     * @param customerSuppressed rows of people k-anonymity suppressed
     */
    private record Released(
            List<Object[]> rows, long[] byVerdict, long suppressed, long customerSuppressed, List<String> customers) {}

    /** Pass 2: gate, transform, suppress, leak-check and write one dataset; returns the rows written. */
    @SuppressWarnings("try") // the writer is closed explicitly to complete the file before its rows are counted
    private long release(
            ExtractPlan.Dataset dataset,
            int index,
            PersonLattice lattice,
            PersonLattice.Choice choice,
            List<DatasetFile> sources,
            DatasetFile schemaSource,
            Pseudonymizer keyed,
            Path target,
            String extractId,
            Map<String, Long> excluded,
            ExecutorService pool,
            LeakCheck leaks,
            OwnIdentifierIndex ownIndex,
            List<ExtractManifest.Masked> ownMasked,
            java.util.function.Consumer<String> releasedCustomers,
            List<String> leakFound)
            throws IOException {
        List<String> projection = projection(dataset, dataset.released());
        int owner = customerIndex(dataset, projection);
        int customer = perPerson(dataset) ? owner : -1;
        DatasetTransformer transformer =
                DatasetTransformer.compile(dataset, projection, hierarchies, keyed, scrubber, date, zone);
        List<String> names = transformer.outputColumns();
        OwnIdentifierCheck own = ownIndex == null
                ? null
                : OwnIdentifierCheck.forDataset(ownIndex, plan.profile().ownIdentifiers(), dataset, names, hierarchies);
        boolean[] scrubbedText = new boolean[names.size()];
        for (ExtractPlan.Column c : dataset.released()) {
            if (c.transform() instanceof Transform.ScrubText && names.contains(c.name()))
                scrubbedText[names.indexOf(c.name())] = true;
        }
        long[] byVerdict = new long[RecordVerdict.values().length];
        long[] suppressed = {0, 0}; // rows without a customer in a class smaller than k, rows of suppressed people
        BlockingQueue<PersonLattice.RowSignature> signatures = new ArrayBlockingQueue<>(threads);
        if (choice != null) {
            for (int i = 0; i < threads; i++)
                signatures.add(lattice.rowSignature(index, projection, hierarchies, date, zone));
        }
        WriterOptions options = WriterOptions.defaults()
                .withOverwrite(true)
                .withMetadata(Map.of(
                        "governance.extract.id", extractId,
                        "governance.extract.profile", plan.profile().name(),
                        "governance.policy.version", policy.version(),
                        "governance.policy.sha256", policy.sha256(),
                        "governance.business.date", date.toString()))
                .withPlainColumns(dataset.released().stream()
                        .filter(c -> c.transform() instanceof Transform.Pseudonymize
                                || c.transform() instanceof Transform.ScrubText)
                        .map(ExtractPlan.Column::name)
                        .collect(java.util.stream.Collectors.toSet()));
        RowSchema schema;
        // Every slice's part takes the schema of the dataset's first file, as one part of the whole dataset would.
        try (ParquetRowReader first = ParquetRowReader.open(schemaSource.path(), conf, projection)) {
            schema = outputSchema(dataset, first.schema());
        }
        try (ParquetRowWriter writer = ParquetRowWriter.open(target.toString(), schema, options, conf)) {
            forEachBatch(
                    dataset,
                    sources,
                    projection,
                    pool,
                    batch -> {
                        ConsentState[] states = unread();
                        long[] verdicts = new long[RecordVerdict.values().length];
                        long dropped = 0;
                        long customerDropped = 0;
                        List<Object[]> out = new ArrayList<>(batch.size());
                        List<String> customersOut = new ArrayList<>();
                        for (Object[] row : batch) {
                            ConsentState[] s = states(row, states, consentIndex);
                            RecordVerdict verdict = verdict(s, row, owner);
                            if (!verdict.included()) {
                                verdicts[verdict.ordinal()]++;
                                continue;
                            }
                            // Leak-checked before k-anonymity: a column that holds what it must not fails the
                            // profile even when suppression would have hidden this row.
                            Object[] released = transformer.apply(row, gate.sensitiveAllowed(s));
                            if (own != null
                                    && own.inspect(
                                            released, owner >= 0 ? row[owner] : null)) { // masked in place (MASK mode)
                                // a placeholder changes its neighbours' context for the detectors: scrub the masked
                                // text once more
                                for (int i = 0; i < released.length; i++) {
                                    if (scrubbedText[i] && released[i] instanceof String text)
                                        released[i] = scrubber.scrub(text, gate.sensitiveAllowed(s));
                                }
                            }
                            leaks.inspect(names, released, customerKey(row, owner));
                            if (choice != null) {
                                String key = customerKey(row, customer);
                                if (key != null && choice.suppressed(PersonLattice.personHash(key))) {
                                    customerDropped++;
                                    continue;
                                }
                                if (key == null
                                        && unlinkedSuppressed(signatures, choice, row, gate.sensitiveAllowed(s))) {
                                    dropped++;
                                    continue;
                                }
                            }
                            out.add(released);
                            String releasedCustomer = customerKey(row, owner);
                            if (releasedCustomer != null) customersOut.add(releasedCustomer);
                        }
                        return new Released(out, verdicts, dropped, customerDropped, customersOut);
                    },
                    done -> {
                        for (Object[] row : done.rows()) writer.write(row);
                        done.customers().forEach(releasedCustomers);
                        for (int i = 0; i < byVerdict.length; i++) byVerdict[i] += done.byVerdict()[i];
                        suppressed[0] += done.suppressed();
                        suppressed[1] += done.customerSuppressed();
                    });
            // Values are judged here; record keys over every slice's rows (manifest).
            List<LeakCheck.Leak> valueLeaks = leaks.sliceLeaks();
            if (!valueLeaks.isEmpty() || (own != null && !own.clean())) {
                for (LeakCheck.Leak leak : valueLeaks) leakFound.add(leakText(dataset.name(), leak));
                for (OwnIdentifierCheck.Hit hit : own == null ? List.<OwnIdentifierCheck.Hit>of() : own.hits()) {
                    leakFound.add(" dataset '" + dataset.name() + "' column '" + hit.column()
                            + "' holds its customer's own " + hit.type() + " (as in " + hit.source() + ");");
                }
                return -1; // judged with the other slices' findings when the profile is published
            }
            if (own != null) {
                for (OwnIdentifierCheck.Masked m : own.masked()) {
                    ownMasked.add(new ExtractManifest.Masked(dataset.name(), m.column(), m.type(), m.spans()));
                }
            }
            for (RecordVerdict v : RecordVerdict.values()) {
                if (!v.included()) excluded.merge(v.name(), byVerdict[v.ordinal()], Long::sum);
            }
            excluded.merge(ExtractManifest.K_ANONYMITY, suppressed[0], Long::sum);
            excluded.merge(ExtractManifest.K_ANONYMITY_CUSTOMER, suppressed[1], Long::sum);
            writer.close();
            return writer.rows();
        }
    }

    /** Whether a row without a customer (a person of its own) is in a class smaller than k at the chosen node. */
    private static boolean unlinkedSuppressed(
            BlockingQueue<PersonLattice.RowSignature> signatures,
            PersonLattice.Choice choice,
            Object[] row,
            boolean sensitiveAllowed)
            throws InterruptedException {
        PersonLattice.RowSignature signature = signatures.take();
        try {
            return choice.suppressedUnlinked(signature.of(row, sensitiveAllowed)[choice.node()]);
        } finally {
            signatures.put(signature);
        }
    }

    @FunctionalInterface
    private interface BatchWork<T> {
        T apply(List<Object[]> batch) throws Exception;
    }

    /**
     * Reads the sources in order on this thread and hands batches of rows to the pool through an
     * {@link OrderedPipeline}, which passes each batch's result to {@code inOrder} in read order. At most
     * two batches per worker are in flight, so memory stays at a few thousand rows. The first failure
     * stops everything and is rethrown here, naming dataset and file.
     */
    private <T> void forEachBatch(
            ExtractPlan.Dataset dataset,
            List<DatasetFile> sources,
            List<String> projection,
            ExecutorService pool,
            BatchWork<T> work,
            OrderedPipeline.InOrder<T> inOrder)
            throws IOException {
        try (OrderedPipeline<DatasetFile, T> pipeline = new OrderedPipeline<>(
                pool,
                2 * threads,
                "extract-writer-" + dataset.name(),
                inOrder,
                (file, cause) -> failure(dataset, file, cause))) {
            for (DatasetFile file : sources) {
                try (ParquetRowReader reader = ParquetRowReader.open(file.path(), conf, projection)) {
                    List<Object[]> batch = new ArrayList<>(BATCH);
                    for (Object[] row = reader.read(); ; row = reader.read()) {
                        if (row != null) batch.add(row);
                        if (batch.size() == BATCH || (row == null && !batch.isEmpty())) {
                            List<Object[]> rows = batch;
                            progress.add(rows.size());
                            pipeline.submit(file, () -> work.apply(rows));
                            batch = new ArrayList<>(BATCH);
                        }
                        if (row == null) break;
                    }
                } catch (IOException | RuntimeException e) {
                    if (e instanceof OrderedPipeline.Stopped) throw e;
                    throw failure(dataset, file, e);
                }
            }
            pipeline.finish();
        } catch (OrderedPipeline.Stopped stopped) {
            // the failing batch's own description says where; an interrupt says nothing more
            Throwable cause = stopped.getCause();
            if (cause instanceof LeakException leak) throw leak;
            if (cause instanceof IOException io) throw io;
            throw new IOException("dataset '" + dataset.name() + "': " + cause.getMessage(), cause);
        }
    }

    private static IOException failure(ExtractPlan.Dataset dataset, DatasetFile file, Throwable cause) {
        if (cause instanceof LeakException leak) throw leak;
        return new IOException(
                "dataset '" + dataset.name() + "', file " + file.relative() + ": " + cause.getMessage(), cause);
    }

    /**
     * Tag columns first (customer link, consent per purpose), then the released source columns, then
     * the customer key (k-anonymity counts people; the leak and own-identifier checks find each row's customer).
     */
    private List<String> projection(ExtractPlan.Dataset dataset, List<ExtractPlan.Column> columns) {
        List<String> names = new ArrayList<>();
        names.add("_customer_linked");
        names.addAll(consentColumns);
        for (ExtractPlan.Column c : columns) if (!names.contains(c.name())) names.add(c.name());
        String key = customerKeys.get(dataset.name());
        if (key != null && !names.contains(key)) names.add(key);
        return names;
    }

    /** Position of the customer key in the projection, -1 when the dataset has none. */
    private int customerIndex(ExtractPlan.Dataset dataset, List<String> projection) {
        String key = customerKeys.get(dataset.name());
        return key == null ? -1 : projection.indexOf(key);
    }

    /** The row's normalized customer key, null when the dataset has none or the row names no customer. */
    private String customerKey(Object[] row, int customer) {
        return customer < 0 ? null : customerKeyNormalizer.normalizeValue(row[customer]);
    }

    /**
     * A record's consent states in policy order, null when it has no customer. A missing state of a
     * linked record counts as NOT_GIVEN: silence is never consent.
     */
    private static ConsentState[] states(Object[] row, ConsentState[] into, int[] index) {
        if (!Boolean.TRUE.equals(row[0])) return null;
        for (int i = 0; i < index.length; i++) {
            Object v = row[1 + i];
            into[index[i]] = v == null ? ConsentState.NOT_GIVEN : ConsentState.valueOf(v.toString());
        }
        return into;
    }

    /** A states array for one thread: purposes the gate never reads stay NOT_GIVEN (and are not read from disk). */
    private ConsentState[] unread() {
        ConsentState[] states = new ConsentState[purposeCount];
        java.util.Arrays.fill(states, ConsentState.NOT_GIVEN);
        return states;
    }

    /** Kept columns keep their source type; everything transformed is text. All nullable (gated cells become null). */
    private static RowSchema outputSchema(ExtractPlan.Dataset dataset, RowSchema source) {
        List<Column> out = new ArrayList<>();
        for (ExtractPlan.Column c : dataset.released()) {
            if (c.transform() instanceof Transform.Keep) {
                Column s = source.column(source.indexOf(c.name()));
                out.add(new Column(s.name(), s.type(), true, s.precision(), s.scale(), s.timeUnit(), s.utcAdjusted()));
            } else {
                out.add(Column.of(c.name(), ColumnType.STRING));
            }
        }
        return RowSchema.of(dataset.name(), out);
    }

    static String sha256(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return Sha256.hex(in);
        }
    }

    static void write(FileSystem fs, Path file, String text) throws IOException {
        try (OutputStream out = jp.insurer.governance.parquet.PrivateFiles.create(fs, file, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
