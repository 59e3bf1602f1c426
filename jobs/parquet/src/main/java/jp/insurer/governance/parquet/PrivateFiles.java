package jp.insurer.governance.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Files written below a private folder are private too. A folder is private when others have no
 * access to it (the suite makes its personal-data zones so, {@code governance.private-zone-permission});
 * a file created anywhere below the nearest such folder gets that folder's permission without the
 * execute bits (700 gives 600, 750 gives 640), whatever the process umask, so a copied or moved
 * file does not become readable by others. Below no private folder, the file system's default applies.
 *
 * <p>On HDFS and other Hadoop file systems the permission is passed to {@code create}; local files
 * are written with {@code java.nio} and get it right after creation, while still empty (a syscall,
 * not Hadoop's {@code chmod} subprocess).
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> EXECUTE = EnumSet.of(
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /** The permission a new local file in {@code folder} must get, or null when no enclosing folder is private. */
    public static Set<PosixFilePermission> localPermission(java.nio.file.Path folder) throws IOException {
        for (java.nio.file.Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
            PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
            if (view == null) return null; // not a POSIX file system: nothing to derive
            Set<PosixFilePermission> mode;
            try {
                mode = view.readAttributes().permissions();
            } catch (NoSuchFileException e) {
                continue; // created later, with the defaults, inside its existing ancestors
            }
            if (mode.stream().noneMatch(OTHERS::contains)) {
                Set<PosixFilePermission> file = EnumSet.noneOf(PosixFilePermission.class);
                file.addAll(mode);
                file.removeAll(EXECUTE);
                return file;
            }
        }
        return null;
    }

    /** Makes a freshly created local file as private as its enclosing private folder, if any. */
    public static void restrictLocal(java.nio.file.Path file) throws IOException {
        Set<PosixFilePermission> mode = localPermission(file.toAbsolutePath().getParent());
        if (mode != null) Files.setPosixFilePermissions(file, mode);
    }

    /** The permission a new file in {@code folder} must get on {@code fs}, or null when no enclosing folder is private. */
    public static FsPermission permission(FileSystem fs, Path folder) throws IOException {
        if (fs instanceof RawLocalFileSystem local) {
            Set<PosixFilePermission> mode =
                    localPermission(local.pathToFile(folder).toPath());
            return mode == null ? null : new FsPermission(java.nio.file.attribute.PosixFilePermissions.toString(mode));
        }
        for (Path p = folder; p != null; p = p.getParent()) {
            FileStatus status;
            try {
                status = fs.getFileStatus(p);
            } catch (java.io.FileNotFoundException e) {
                continue;
            }
            FsPermission mode = status.getPermission();
            if (mode.getOtherAction() == FsAction.NONE) {
                return new FsPermission(
                        mode.getUserAction().and(FsAction.READ_WRITE),
                        mode.getGroupAction().and(FsAction.READ_WRITE),
                        FsAction.NONE);
            }
        }
        return null;
    }

    /** {@code fs.create} with the permission of {@link #permission}: how the suite creates every file through Hadoop. */
    public static FSDataOutputStream create(
            FileSystem fs, Path file, boolean overwrite, int bufferSize, short replication, long blockSize)
            throws IOException {
        if (fs instanceof RawLocalFileSystem local) {
            FSDataOutputStream out = fs.create(file, overwrite, bufferSize, replication, blockSize, null);
            restrictLocal(local.pathToFile(file).toPath());
            return out;
        }
        FsPermission mode = permission(fs, file.getParent());
        if (mode == null) return fs.create(file, overwrite, bufferSize, replication, blockSize, null);
        return fs.create(file, mode, overwrite, bufferSize, replication, blockSize, null);
    }

    /** {@link #create(FileSystem, Path, boolean, int, short, long)} with the file system's defaults. */
    public static FSDataOutputStream create(FileSystem fs, Path file, boolean overwrite) throws IOException {
        return create(
                fs,
                file,
                overwrite,
                fs.getConf().getInt("io.file.buffer.size", 4096),
                fs.getDefaultReplication(file),
                fs.getDefaultBlockSize(file));
    }
}
