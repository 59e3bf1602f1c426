package jp.insurer.governance.batch.support;

import java.io.IOException;
import jp.insurer.governance.parquet.FileSystems;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * What every job does to the output root before it starts (under the suite lock, so no other job is
 * writing there):
 * <ul>
 *   <li>the zones holding personal data (governed records, research extracts, quarantined ledger lines,
 *       third-party provision records with customer keys)
 *       get the configured folder permission ({@code governance.private-zone-permission}, default 700):
 *       a folder only its owner may enter keeps names and My Numbers from other users of the machine or
 *       cluster, and every file the suite writes below it gets the same permission without execute bits
 *       (700 gives 600; see {@link jp.insurer.governance.parquet.PrivateFiles});</li>
 *   <li>what a killed process left mid-write is deleted: hidden {@code .*.tmp} files (small files and
 *       quarantine files are written to a hidden sibling, then renamed) in the bookkeeping folders and
 *       in quarantine/, and the hidden {@code .staging-*} folders where tag and extract build their
 *       outputs before renaming them into place. No run reuses a staged file (a restart writes it
 *       again), and the suite lock guarantees that no other job is staging now.</li>
 * </ul>
 * Retention's own staging files in the raw zone are not touched here: its journal settles them.
 */
public final class OutputHygiene {

    /** Folders under {@code out} whose files hold personal data. */
    static final String[] PRIVATE_ZONES = {"governed", "extracts", "quarantine", "provision", "subject-requests"};
    /** Folders under {@code out} whose small files are written through a hidden temporary sibling. */
    static final String[] BOOKKEEPING = {"reports", "catalog", "retention", "audit", "quarantine", "subject-requests"};
    /** Folders under {@code out} where jobs stage outputs in hidden {@code .staging-*} folders (TagPaths, ExtractPaths). */
    static final String[] STAGING = {"governed", "extracts"};

    private OutputHygiene() {}

    public static void prepare(String out, SuiteProperties properties, Configuration conf) throws IOException {
        Path root = FileSystems.path(out);
        FileSystem fs = FileSystems.get(root, conf);
        String permission = properties.privateZonePermission();
        if (permission != null && !permission.isBlank()) {
            FsPermission p = new FsPermission(permission.trim());
            for (String zone : PRIVATE_ZONES) {
                Path dir = new Path(root, zone);
                fs.mkdirs(dir);
                if (!fs.getFileStatus(dir).getPermission().equals(p)) fs.setPermission(dir, p);
            }
        }
        for (String folder : BOOKKEEPING) sweep(fs, new Path(root, folder));
        for (String zone : STAGING) {
            Path dir = new Path(root, zone);
            if (!fs.exists(dir)) continue;
            for (FileStatus s : fs.listStatus(dir)) {
                if (!deleteIfTemp(fs, s)
                        && s.isDirectory()
                        && s.getPath().getName().startsWith(".staging-")) {
                    fs.delete(s.getPath(), true);
                }
            }
        }
    }

    private static void sweep(FileSystem fs, Path dir) throws IOException {
        if (!fs.exists(dir)) return;
        for (FileStatus s : fs.listStatus(dir)) {
            if (!deleteIfTemp(fs, s) && s.isDirectory()) sweep(fs, s.getPath());
        }
    }

    private static boolean deleteIfTemp(FileSystem fs, FileStatus s) throws IOException {
        String name = s.getPath().getName();
        if (s.isFile() && name.startsWith(".") && name.endsWith(".tmp")) {
            fs.delete(s.getPath(), false);
            return true;
        }
        return false;
    }
}
