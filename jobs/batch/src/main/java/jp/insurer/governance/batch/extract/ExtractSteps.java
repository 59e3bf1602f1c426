package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.provision.ProvisionLog;
import jp.insurer.governance.batch.provision.ProvisionRecords;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.batch.tag.Catalog;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.dataset.FooterReader;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.config.PolicyLoader;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.detect.TextScanner;
import jp.insurer.governance.policy.extract.AnonymizedPublication;
import jp.insurer.governance.policy.extract.ConsentGate;
import jp.insurer.governance.policy.extract.DataDictionary;
import jp.insurer.governance.policy.extract.ExtractManifest;
import jp.insurer.governance.policy.extract.ExtractPlan;
import jp.insurer.governance.policy.extract.ExtractProfiles;
import jp.insurer.governance.policy.extract.FreeTextRelease;
import jp.insurer.governance.policy.extract.PersonLattice;
import jp.insurer.governance.policy.extract.ProcessingStandard;
import jp.insurer.governance.policy.extract.Recipient;
import jp.insurer.governance.policy.extract.RecipientKind;
import jp.insurer.governance.policy.transform.ReleaseVocabulary;
import jp.insurer.governance.policy.transform.Transform;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The steps of one profile's extract, each a partition (profile, or profile and slice) that any JVM can run
 * — this one or a remote worker — and that rewrites only its own files, so a rerun of any of them writes the
 * same bytes:
 * <ol>
 *   <li>{@link #plan} (this JVM, once per run): the profile's governed files split into slices
 *       ({@link ExtractSlices}); the staging and work folders of an earlier run cleared;</li>
 *   <li>{@link #count} (profile, slice): pass 1 of the slice's files; its k counts sealed into the work folder;</li>
 *   <li>{@link #choose} (profile): every slice's counts merged, the generalization level chosen once;</li>
 *   <li>{@link #release} (profile, slice): pass 2 of the slice's files at that level, one
 *       {@code DATASET/part-SLICE.parquet} each into {@code extracts/.staging-EXTRACT_ID/};</li>
 *   <li>{@link #publish} (profile): the slices' results merged into the manifest (record keys judged over all
 *       of them), the provision record, then the folder renamed into place.</li>
 * </ol>
 * {@code extracts/EXTRACT_ID/} appears complete or not at all: a run killed at any instant publishes nothing
 * new; a restart reruns the unfinished partitions, a new run starts the profile over.
 */
class ExtractSteps {

    private static final Log log = LogFactory.getLog(ExtractSteps.class);

    private final SuiteProperties properties;
    private final Policy policy;
    private final Configuration conf;
    private final TextScanner scanner;
    private final ExtractKeys keys;
    private final ReleaseLock releaseLock;
    private final OwnIdentifierIndexes ownIdentifierIndexes = new OwnIdentifierIndexes();

    ExtractSteps(
            SuiteProperties properties,
            Policy policy,
            Configuration conf,
            TextScanner scanner,
            ExtractKeys keys,
            ReleaseLock releaseLock) {
        this.properties = properties;
        this.policy = policy;
        this.conf = conf;
        this.scanner = scanner;
        this.keys = keys;
        this.releaseLock = releaseLock;
    }

    /** What every step of one profile knows, made again by whichever JVM runs the partition. */
    private final class Profile {
        final StepExecution step;
        final String out;
        final LocalDate date;
        final ExtractProfiles profiles;
        final Catalog catalog;
        final ExtractPlan plan;
        final ExtractKeys.Key key;
        final String extractId;
        final FileSystem fs;
        private ConsentEvidence evidence;

        Profile(StepExecution step) throws IOException {
            this.step = step;
            var parameters = step.getJobParameters();
            var partition = step.getExecutionContext();
            requireJobsPolicy(step.getStepName(), partition);
            this.out = parameters.getString(SuiteJobParameters.OUT);
            this.date = SuiteJobParameters.businessDate(parameters);
            // Checked again here, not only at start: tag may have run for another date since.
            ExtractInputs.requireTaggedFor(out, date.toString(), policy, properties.zone(), conf);
            this.profiles = ExtractProfiles.load(Path.of(properties.config()), policy);
            PolicyLoader.requireUnchanged(Path.of(properties.config()), policy);
            this.catalog = ExtractInputs.read(out, conf);
            String name = partition.getString(ExtractParameters.PROFILE);
            this.plan = profiles.plan(name, ExtractInputs.classifications(catalog));
            this.key = recipientKey(step.getStepName(), plan, partition);
            this.extractId = ExtractPaths.extractId(name, date);
            this.fs = FileSystems.get(FileSystems.path(out), conf);
        }

        /**
         * The consent ledger behind an outside release (null for a release inside the company): a third-party
         * provision names the consent relied on per customer (APPI art. 29) and, overseas, the document version it
         * was given under (art. 28). Read when first needed: only overseas releases need it to decide rows.
         */
        ConsentEvidence evidence() throws IOException {
            if (evidence == null && plan.profile().recipient().outsideCompany()) {
                evidence = ConsentEvidence.load(
                        new org.apache.hadoop.fs.Path(
                                governed(), properties.tag().consentLedger()),
                        ledgerColumns(),
                        policy,
                        date,
                        properties.zone(),
                        conf,
                        Path.of(properties.state(), "consent"),
                        properties.tag().consentShardCustomers(),
                        properties.tag().consentCacheMb() * 1024L * 1024L);
                closeWithStep(evidence);
            }
            return evidence;
        }

        boolean outside() {
            return plan.profile().recipient().outsideCompany();
        }

        /**
         * The evidence's table and work files are removed when this step ends, however it ends (completed, failed,
         * stopped): the step context runs its destruction callbacks when the step is released.
         */
        private void closeWithStep(ConsentEvidence opened) {
            var context = org.springframework.batch.core.scope.context.StepSynchronizationManager.getContext();
            if (context == null) {
                throw new IllegalStateException("consent evidence opened outside a step: nothing would remove it");
            }
            context.registerDestructionCallback("extract.consentEvidence", () -> {
                try {
                    opened.close();
                } catch (IOException e) {
                    log.warn("extract " + extractId + ": the consent evidence's local files could not be removed ("
                            + e.getMessage() + "); the next run removes them");
                }
            });
        }

        org.apache.hadoop.fs.Path governed() {
            return FileSystems.path(ExtractPaths.governed(out).toString());
        }

        org.apache.hadoop.fs.Path staging() throws IOException {
            return slices().staging(workOut());
        }

        String workOut() {
            return FileSystems.path(out).toString();
        }

        int slice() {
            return step.getExecutionContext().getInt(ExtractProfilePartitioner.SLICE);
        }

        private ExtractSlices slices;

        /** The run's plan, once checked against the inputs as they are now (the policy, the tag run's files). */
        ExtractSlices slices() throws IOException {
            if (slices == null) {
                org.apache.hadoop.fs.Path file = ExtractSlices.planFile(workOut(), extractId);
                if (!fs.exists(file)) {
                    throw new IllegalStateException("extract " + extractId + " has no plan (" + file
                            + "): it was discarded or cleared by another run; run extract again");
                }
                ExtractSlices read = ExtractSlices.read(fs, file, ExtractSlices.class);
                read.requireUnchanged(policy.sha256(), inputs(fs, out, plan));
                slices = read;
            }
            return slices;
        }

        ProfileExtraction extraction() throws IOException {
            ProfileExtraction extraction = new ProfileExtraction(
                            plan,
                            policy,
                            profiles.hierarchies(),
                            key == null ? null : key.pseudonymizer(),
                            scanner,
                            FreeTextRelease.scrubber(
                                    plan,
                                    profiles.hierarchies(),
                                    scanner,
                                    ReleaseVocabulary.load(Path.of(properties.config()))),
                            date,
                            properties.zone(),
                            conf,
                            properties.extract().threads(),
                            ExtractInputs.customerKeys(catalog),
                            ownIdentifierLoader(catalog, profiles, step, workOut()))
                    .progressEvery(properties.progressInterval());
            PolicyLoader.requireUnchanged(Path.of(properties.config()), policy); // the vocabulary just read
            Recipient recipient = plan.profile().recipient();
            if (recipient.kind() == RecipientKind.OVERSEAS_GROUP_COMPANY) {
                extraction.overseas(
                        evidence(),
                        policy.overseasConsent().get(recipient.country()).documentVersions());
            }
            return extraction;
        }

        /** Dataset → its first governed file (of any slice). */
        final Map<String, DatasetFile> firstFiles = new LinkedHashMap<>();

        /** Per link group, per dataset of the group, this slice's governed files. */
        List<List<List<DatasetFile>>> sources(ProfileExtraction extraction, int slice) throws IOException {
            ExtractSlices slices = slices();
            DatasetLayout layout = new DatasetLayout(conf);
            List<List<List<DatasetFile>>> out = new ArrayList<>();
            for (List<ExtractPlan.Dataset> group : extraction.linkGroups()) {
                List<List<DatasetFile>> files = new ArrayList<>();
                for (ExtractPlan.Dataset d : group) {
                    List<DatasetFile> listed = governedFiles(layout, governed(), d.name());
                    files.add(slices.files(d.name(), slice, listed));
                    String first = slices.firstFile(d.name());
                    listed.stream().filter(f -> f.relative().equals(first)).forEach(f -> firstFiles.put(d.name(), f));
                }
                out.add(files);
            }
            return out;
        }

        /** A new local folder of this JVM for the k state (removed by {@link #deleteKState}). */
        java.nio.file.Path kFolder() throws IOException {
            return ExtractPaths.kState(properties.state(), extractId);
        }

        long kBudget() {
            return properties.extract().kMemoryMb().toBytes();
        }
    }

    /**
     * What a plan pins besides the slices' files ({@link ExtractSlices#inputs}): path under {@code out} → length and
     * modification time, of the tag marker, the catalog, the governed consent ledger and the profile's datasets.
     */
    private Map<String, String> inputs(FileSystem fs, String out, ExtractPlan plan) throws IOException {
        org.apache.hadoop.fs.Path root = FileSystems.path(out);
        java.util.SortedMap<String, String> stamps = new java.util.TreeMap<>();
        List<org.apache.hadoop.fs.Path> folders = new ArrayList<>();
        folders.add(FileSystems.path(ExtractPaths.taggedMarker(out).toString()));
        folders.add(FileSystems.path(ExtractPaths.catalog(out).toString()));
        org.apache.hadoop.fs.Path governed =
                FileSystems.path(ExtractPaths.governed(out).toString());
        folders.add(new org.apache.hadoop.fs.Path(governed, properties.tag().consentLedger()));
        for (ExtractPlan.Dataset d : plan.datasets()) folders.add(new org.apache.hadoop.fs.Path(governed, d.name()));
        for (org.apache.hadoop.fs.Path folder : folders) {
            if (!fs.exists(folder)) continue;
            var files = fs.listFiles(folder, true);
            while (files.hasNext()) {
                var f = files.next();
                stamps.put(
                        root.toUri().relativize(f.getPath().toUri()).getPath(),
                        f.getLen() + "@" + f.getModificationTime());
            }
        }
        return stamps;
    }

    private static List<DatasetFile> governedFiles(
            DatasetLayout layout, org.apache.hadoop.fs.Path governed, String dataset) throws IOException {
        List<DatasetFile> files = layout.files(new org.apache.hadoop.fs.Path(governed, dataset));
        files.removeIf(f -> !f.relative().endsWith(".parquet"));
        return files;
    }

    private static StepExecution stepOf(ChunkContext chunk) {
        return chunk.getStepContext().getStepExecution();
    }

    /** {@code extractPlan}: every selected profile's files split into slices; an earlier run's leftovers cleared. */
    RepeatStatus plan(StepContribution contribution, ChunkContext chunk) throws IOException {
        var parameters = stepOf(chunk).getJobParameters();
        String out = parameters.getString(SuiteJobParameters.OUT);
        LocalDate date = SuiteJobParameters.businessDate(parameters);
        ExtractInputs.requireTaggedFor(out, date.toString(), policy, properties.zone(), conf);
        ExtractProfiles profiles = ExtractProfiles.load(Path.of(properties.config()), policy);
        PolicyLoader.requireUnchanged(Path.of(properties.config()), policy);
        Catalog catalog = ExtractInputs.read(out, conf);
        org.apache.hadoop.fs.Path root = FileSystems.path(out);
        FileSystem fs = FileSystems.get(root, conf);
        org.apache.hadoop.fs.Path governed =
                FileSystems.path(ExtractPaths.governed(out).toString());
        DatasetLayout layout = new DatasetLayout(conf);
        FooterReader footers = new FooterReader(conf);
        planOwnIdentifiers(stepOf(chunk), profiles, catalog, fs, root.toString(), governed, layout, footers);
        for (String name : ExtractParameters.selected(profiles, parameters.getString(ExtractParameters.PROFILE))) {
            ExtractPlan plan = profiles.plan(name, ExtractInputs.classifications(catalog));
            requireMasterChecked(plan, catalog);
            String extractId = ExtractPaths.extractId(name, date);
            settleInterruptedPublish(
                    fs,
                    FileSystems.path(ExtractPaths.release(out, extractId).toString()),
                    FileSystems.path(ExtractPaths.previous(out, extractId).toString()));
            org.apache.hadoop.fs.Path work = ExtractSlices.work(root.toString(), extractId);
            fs.delete(work, true);
            Map<String, List<DatasetFile>> files = new LinkedHashMap<>();
            for (ExtractPlan.Dataset d : plan.datasets()) {
                List<DatasetFile> listed = governedFiles(layout, governed, d.name());
                if (listed.isEmpty()) {
                    throw new IllegalStateException(
                            "dataset '" + d.name() + "' has no governed files; run tag for " + date + " first");
                }
                files.put(d.name(), listed);
            }
            ExtractSlices slices = ExtractSlices.assign(
                    extractId, properties.extract().slices(), policy.sha256(), inputs(fs, out, plan), files, footers);
            fs.mkdirs(slices.staging(root.toString()));
            ExtractSlices.write(fs, ExtractSlices.planFile(root.toString(), extractId), slices);
        }
        return RepeatStatus.FINISHED;
    }

    /**
     * The run's own-identifier plan ({@link OwnIdentifierPlan}), one for every profile: an earlier run's plan
     * and runs cleared, the zone split into {@code governance.extract.slices} parts.
     */
    private void planOwnIdentifiers(
            StepExecution step,
            ExtractProfiles profiles,
            Catalog catalog,
            FileSystem fs,
            String out,
            org.apache.hadoop.fs.Path governed,
            DatasetLayout layout,
            FooterReader footers)
            throws IOException {
        OwnIdentifierLoader loader = ownIdentifierLoader(catalog, profiles, step, out);
        fs.delete(OwnIdentifierPlan.work(out), true);
        OwnIdentifierPlan plan = OwnIdentifierPlan.make(
                loader.plan(),
                governed,
                fs,
                layout,
                footers,
                properties.extract().slices(),
                policy.sha256());
        ExtractSlices.write(fs, OwnIdentifierPlan.planFile(out), plan);
    }

    /**
     * {@code extractOwnIdentifierPart}: one part of the governed zone's own identifiers hashed into a sorted run
     * on the output's file system, which every JVM running slices merges into its index.
     */
    RepeatStatus ownIdentifiers(StepContribution contribution, ChunkContext chunk)
            throws IOException, org.springframework.batch.core.job.JobInterruptedException {
        jp.insurer.governance.batch.support.GracefulStop.checkpoint();
        StepExecution step = stepOf(chunk);
        var partition = step.getExecutionContext();
        requireJobsPolicy(step.getStepName(), partition);
        String out = step.getJobParameters().getString(SuiteJobParameters.OUT);
        LocalDate date = SuiteJobParameters.businessDate(step.getJobParameters());
        ExtractInputs.requireTaggedFor(out, date.toString(), policy, properties.zone(), conf);
        ExtractProfiles profiles = ExtractProfiles.load(Path.of(properties.config()), policy);
        PolicyLoader.requireUnchanged(Path.of(properties.config()), policy);
        Catalog catalog = ExtractInputs.read(out, conf);
        String root = FileSystems.path(out).toString();
        FileSystem fs = FileSystems.get(FileSystems.path(out), conf);
        org.apache.hadoop.fs.Path planFile = OwnIdentifierPlan.planFile(root);
        if (!fs.exists(planFile)) {
            throw new IllegalStateException("extract has no own-identifier plan (" + planFile
                    + "): it was cleared by another run; run extract again");
        }
        OwnIdentifierPlan plan = ExtractSlices.read(fs, planFile, OwnIdentifierPlan.class);
        OwnIdentifierLoader loader = ownIdentifierLoader(catalog, profiles, step, root);
        long rows = loader.writeRun(
                plan,
                partition.getInt(OwnIdentifierPartitioner.PART),
                FileSystems.path(ExtractPaths.governed(out).toString()));
        contribution.incrementWriteCount(rows);
        return RepeatStatus.FINISHED;
    }

    /** The own-identifier index of this job execution, read from (and its runs written under) {@code out}. */
    private OwnIdentifierLoader ownIdentifierLoader(
            Catalog catalog, ExtractProfiles profiles, StepExecution step, String out) {
        return new OwnIdentifierLoader(
                catalog,
                profiles.ownIdentifierSources(),
                conf,
                ownIdentifierIndexes,
                step.getJobExecutionId(),
                properties.state(),
                out,
                policy.sha256());
    }

    /** The start of every profile partition: a safe point (what is released so far is whole), then the profile. */
    private Profile start(ChunkContext chunk)
            throws IOException, org.springframework.batch.core.job.JobInterruptedException {
        jp.insurer.governance.batch.support.GracefulStop.checkpoint();
        return new Profile(stepOf(chunk));
    }

    @FunctionalInterface
    private interface GroupWork {
        void run(int group, PersonLattice lattice) throws IOException;
    }

    /** Runs {@code work} for each link group that k-anonymity judges, in group order. */
    private static void judgedGroups(Profile p, ProfileExtraction extraction, GroupWork work) throws IOException {
        List<List<ExtractPlan.Dataset>> groups = extraction.linkGroups();
        for (int g = 0; g < groups.size(); g++) {
            if (extraction.judged(groups.get(g)))
                work.run(g, PersonLattice.of(groups.get(g), p.profiles.hierarchies()));
        }
    }

    /** {@code extractCount}: pass 1 of one slice; its counts of every judged link group sealed into the work folder. */
    RepeatStatus count(StepContribution contribution, ChunkContext chunk)
            throws IOException, org.springframework.batch.core.job.JobInterruptedException {
        Profile p = start(chunk);
        ProfileExtraction extraction = p.extraction();
        int slice = p.slice();
        List<List<List<DatasetFile>>> sources = p.sources(extraction, slice);
        java.nio.file.Path kFolder = p.kFolder();
        try {
            judgedGroups(p, extraction, (g, lattice) -> {
                java.nio.file.Path folder = Files.createDirectories(kFolder.resolve("group-" + g));
                PersonLattice.Counts counts = lattice.counts(p.kBudget(), folder);
                extraction.count(g, lattice, sources.get(g), counts);
                PersonLattice.Sealed sealed = counts.seal();
                ExtractSlices.upload(folder, p.fs, p.slices().counts(p.workOut(), g, slice), sealed);
            });
        } finally {
            deleteKState(kFolder);
        }
        return RepeatStatus.FINISHED;
    }

    /** {@code extractChoose}: every slice's counts of each judged link group merged; the level chosen once. */
    RepeatStatus choose(StepContribution contribution, ChunkContext chunk)
            throws IOException, org.springframework.batch.core.job.JobInterruptedException {
        Profile p = start(chunk);
        ProfileExtraction extraction = p.extraction();
        ExtractSlices slices = p.slices();
        java.nio.file.Path kFolder = p.kFolder();
        try {
            judgedGroups(p, extraction, (g, lattice) -> {
                java.nio.file.Path folder = kFolder.resolve("group-" + g);
                Map<String, PersonLattice.Sealed> parts = new LinkedHashMap<>();
                for (int s = 0; s < slices.slices(); s++) {
                    parts.put(
                            "slice-" + s,
                            ExtractSlices.download(
                                    p.fs,
                                    p.slices().counts(p.workOut(), g, s),
                                    folder.resolve("slice-" + s),
                                    PersonLattice.Sealed.class,
                                    "the k counts of slice " + s + " of link group " + g));
                }
                PersonLattice.Counts counts = lattice.adopt(p.kBudget(), folder, parts);
                java.nio.file.Path saved = Files.createDirectories(kFolder.resolve("choice-" + g));
                try (PersonLattice.Choice choice = lattice.choose(
                        counts, p.plan.profile().k(), p.plan.profile().maxSuppression())) {
                    PersonLattice.Choice.Saved index = choice.save(saved);
                    ExtractSlices.upload(saved, p.fs, p.slices().choice(p.workOut(), g), index);
                }
            });
        } finally {
            deleteKState(kFolder);
        }
        return RepeatStatus.FINISHED;
    }

    /** {@code extractSlice}: pass 2 of one slice at the chosen levels, its parts into the staging folder. */
    RepeatStatus release(StepContribution contribution, ChunkContext chunk)
            throws IOException, org.springframework.batch.core.job.JobInterruptedException {
        Profile p = start(chunk);
        ProfileExtraction extraction = p.extraction();
        int slice = p.slice();
        List<List<List<DatasetFile>>> sources = p.sources(extraction, slice);
        java.nio.file.Path kFolder = p.kFolder();
        Map<Integer, PersonLattice.Choice> choices = new LinkedHashMap<>();
        try {
            judgedGroups(p, extraction, (g, lattice) -> {
                java.nio.file.Path folder = kFolder.resolve("choice-" + g);
                PersonLattice.Choice.Saved saved = ExtractSlices.download(
                        p.fs,
                        p.slices().choice(p.workOut(), g),
                        folder,
                        PersonLattice.Choice.Saved.class,
                        "the k choice of link group " + g);
                choices.put(g, PersonLattice.Choice.load(folder, saved, p.kBudget() / 2));
            });
            ReleasedCustomers customers =
                    new ReleasedCustomers(kFolder.resolve("customers"), ReleasedCustomers.RUN_KEYS);
            ProfileExtraction.SliceResult result;
            try {
                result = extraction.release(
                        slice,
                        sources,
                        p.firstFiles::get,
                        choices,
                        p.governed(),
                        p.staging(),
                        p.extractId,
                        p.outside() ? customers : c -> {});
            } catch (IOException | RuntimeException e) {
                deleteParts(p, extraction, slice); // a part cut short is never left beside the whole ones
                throw e;
            }
            if (result.leaked()) {
                // No part and no customer of a leaking slice is kept; the profile's publication refuses the extract
                // with every slice's findings and discards the rest.
                deleteParts(p, extraction, slice);
            } else if (p.outside()) {
                try (java.io.OutputStream out = jp.insurer.governance.parquet.PrivateFiles.create(
                        p.fs, p.slices().customers(p.workOut(), slice), true)) {
                    customers.writeTo(out);
                }
            }
            ExtractSlices.write(p.fs, p.slices().result(p.workOut(), slice), result);
        } finally {
            for (PersonLattice.Choice c : choices.values()) closeQuietly(c);
            deleteKState(kFolder);
        }
        return RepeatStatus.FINISHED;
    }

    /** {@code extractProfile}: the slices merged into the manifest, the provision record, the release. */
    RepeatStatus publish(StepContribution contribution, ChunkContext chunk)
            throws IOException, org.springframework.batch.core.job.JobInterruptedException {
        Profile p = start(chunk);
        settleInterruptedPublish(
                p.fs,
                FileSystems.path(ExtractPaths.release(p.out, p.extractId).toString()),
                FileSystems.path(ExtractPaths.previous(p.out, p.extractId).toString()));
        ProfileExtraction extraction = p.extraction();
        ExtractSlices slices = p.slices();
        List<ProfileExtraction.SliceResult> results = new ArrayList<>();
        // The released customers stay in the slices' sorted files, merged as a stream when the provision is made.
        List<org.apache.hadoop.fs.Path> customerFiles = new ArrayList<>();
        for (int s = 0; s < slices.slices(); s++) {
            org.apache.hadoop.fs.Path result = p.slices().result(p.workOut(), s);
            if (!p.fs.exists(result)) {
                throw new IllegalStateException("extract " + p.extractId + ": slice " + s
                        + " has no release result: its step did not complete; run extract again");
            }
            results.add(ExtractSlices.read(p.fs, result, ProfileExtraction.SliceResult.class));
            if (p.outside() && !results.get(s).leaked())
                customerFiles.add(p.slices().customers(p.workOut(), s));
        }
        Map<Integer, PersonLattice.Choice.Saved> choices = new LinkedHashMap<>();
        judgedGroups(
                p,
                extraction,
                (g, lattice) -> choices.put(
                        g,
                        ExtractSlices.read(
                                p.fs,
                                new org.apache.hadoop.fs.Path(p.slices().choice(p.workOut(), g), ExtractSlices.INDEX),
                                PersonLattice.Choice.Saved.class)));
        ExtractPlan plan = p.plan;
        org.apache.hadoop.fs.Path staging = p.staging();
        FileSystem fs = p.fs;
        ExtractManifest manifest;
        ProvisionLog.Release provision = null;
        try {
            manifest = extraction.manifest(p.extractId, results, choices, p.key == null ? null : p.key.fingerprint());
            requireStagedAsListed(fs, staging, manifest);
            manifest = manifest.withConsentInputs(ExtractInputs.consentInputs(p.catalog, plan, gateConsents(plan)))
                    .withProcessingStandard(plan.profile().processingStandard());
            if (p.outside()) {
                ProvisionLog.Customers relied;
                try (SortedMerge<String> customers = releasedCustomers(p.fs, customerFiles)) {
                    relied = p.evidence().relied(customers, gateConsents(plan));
                }
                provision = provisionOf(plan, manifest, p.extractId, p.date, relied);
                manifest = manifest.withProvision(new ExtractManifest.Provision(
                        provision.provisionId(),
                        provision.customers().count(),
                        "provision/ (verify with scripts/run-job.sh verify-audit)"));
            }
            ProfileExtraction.write(
                    fs,
                    new org.apache.hadoop.fs.Path(staging, "manifest.json"),
                    Json.MAPPER.writeValueAsString(manifest) + "\n");
            ProfileExtraction.write(
                    fs,
                    new org.apache.hadoop.fs.Path(staging, "DATA_DICTIONARY.md"),
                    DataDictionary.render(plan, manifest));
            if (plan.profile().processingStandard() == ProcessingStandard.ANONYMIZED) {
                ProfileExtraction.write(
                        fs,
                        new org.apache.hadoop.fs.Path(staging, AnonymizedPublication.FILE_NAME),
                        AnonymizedPublication.render(plan, manifest));
            }
        } catch (ProfileExtraction.LeakException e) {
            discard(p);
            throw e;
        }
        String out = p.out;
        String extractId = p.extractId;
        LocalDate date = p.date;
        StepExecution stepExecution = p.step;
        org.apache.hadoop.fs.Path release =
                FileSystems.path(ExtractPaths.release(out, extractId).toString());
        org.apache.hadoop.fs.Path previous =
                FileSystems.path(ExtractPaths.previous(out, extractId).toString());
        ProvisionLog.Release provided = provision;
        // One release at a time into this output, whichever JVM runs the profile: the provision chain is one
        // hash chain, which two workers appending at once would fork.
        ExtractSlices planned = p.slices();
        releaseLock.holding(ProvisionRecords.folder(FileSystems.path(out)).toString(), extractId, () -> {
            requireStillPlanned(p, planned, staging);
            if (provided != null) {
                // Written and synced before the release becomes visible: no visible outside release without its
                // record. A crash between here and the rename reruns this profile to the same bytes and the same
                // provision id, which the log finds and does not write again.
                ProvisionLog.Recorded recorded = ProvisionLog.record(
                        fs,
                        FileSystems.path(out),
                        provided,
                        String.valueOf(stepExecution.getJobExecutionId()),
                        java.time.Clock.systemUTC());
                log.info("extract " + extractId + ": provision record " + recorded.provisionId() + " ("
                        + provided.customers().count() + " customers, " + recorded.appended()
                        + " chain records appended)");
            }
            publish(fs, staging, release, previous);
        });
        long rows =
                manifest.files().stream().mapToLong(ExtractManifest.File::rows).sum();
        contribution.incrementWriteCount(rows);
        log.info("extract " + extractId + " released: " + manifest.files().size() + " files, " + rows
                + " rows, k achieved " + manifest.kAchieved());
        try {
            fs.delete(ExtractSlices.work(p.workOut(), extractId), true);
        } catch (IOException e) { // released: a clean-up failure does not undo that; the next plan clears it
            log.warn("extract " + extractId + ": its work folder could not be deleted (" + e.getMessage()
                    + "); the next run of this profile and date removes it");
        }
        return RepeatStatus.FINISHED;
    }

    /**
     * Under the release lock, before anything is recorded or renamed: this run's plan is still the extract's plan
     * and its staging folder is there. A new run that replanned the extract meanwhile (this run's manager killed,
     * its execution abandoned) owns the work folder now; this one releases nothing.
     */
    private static void requireStillPlanned(Profile p, ExtractSlices planned, org.apache.hadoop.fs.Path staging)
            throws IOException {
        org.apache.hadoop.fs.Path file = ExtractSlices.planFile(p.workOut(), p.extractId);
        String now = p.fs.exists(file)
                ? ExtractSlices.read(p.fs, file, ExtractSlices.class).planId()
                : null;
        if (!planned.planId().equals(now) || !p.fs.exists(staging)) {
            throw new IllegalStateException("extract " + p.extractId + ": plan " + planned.planId()
                    + " is no longer the extract's plan (another run replanned it) or its staging folder is gone;"
                    + " nothing released; run extract again");
        }
    }

    /**
     * The staging folder holds exactly the Parquet files the manifest lists, each with its digest: a part left by
     * an earlier run, or one changed since its slice wrote it, is never released.
     */
    private static void requireStagedAsListed(
            FileSystem fs, org.apache.hadoop.fs.Path staging, ExtractManifest manifest) throws IOException {
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (ExtractManifest.File f : manifest.files()) {
            listed.add(f.path());
            org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(staging, f.path());
            if (!fs.exists(file) || !ProfileExtraction.sha256(fs, file).equals(f.sha256())) {
                throw new IllegalStateException("extract " + manifest.extractId() + ": staged file " + f.path()
                        + " is missing or changed since its slice wrote it; run extract again");
            }
        }
        var files = fs.listFiles(staging, true);
        while (files.hasNext()) {
            org.apache.hadoop.fs.Path file = files.next().getPath();
            String relative = staging.toUri().relativize(file.toUri()).getPath();
            if (relative.endsWith(".parquet") && !listed.contains(relative)) {
                throw new IllegalStateException("extract " + manifest.extractId() + ": staged file " + relative
                        + " belongs to no slice of this run; run extract again");
            }
        }
    }

    /** Removes a failed extract's staged files and work folder: a leak check's failure leaves nothing behind. */
    private static void discard(Profile p) throws IOException {
        p.fs.delete(ExtractSlices.work(p.workOut(), p.extractId), true);
    }

    private static void deleteParts(Profile p, ProfileExtraction extraction, int slice) {
        for (List<ExtractPlan.Dataset> group : extraction.linkGroups()) {
            for (ExtractPlan.Dataset d : group) {
                String part = d.name() + "/" + ProfileExtraction.partName(slice);
                try {
                    p.fs.delete(new org.apache.hadoop.fs.Path(p.staging(), part), false);
                } catch (IOException e) {
                    log.warn("the staged part " + part + " of extract " + p.extractId + " (a failed slice) could not"
                            + " be deleted (" + e.getMessage() + "); the next run clears the staging folder");
                }
            }
        }
    }

    private static void closeQuietly(PersonLattice.Choice choice) {
        try {
            choice.close();
        } catch (IOException e) {
            log.warn("a k choice's local files could not be deleted (" + e.getMessage()
                    + "); the next extract removes them");
        }
    }
    /**
     * Refuses a partition made under another policy than this JVM's: a remote worker started with another
     * config folder, or a restart after the config changed.
     */
    private void requireJobsPolicy(String partitionName, ExecutionContext partition) {
        String expected = partition.getString(ExtractProfilePartitioner.POLICY_SHA256, null);
        if (!policy.sha256().equals(expected)) {
            throw new IllegalStateException("partition " + partitionName + ": this JVM's policy (sha256 "
                    + policy.sha256() + ") is not the one the job started with (" + expected
                    + "); run workers with the manager's config folder");
        }
    }

    /**
     * The recipient's key as this JVM resolves it (environment, else {@code STATE/keys/KEY_ID}): a worker
     * resolves it from its own environment and state folder, and must hold the very key the job started with
     * (same fingerprint), or the recipient would get pseudonyms that match neither earlier releases nor the
     * other profiles'. A missing or different key fails the partition, naming the recipient; nothing is
     * released without it.
     */
    private ExtractKeys.Key recipientKey(String partitionName, ExtractPlan plan, ExecutionContext partition) {
        String keyId = plan.profile().keyId();
        if (keyId == null) return null;
        String recipient = plan.profile().recipient().name();
        ExtractKeys.Key key;
        try {
            key = keys.resolve(keyId, plan.profile().name());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "partition " + partitionName + " (recipient " + recipient + "): " + e.getMessage(), e);
        }
        String expected = partition.getString(ExtractProfilePartitioner.KEY_FINGERPRINT, null);
        if (!key.fingerprint().equals(expected)) {
            throw new IllegalStateException("partition " + partitionName + " (recipient " + recipient
                    + "): this JVM's pseudonym key '" + keyId + "' (fingerprint " + key.fingerprint()
                    + ") is not the one the job started with (fingerprint " + expected
                    + "); give every worker the manager's key (environment variable " + keyId
                    + " or STATE/keys/" + keyId + ")");
        }
        return key;
    }

    /** The ledger's column for each field, as the tag job reads it ({@code governance.tag.ledger-columns}). */
    private List<String> ledgerColumns() {
        Map<String, String> renamed = properties.tag().ledgerColumns();
        return LEDGER_FIELDS.stream().map(f -> renamed.getOrDefault(f, f)).toList();
    }

    private static final List<String> LEDGER_FIELDS =
            List.of("customer_id", "purpose", "action", "event_ts", "channel", "document_version");

    /**
     * The customers of the release's slices, ascending and each once: the slices' sorted files merged as they are
     * read, so the heap holds one key per slice.
     */
    private static SortedMerge<String> releasedCustomers(FileSystem fs, List<org.apache.hadoop.fs.Path> files)
            throws IOException {
        List<SortedMerge.Source<String>> sources = new ArrayList<>();
        try {
            for (org.apache.hadoop.fs.Path f : files) {
                sources.add(SortedMerge.lines(
                        f.getName(),
                        new java.io.BufferedReader(
                                new java.io.InputStreamReader(fs.open(f), java.nio.charset.StandardCharsets.UTF_8))));
            }
        } catch (IOException | RuntimeException e) {
            for (SortedMerge.Source<String> s : sources) {
                try {
                    s.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
        return SortedMerge.lines(sources);
    }

    /** The provision record of this release: recipient, items as released, customers with the consents relied on. */
    private static ProvisionLog.Release provisionOf(
            ExtractPlan plan,
            ExtractManifest manifest,
            String extractId,
            LocalDate date,
            ProvisionLog.Customers customers) {
        List<ProvisionRecords.Item> items = new ArrayList<>();
        for (ExtractPlan.Dataset d : plan.datasets()) {
            Map<String, String> asReleased = manifest.files().stream()
                    .filter(f -> f.path().startsWith(d.name() + "/"))
                    .findFirst()
                    .map(ExtractManifest.File::generalization)
                    .orElse(Map.of());
            for (ExtractPlan.Column c : d.released()) {
                items.add(new ProvisionRecords.Item(
                        d.name(), c.name(), transformName(c.transform(), asReleased.get(c.name()))));
            }
        }
        Recipient r = plan.profile().recipient();
        return new ProvisionLog.Release(
                extractId,
                plan.profile().name(),
                date,
                r.name(),
                r.kind().name(),
                r.country(),
                "extracts/" + extractId,
                plan.profile().purpose().id(),
                plan.profile().processingStandard().configName(),
                items,
                customers);
    }

    /** The transform as extracts.yml spells it; a generalization at the level k-anonymity released it at. */
    private static String transformName(Transform t, String releasedAs) {
        if (t instanceof Transform.Keep) return "keep";
        if (t instanceof Transform.Pseudonymize) return "pseudonymize";
        if (t instanceof Transform.ScrubText) return "scrub_text";
        if (t instanceof Transform.Generalize g)
            return "generalize:" + (releasedAs != null ? releasedAs : g.hierarchy());
        return t.describe();
    }

    /**
     * A profile whose gate reads consent needs a zone whose ledger was checked against the customer master: only
     * then are grants under keys no customer has, and withdrawals under other spellings, put in doubt.
     */
    private void requireMasterChecked(ExtractPlan plan, Catalog catalog) {
        Catalog.ConsentLedger ledger = catalog.consentLedger();
        if (gateConsents(plan).isEmpty() || (ledger != null && ledger.unmatchedCustomers() != null)) return;
        throw new IllegalStateException("extract " + plan.profile().name() + ": the governed zone was tagged without "
                + "checking the consent ledger against the customer master (policy.yml customer_keys.master '"
                + policy.customerMaster() + "' missing, or a file of it without its customer key column), so a "
                + "grant under a key no customer has cannot be told from a customer's; nothing that needs consent "
                + "is released. Fix the master, run tag again, then extract");
    }

    /** The consents the profile's gate reads: its required ones, and SENSITIVE_RND when 機微情報 may go. */
    private List<String> gateConsents(ExtractPlan plan) {
        ConsentGate gate = ConsentGate.forProfile(
                plan.profile(),
                policy.purposes().stream().map(ConsentPurpose::id).toList());
        List<String> read = new ArrayList<>(gate.requiredConsents());
        if (gate.sensitiveEligible() && !read.contains(ConsentGate.SENSITIVE_RND)) read.add(ConsentGate.SENSITIVE_RND);
        return read;
    }

    /**
     * Moves the staged folder into place. A first release is one rename. A rerun replaces the old
     * release: old → {@code .previous-ID}, staging → {@code ID}, then the old one is deleted. Between
     * the two renames readers see no release (never a mixed one); a process killed there is settled
     * by the next run ({@link #settleInterruptedPublish}).
     */
    static void publish(
            FileSystem fs,
            org.apache.hadoop.fs.Path staging,
            org.apache.hadoop.fs.Path release,
            org.apache.hadoop.fs.Path previous)
            throws IOException {
        if (fs.exists(release)) {
            fs.delete(previous, true);
            rename(fs, release, previous);
        }
        rename(fs, staging, release);
        fs.delete(previous, true);
    }

    /** A publish killed between its renames left the old release aside: put it back before starting over. */
    static void settleInterruptedPublish(
            FileSystem fs, org.apache.hadoop.fs.Path release, org.apache.hadoop.fs.Path previous) throws IOException {
        if (!fs.exists(previous)) return;
        if (fs.exists(release)) fs.delete(previous, true);
        else rename(fs, previous, release);
    }

    private static void rename(FileSystem fs, org.apache.hadoop.fs.Path from, org.apache.hadoop.fs.Path to)
            throws IOException {
        if (!fs.rename(from, to)) throw new IOException("cannot rename " + from + " to " + to);
    }

    /** A clean-up failure never hides the run's own outcome; the next run removes what is left. */
    private static void deleteKState(java.nio.file.Path kFolder) {
        try {
            org.springframework.util.FileSystemUtils.deleteRecursively(kFolder);
        } catch (IOException e) {
            log.warn("the k state folder " + kFolder + " could not be deleted (" + e.getMessage()
                    + "); the next extract removes it");
        }
    }
}
