package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.provision.ProvisionLog;
import jp.insurer.governance.batch.provision.ProvisionRecords;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.batch.tag.Catalog;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.detect.TextScanner;
import jp.insurer.governance.policy.extract.AnonymizedPublication;
import jp.insurer.governance.policy.extract.ConsentGate;
import jp.insurer.governance.policy.extract.DataDictionary;
import jp.insurer.governance.policy.extract.ExtractManifest;
import jp.insurer.governance.policy.extract.ExtractPlan;
import jp.insurer.governance.policy.extract.ExtractProfiles;
import jp.insurer.governance.policy.extract.FreeTextRelease;
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
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Makes and releases one profile's extract (one partition of {@code extractProfiles}). The folder
 * {@code extracts/EXTRACT_ID/} appears complete or not at all: everything is written to
 * {@code extracts/.staging-EXTRACT_ID/} and the folder is renamed into place last. A run killed at
 * any instant publishes nothing new, and the rerun starts this profile over and writes the same bytes.
 */
class ExtractTasklet implements Tasklet {

    private static final Log log = LogFactory.getLog(ExtractTasklet.class);

    private final SuiteProperties properties;
    private final Policy policy;
    private final Configuration conf;
    private final TextScanner scanner;
    private final ExtractKeys keys;
    private final ReleaseLock releaseLock;

    ExtractTasklet(
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

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
            throws IOException, org.springframework.batch.core.job.JobInterruptedException {
        // Safe point: profiles released so far are whole; this one has not started.
        jp.insurer.governance.batch.support.GracefulStop.checkpoint();
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        var parameters = stepExecution.getJobParameters();
        var partition = stepExecution.getExecutionContext();
        String profileName = partition.getString(ExtractParameters.PROFILE);
        requireJobsPolicy(stepExecution.getStepName(), partition);
        String out = parameters.getString(SuiteJobParameters.OUT);
        LocalDate date = SuiteJobParameters.businessDate(parameters);

        // Checked again here, not only at start: tag may have run for another date since.
        ExtractInputs.requireTaggedFor(out, date.toString(), policy, conf);
        ExtractProfiles profiles = ExtractProfiles.load(Path.of(properties.config()), policy);
        Catalog catalog = ExtractInputs.read(out, conf);
        ExtractPlan plan = profiles.plan(profileName, ExtractInputs.classifications(catalog));
        ExtractKeys.Key key = recipientKey(stepExecution.getStepName(), plan, partition);

        String extractId = ExtractPaths.extractId(profileName, date);
        org.apache.hadoop.fs.Path staging =
                FileSystems.path(ExtractPaths.staging(out, extractId).toString());
        org.apache.hadoop.fs.Path release =
                FileSystems.path(ExtractPaths.release(out, extractId).toString());
        org.apache.hadoop.fs.Path previous =
                FileSystems.path(ExtractPaths.previous(out, extractId).toString());
        FileSystem fs = FileSystems.get(staging, conf);
        settleInterruptedPublish(fs, release, previous);
        fs.delete(staging, true);
        fs.mkdirs(staging);

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
                        new OwnIdentifierLoader(catalog, profiles.ownIdentifierSources(), conf))
                .progressEvery(properties.progressInterval());
        Recipient recipient = plan.profile().recipient();
        // An outside release is a third-party provision: the ledger behind it names the consent relied on
        // per customer (APPI art. 29) and, overseas, the document version it was given under (art. 28).
        ConsentEvidence evidence = recipient.outsideCompany()
                ? ConsentEvidence.load(
                        new org.apache.hadoop.fs.Path(
                                FileSystems.path(ExtractPaths.governed(out).toString()),
                                properties.tag().consentLedger()),
                        ledgerColumns(),
                        policy,
                        date,
                        properties.zone(),
                        conf)
                : null;
        if (recipient.kind() == RecipientKind.OVERSEAS_GROUP_COMPANY) {
            extraction.overseas(
                    evidence, policy.overseasConsent().get(recipient.country()).documentVersions());
        }
        ExtractManifest manifest;
        ProvisionLog.Release provision = null;
        java.nio.file.Path kFolder = null;
        try {
            // Local disk, this run's own: the k state beyond governance.extract.k-memory-mb of heap.
            kFolder = ExtractPaths.kState(properties.state(), extractId);
            extraction.kState(properties.extract().kMemoryMb().toBytes(), kFolder);
            manifest = extraction.run(
                    extractId,
                    FileSystems.path(ExtractPaths.governed(out).toString()),
                    staging,
                    key == null ? null : key.fingerprint());
            manifest = manifest.withConsentInputs(ExtractInputs.consentInputs(catalog, plan, gateConsents(plan)))
                    .withProcessingStandard(plan.profile().processingStandard());
            if (evidence != null) {
                provision = provisionOf(
                        plan,
                        manifest,
                        extractId,
                        date,
                        evidence.relied(extraction.releasedCustomers(), gateConsents(plan)));
                manifest = manifest.withProvision(new ExtractManifest.Provision(
                        provision.provisionId(),
                        provision.customers().size(),
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
        } catch (IOException | RuntimeException e) {
            fs.delete(staging, true); // a failed extract leaves nothing behind, not even hidden
            throw e;
        } finally {
            deleteKState(kFolder);
        }
        ProvisionLog.Release provided = provision;
        // One release at a time into this output, whichever JVM runs the profile: the provision chain is one
        // hash chain, which two workers appending at once would fork.
        releaseLock.holding(ProvisionRecords.folder(FileSystems.path(out)).toString(), extractId, () -> {
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
                        + provided.customers().size() + " customers, " + recorded.appended()
                        + " chain records appended)");
            }
            publish(fs, staging, release, previous);
        });
        long rows =
                manifest.files().stream().mapToLong(ExtractManifest.File::rows).sum();
        contribution.incrementWriteCount(rows);
        log.info("extract " + extractId + " released: " + manifest.files().size() + " files, " + rows
                + " rows, k achieved " + manifest.kAchieved());
        return RepeatStatus.FINISHED;
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

    /** The provision record of this release: recipient, items as released, customers with the consents relied on. */
    private static ProvisionLog.Release provisionOf(
            ExtractPlan plan,
            ExtractManifest manifest,
            String extractId,
            LocalDate date,
            java.util.SortedMap<String, List<ProvisionRecords.ReliedConsent>> customers) {
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
        if (kFolder == null) return;
        try {
            org.springframework.util.FileSystemUtils.deleteRecursively(kFolder);
        } catch (IOException e) {
            log.warn("the k state folder " + kFolder + " could not be deleted (" + e.getMessage()
                    + "); the next extract removes it");
        }
    }
}
