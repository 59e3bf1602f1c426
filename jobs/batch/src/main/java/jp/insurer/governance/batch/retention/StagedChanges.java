package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.audit.AuditEntry;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;

/**
 * The changes of an enforcing run whose units ran on remote workers. The audit log is one hash chain with
 * one writer, the manager, and a change may happen only after the record announcing it is durable; so a
 * worker does the heavy part (decide every row, write each replacement whole to its staging file) and
 * leaves the rest to the manager: one file per step partition under the instance's state folder
 * ({@code staged/INDEX.json}, INDEX its place in the plan), written whole when the partition ends, lists
 * the partition's changes in the order a single JVM makes them. Before its report the manager commits
 * them, partition by partition in plan order, through {@link RetentionCommit} exactly as a local unit does
 * (decision record, journal, governed copy removed, rename, committed record), then deletes the file.
 *
 * <p>Crash safety: a partition that did not finish wrote no file, and its staging files are swept by the
 * next prepare and rewritten when the partition runs again. Staging files named here are kept by that
 * sweep ({@link #stagingFiles}). A change found already made (its staging file gone: renamed into place,
 * then finished or acknowledged by the journal's recovery) is not made again; only the legal-hold records
 * of the one partition being committed when the manager died can be written twice.
 */
final class StagedChanges {

    enum Kind {
        REWRITE,
        DROP_PARTITION,
        LEGAL_HOLD
    }

    /**
     * One change as the worker decided it.
     *
     * @param source   the file to rewrite or the partition folder to drop (absent for a legal-hold record)
     * @param governed its governed copy, removed with it
     * @param entry    the audit record announcing it (keyed hashes only, never customer ids)
     */
    record Change(Kind kind, String source, String governed, AuditEntry entry) {}

    static final String FOLDER = "staged";

    private static final Logger log = LoggerFactory.getLogger(StagedChanges.class);

    private StagedChanges() {}

    /** Writes a partition's changes whole (replacing the file of an earlier, interrupted run of it). */
    static void write(Configuration conf, Path state, int index, List<Change> changes) throws IOException {
        Path file = new Path(new Path(state, FOLDER), String.format("%06d.json", index));
        FileSystems.writeReplacing(file, Json.MAPPER.writeValueAsBytes(changes), conf);
    }

    /** The staging files (scheme-less paths) that partitions handed to the manager and it has not yet committed. */
    static Set<Path> stagingFiles(Configuration conf, Path state) throws IOException {
        Set<Path> staging = new HashSet<>();
        for (Path file : files(conf, state)) {
            for (Change c : read(conf, file)) {
                if (c.kind() == Kind.REWRITE)
                    staging.add(Path.getPathWithoutSchemeAndAuthority(RetentionPaths.staging(new Path(c.source()))));
            }
        }
        return staging;
    }

    /** On the manager: commits every staged change in plan order; returns how many files or folders changed. */
    static int commit(RetentionRuns.Run run, Configuration conf) throws IOException {
        int changed = 0;
        for (Path file : files(conf, run.state)) {
            for (Change c : read(conf, file)) {
                switch (c.kind()) {
                    case LEGAL_HOLD -> run.audit.append(c.entry());
                    case REWRITE -> {
                        Path source = new Path(c.source());
                        FileSystem fs = FileSystems.get(source, conf);
                        if (fs.exists(RetentionPaths.staging(source)) && fs.exists(source)) {
                            run.commit.rewrite(source, new Path(c.governed()), c.entry());
                            changed++;
                        }
                    }
                    case DROP_PARTITION -> {
                        Path dir = new Path(c.source());
                        if (FileSystems.get(dir, conf).exists(dir)) {
                            run.commit.drop(dir, new Path(c.governed()), c.entry());
                            changed++;
                        }
                    }
                }
            }
            FileSystems.get(file, conf).delete(file, false);
        }
        if (changed > 0) log.info("committed {} change(s) staged by remote workers", changed);
        return changed;
    }

    private static List<Change> read(Configuration conf, Path file) throws IOException {
        try (InputStream in = FileSystems.get(file, conf).open(file)) {
            return Json.MAPPER.readValue(in, new TypeReference<List<Change>>() {});
        } catch (RuntimeException e) {
            throw new IOException("the staged retention changes " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<Path> files(Configuration conf, Path state) throws IOException {
        Path dir = new Path(state, FOLDER);
        FileSystem fs = FileSystems.get(dir, conf);
        if (!fs.exists(dir)) return List.of();
        return Arrays.stream(fs.listStatus(dir))
                .map(FileStatus::getPath)
                .filter(p -> p.getName().endsWith(".json"))
                .sorted()
                .toList();
    }
}
