package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.audit.AuditEntry;
import jp.insurer.governance.policy.audit.AuditRecord;
import jp.insurer.governance.policy.audit.AuditType;
import jp.insurer.governance.policy.hash.Sha256;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit protocol of one change to the raw zone, so that a crash at any instant leaves each file
 * either as before or as after, and the next run finishes what was decided.
 *
 * <p>Rewrite of a file: (1) the new file is written whole to a hidden staging name in the same folder;
 * (2) a RETENTION_DECISION record with the checksums before and after is appended to the audit log and
 * synced; (3) a journal entry naming source, staging and checksums is written (atomically);
 * (4) the governed copy of the file is deleted, so the governed zone never keeps rows the raw zone lost;
 * (5) the staging file is renamed over the source (atomic on local disk and HDFS); (6) a
 * RETENTION_COMMITTED record is appended; (7) the journal entry is deleted. Dropping a partition is
 * the same with (1) omitted and (5) a rename of the folder to a hidden trash name, then its deletion.
 *
 * <p>{@link #recover} runs at the start of every enforcing run: a journal entry means steps 3–7 were
 * interrupted; the change is completed when the source still has its "before" checksum and the staging
 * file its "after" one (roll forward, the decision is already on record), acknowledged when the source
 * already has its "after" checksum, and abandoned otherwise (the file is decided again).
 */
final class RetentionCommit {

    /** The steps, in order; {@link Faults} can stop the protocol after any of them (tests only). */
    enum Step {
        STAGED,
        DECIDED,
        JOURNALED,
        GOVERNED_REMOVED,
        REPLACED,
        COMMITTED,
        JOURNAL_CLEARED
    }

    /**
     * Test seam: called after each step with the step and the source path; may throw to simulate a crash.
     * A job gets the application's bean of this type (kill and fault tests register one), else {@link #NONE}.
     */
    interface Faults {
        Faults NONE = (step, source) -> {};

        void after(Step step, Path source) throws IOException;
    }

    /** A recovery journal entry: what is about to change and how to tell whether it did. */
    record Journal(
            String kind,
            String runId,
            String rule,
            String dataset,
            String file,
            String source,
            String staging,
            String trash,
            String governed,
            String checksumBefore,
            String checksumAfter,
            long decisionSeq) {}

    static final String REWRITE = "REWRITE";
    static final String DROP = "DROP_PARTITION";

    private static final Logger log = LoggerFactory.getLogger(RetentionCommit.class);

    private final Configuration conf;
    private final AuditLog audit;
    private final Path journalDir;
    private final String runId;
    private final Faults faults;

    RetentionCommit(Configuration conf, AuditLog audit, Path journalDir, String runId, Faults faults) {
        this.faults = faults;
        this.conf = conf;
        this.audit = audit;
        this.journalDir = journalDir;
        this.runId = runId;
    }

    /**
     * Replaces {@code source} by the finished file at {@link RetentionPaths#staging(Path)}.
     *
     * @param decision the audit entry describing the decision (rule, dataset, file, rows, customers)
     */
    void rewrite(Path source, Path governed, AuditEntry decision) throws IOException {
        FileSystem fs = FileSystems.get(source, conf);
        Path staging = RetentionPaths.staging(source);
        faults.after(Step.STAGED, source);
        String before = sha256(fs, source);
        String after = sha256(fs, staging);
        AuditRecord decided = audit.append(decision.withChecksums(before, after));
        faults.after(Step.DECIDED, source);
        Journal journal = new Journal(
                REWRITE,
                runId,
                decision.rule(),
                decision.dataset(),
                decision.file(),
                source.toString(),
                staging.toString(),
                null,
                governed.toString(),
                before,
                after,
                decided.seq());
        Path entry = writeJournal(source, journal);
        faults.after(Step.JOURNALED, source);
        finishRewrite(fs, journal, entry, "");
    }

    /** Removes a whole partition folder. */
    void drop(Path partitionDir, Path governed, AuditEntry decision) throws IOException {
        FileSystem fs = FileSystems.get(partitionDir, conf);
        faults.after(Step.STAGED, partitionDir);
        String before = folderChecksum(fs, partitionDir);
        AuditRecord decided = audit.append(decision.withChecksums(before, null));
        faults.after(Step.DECIDED, partitionDir);
        Journal journal = new Journal(
                DROP,
                runId,
                decision.rule(),
                decision.dataset(),
                decision.file(),
                partitionDir.toString(),
                null,
                RetentionPaths.trash(partitionDir).toString(),
                governed.toString(),
                before,
                null,
                decided.seq());
        Path entry = writeJournal(partitionDir, journal);
        faults.after(Step.JOURNALED, partitionDir);
        finishDrop(fs, journal, entry, "");
    }

    private void finishRewrite(FileSystem fs, Journal j, Path entry, String note) throws IOException {
        Path source = new Path(j.source());
        Path governed = new Path(j.governed());
        FileSystem gfs = FileSystems.get(governed, conf);
        gfs.delete(governed, false);
        faults.after(Step.GOVERNED_REMOVED, source);
        FileSystems.replace(fs, new Path(j.staging()), source);
        faults.after(Step.REPLACED, source);
        committed(j, note);
        faults.after(Step.COMMITTED, source);
        fs.delete(entry, false);
        faults.after(Step.JOURNAL_CLEARED, source);
    }

    private void finishDrop(FileSystem fs, Journal j, Path entry, String note) throws IOException {
        Path dir = new Path(j.source());
        Path trash = new Path(j.trash());
        Path governed = new Path(j.governed());
        FileSystems.get(governed, conf).delete(governed, true);
        faults.after(Step.GOVERNED_REMOVED, dir);
        if (fs.exists(dir)) {
            fs.delete(trash, true); // a trash left by an earlier interrupted attempt
            if (!fs.rename(dir, trash)) throw new IOException("cannot move " + dir + " to " + trash);
        }
        faults.after(Step.REPLACED, dir);
        fs.delete(trash, true);
        committed(j, note);
        faults.after(Step.COMMITTED, dir);
        fs.delete(entry, false);
        faults.after(Step.JOURNAL_CLEARED, dir);
    }

    private void committed(Journal j, String note) throws IOException {
        audit.append(AuditEntry.of(runId, AuditType.RETENTION_COMMITTED)
                .withTarget(j.rule(), j.dataset(), fileName(j))
                .withChecksums(j.checksumBefore(), j.checksumAfter())
                .withRef(j.decisionSeq())
                .withDetail(j.kind() + note));
    }

    /**
     * Finishes or abandons every change a killed run left in the journal; then removes staging files and
     * trash folders no journal entry refers to (a crash before step 3 leaves one; it is decided again),
     * except {@code staged}: staging files a remote worker wrote for the manager to commit ({@link StagedChanges}).
     *
     * @return how many journal entries were completed, acknowledged or abandoned
     */
    int recover(Path dataRoot, Set<Long> committedRefs, Set<Path> staged) throws IOException {
        FileSystem jfs = FileSystems.get(journalDir, conf);
        int handled = 0;
        if (jfs.exists(journalDir)) {
            FileStatus[] entries = jfs.listStatus(journalDir);
            Arrays.sort(entries);
            for (FileStatus status : entries) {
                Path entry = status.getPath();
                if (!entry.getName().endsWith(".json")) continue;
                Journal j;
                try (InputStream in = jfs.open(entry)) {
                    j = Json.MAPPER.readValue(in, Journal.class);
                }
                recoverOne(j, entry, committedRefs);
                handled++;
            }
        }
        sweep(FileSystems.get(dataRoot, conf), dataRoot, staged);
        return handled;
    }

    private void recoverOne(Journal j, Path entry, Set<Long> committedRefs) throws IOException {
        Path source = new Path(j.source());
        FileSystem fs = FileSystems.get(source, conf);
        boolean alreadyCommitted = committedRefs.contains(j.decisionSeq());
        if (DROP.equals(j.kind())) {
            if (alreadyCommitted) {
                fs.delete(new Path(j.trash()), true);
                fs.delete(entry, false);
            } else {
                log.info("recovery: finishing the drop decided in audit record {}", j.decisionSeq());
                finishDrop(fs, j, entry, " (completed by recovery)");
            }
            return;
        }
        Path staging = new Path(j.staging());
        if (fs.exists(staging)
                && j.checksumAfter().equals(sha256(fs, staging))
                && fs.exists(source)
                && j.checksumBefore().equals(sha256(fs, source))) {
            log.info("recovery: finishing the rewrite decided in audit record {}", j.decisionSeq());
            finishRewrite(fs, j, entry, " (completed by recovery)");
        } else if (fs.exists(source) && j.checksumAfter().equals(sha256(fs, source))) {
            // Renamed, but the run died before (or while) recording it.
            FileSystems.get(new Path(j.governed()), conf).delete(new Path(j.governed()), false);
            if (!alreadyCommitted) committed(j, " (acknowledged by recovery)");
            fs.delete(entry, false);
        } else {
            log.warn("recovery: abandoning the rewrite of audit record {}; the file is decided again", j.decisionSeq());
            fs.delete(staging, false);
            fs.delete(entry, false);
        }
    }

    /** Deletes hidden staging files and trash folders below the data root (no journal refers to them any more). */
    private static void sweep(FileSystem fs, Path dir, Set<Path> staged) throws IOException {
        if (!fs.exists(dir)) return;
        for (FileStatus status : fs.listStatus(dir)) {
            String name = status.getPath().getName();
            if (name.startsWith(".")
                    && (name.endsWith(RetentionPaths.STAGING_SUFFIX) || name.endsWith(RetentionPaths.TRASH_SUFFIX))) {
                if (!staged.contains(Path.getPathWithoutSchemeAndAuthority(status.getPath())))
                    fs.delete(status.getPath(), true);
            } else if (status.isDirectory()) {
                sweep(fs, status.getPath(), staged);
            }
        }
    }

    private Path writeJournal(Path source, Journal journal) throws IOException {
        Path entry = new Path(journalDir, Sha256.hex(source.toString()).substring(0, 24) + ".json");
        FileSystems.writeReplacing(entry, Json.MAPPER.writeValueAsBytes(journal), conf);
        return entry;
    }

    private static String fileName(Journal j) {
        return j.file();
    }

    static String sha256(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return "sha256:" + Sha256.hex(in);
        }
    }

    /** SHA-256 over "relative-path sha256:…" lines of every file below a folder, in name order. */
    static String folderChecksum(FileSystem fs, Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        collect(fs, dir, "", lines);
        lines.sort(null);
        return "sha256:" + Sha256.hex(String.join("\n", lines));
    }

    private static void collect(FileSystem fs, Path dir, String prefix, List<String> lines) throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            String rel = prefix + s.getPath().getName();
            if (s.isDirectory()) collect(fs, s.getPath(), rel + "/", lines);
            else lines.add(rel + " " + sha256(fs, s.getPath()));
        }
    }
}
