package jp.insurer.governance.batch.support;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * The suite's settings ({@code governance.*} in {@code config/application.yml}), one typed tree.
 * Locations are Hadoop URIs or local paths, so moving to HDFS or S3 is a change of string.
 *
 * @param home   the suite's folder (set by scripts/)
 * @param config folder of the policy files
 * @param data   root of the raw zone (one folder per dataset)
 * @param out    root of everything the suite writes
 * @param state  local folder for the embedded job repository and run locks
 * @param hadoop Hadoop client settings
 * @param jobs   behaviour of the job runner
 * @param zone   time zone of business dates (a business date ends at midnight there)
 * @param tag    the tag job's settings
 * @param retention the retention job's settings
 * @param extract   the extract job's settings
 * @param privateZonePermission folder permission (octal, e.g. 700) of governed/, extracts/ and
 *                  quarantine/ under {@code out}, which hold personal data; files below them get it without
 *                  the execute bits (700 gives 600); empty leaves them as created
 * @param progressInterval how often a long step logs rows done, rows/s and ETA (on a terminal: a bar on stderr)
 * @param metrics   Prometheus metrics written at each job's end
 * @param lineage   OpenLineage run events of each job execution
 * @param partitioning where partitions run: threads of this JVM, or worker JVMs behind a broker
 */
@ConfigurationProperties(prefix = "governance", ignoreUnknownFields = false)
public record SuiteProperties(
        String home,
        String config,
        String data,
        String out,
        String state,
        @DefaultValue Hadoop hadoop,
        @DefaultValue Jobs jobs,
        @DefaultValue("Asia/Tokyo") java.time.ZoneId zone,
        @DefaultValue Tag tag,
        @DefaultValue Retention retention,
        @DefaultValue Extract extract,
        @DefaultValue("700") String privateZonePermission,
        @DefaultValue("10s") java.time.Duration progressInterval,
        @DefaultValue Metrics metrics,
        @DefaultValue Lineage lineage,
        @DefaultValue Partitioning partitioning) {

    public SuiteProperties {
        requireText("governance.config", config);
        requireText("governance.data", data);
        requireText("governance.out", out);
        requireText("governance.state", state);
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("governance.progress-interval must be positive, e.g. 10s");
        }
    }

    /**
     * @param confDir    folder with core-site.xml, hdfs-site.xml…; HADOOP_CONF_DIR when unset
     * @param properties extra Hadoop properties (fs.s3a.endpoint, …), applied last
     */
    public record Hadoop(String confDir, @DefaultValue Map<String, String> properties) {}

    /**
     * @param autoRecover when this machine holds the job's lock, an execution still marked STARTED
     *                    was left by a dead process; mark it failed and continue. Turn off when
     *                    several hosts share one job repository.
     * @param lockCheckInterval how often a running job checks that it still holds the job repository's lock
     *                          (one round trip); a lost lock stops the job as SIGTERM does
     */
    public record Jobs(
            @DefaultValue("true") boolean autoRecover,
            @DefaultValue("5s") java.time.Duration lockCheckInterval) {}

    /**
     * @param consentLedger dataset holding the consent events
     * @param onBadFile     FAIL stops the job on an unreadable source file; QUARANTINE_DATASET skips
     *                      that dataset (reported, exit code 4) and tags the others
     * @param threads       partitions (source files) tagged in parallel
     * @param ledgerColumns the ledger's column for each field (customer_id, purpose, action, event_ts,
     *                      channel, document_version), when an export names them differently
     * @param consentShardCustomers ledger lines and customer-master keys resolved in heap at once while the
     *                      consent table is built: the bound on the customers in heap (~280 bytes each at most)
     * @param consentCacheMb heap for the consent table's block cache during lookups (MiB); a table that fits
     *                      is read from local disk once
     */
    public record Tag(
            @DefaultValue("consent_events") String consentLedger,
            @DefaultValue("FAIL") OnBadFile onBadFile,
            @DefaultValue("2") int threads,
            @DefaultValue Map<String, String> ledgerColumns,
            @DefaultValue("250000") long consentShardCustomers,
            @DefaultValue("64") int consentCacheMb) {
        public Tag {
            if (consentShardCustomers < 1)
                throw new IllegalArgumentException("governance.tag.consent-shard-customers must be positive");
            if (consentCacheMb < 1)
                throw new IllegalArgumentException("governance.tag.consent-cache-mb must be positive");
        }
    }

    public enum OnBadFile {
        FAIL,
        QUARANTINE_DATASET
    }

    /**
     * @param auditKeyFile file holding the audit keyed-hash key (hex or base64, at least 32 bytes), used
     *                     when the environment variable GOVERNANCE_AUDIT_KEY is unset; empty means
     *                     STATE/audit.key
     * @param threads      files decided and rewritten in parallel
     * @param maxDeleteFraction safety valve: an enforcing run that would delete more than this share of
     *                     any dataset's rows stops before any change (and reports what it would do),
     *                     unless run with --allow-mass-delete
     * @param maxDeleteRows safety valve: the same for the rows one run deletes in all datasets together;
     *                     0 means no limit
     */
    public record Retention(
            String auditKeyFile,
            @DefaultValue("2") int threads,
            @DefaultValue("0.6") double maxDeleteFraction,
            @DefaultValue("0") long maxDeleteRows) {
        public Retention {
            if (maxDeleteFraction <= 0 || maxDeleteFraction > 1) {
                throw new IllegalArgumentException(
                        "governance.retention.max-delete-fraction must be in (0, 1], got " + maxDeleteFraction);
            }
            if (maxDeleteRows < 0)
                throw new IllegalArgumentException("governance.retention.max-delete-rows must be 0 (no limit) or more");
        }
    }

    /**
     * @param threads threads transforming an extract's rows (reading and writing stay on one thread,
     *                in file order, so the released bytes do not depend on this number)
     * @param kMemoryMb heap for one profile's person-level k state, in MiB (or a size with its unit, e.g. 64KB,
     *                as tests set it): beyond it the per-person signatures spill to local disk under
     *                {@code STATE/extract-k/}, whatever the number of people; the released bytes do not depend on it
     * @param slices  slices of files each profile is split into, each released as {@code DATASET/part-SLICE.parquet}
     *                by whichever JVM takes it (remote workers share a profile's work): the released rows depend on it,
     *                the threads and workers do not
     */
    public record Extract(
            @DefaultValue("2") int threads,

            @DefaultValue("512") @DataSizeUnit(DataUnit.MEGABYTES)
            DataSize kMemoryMb,

            @DefaultValue("4") int slices) {
        public Extract {
            if (threads < 1) throw new IllegalArgumentException("governance.extract.threads must be at least 1");
            if (slices < 1 || slices > 1024)
                throw new IllegalArgumentException("governance.extract.slices must be between 1 and 1024");
            if (kMemoryMb.toBytes() < 1)
                throw new IllegalArgumentException("governance.extract.k-memory-mb must be positive");
        }
    }

    /**
     * @param textfileFolder local folder where each job's end writes {@code governance_JOB.prom} for node_exporter's
     *                       textfile collector; empty means STATE/metrics, {@code off} writes none
     * @param pushgatewayUrl Pushgateway to push each job's metrics to (grouping key job=JOB), e.g.
     *                       http://pushgateway:9091; empty pushes nothing
     * @param pushTimeout    connect and read timeout of one push; a failed push is logged, the job's outcome stays
     */
    public record Metrics(
            String textfileFolder,
            String pushgatewayUrl,
            @DefaultValue("10s") java.time.Duration pushTimeout) {}

    /**
     * @param folder    local folder of the event files ({@code DATE.jsonl}, appended); empty means OUT/lineage when
     *                  {@code out} is local, else STATE/lineage; {@code off} writes none
     * @param url       OpenLineage HTTP endpoint's base (e.g. Marquez: http://marquez:5000); empty sends nothing
     * @param endpoint  path of the HTTP endpoint under {@code url}
     * @param namespace namespace of the suite's jobs
     * @param timeout   HTTP timeout of one event
     */
    public record Lineage(
            String folder,
            String url,
            @DefaultValue("/api/v1/lineage") String endpoint,
            @DefaultValue("governance") String namespace,
            @DefaultValue("10s") java.time.Duration timeout) {}

    public enum PartitioningMode {
        LOCAL,
        REMOTE
    }

    /**
     * @param mode          LOCAL: a job's partitions run on threads of its own JVM (the {@code threads} settings);
     *                      REMOTE: the job sends them over the broker to worker JVMs ({@code scripts/worker.sh})
     *                      that share the job repository, and waits for them there
     * @param brokerUrl     the ActiveMQ Artemis broker (REMOTE), e.g. tcp://broker:61616
     * @param workerThreads partitions one worker JVM runs at once
     * @param pollInterval  how often the manager looks in the job repository for finished partitions
     * @param timeout       how long the manager waits for all partitions of a step; then the step fails and
     *                      the partitions no worker finished are marked FAILED, so a restart re-runs them
     */
    public record Partitioning(
            @DefaultValue("LOCAL") PartitioningMode mode,
            @DefaultValue("tcp://localhost:61616") String brokerUrl,
            @DefaultValue("2") int workerThreads,
            @DefaultValue("2s") java.time.Duration pollInterval,
            @DefaultValue("6h") java.time.Duration timeout) {
        public Partitioning {
            if (workerThreads < 1)
                throw new IllegalArgumentException("governance.partitioning.worker-threads must be at least 1");
            if (pollInterval.isNegative() || pollInterval.isZero() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "governance.partitioning.poll-interval and .timeout must be positive, e.g. 2s and 6h");
            }
            if (mode == PartitioningMode.REMOTE) requireText("governance.partitioning.broker-url", brokerUrl);
        }

        public boolean remote() {
            return mode == PartitioningMode.REMOTE;
        }
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set (a local path or a Hadoop URI)");
        }
    }
}
