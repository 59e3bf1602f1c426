package jp.insurer.governance.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LeaseRecoverable;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Locations as the suite's users write them — a plain local path or a Hadoop URI ({@code file://},
 * {@code hdfs://}, {@code s3a://}) — turned into Hadoop paths and file systems.
 *
 * <p>Local locations use {@link RawLocalFileSystem}: Hadoop's default local file system writes a
 * {@code .crc} file beside every output, which readers of a dataset folder would trip over.
 */
public final class FileSystems {

    private FileSystems() {}

    /** A plain path (relative or absolute) becomes an absolute {@code file:} path; URIs stay as they are. */
    public static Path path(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("location is empty");
        }
        if (hasScheme(location)) {
            return new Path(URI.create(location));
        }
        return new Path(Paths.get(location).toAbsolutePath().normalize().toUri());
    }

    /** True for {@code file:} paths, which are handled without checksum files. */
    public static boolean isLocal(Path path) {
        String scheme = path.toUri().getScheme();
        return scheme == null || "file".equalsIgnoreCase(scheme);
    }

    /**
     * The file system for a path. Local paths get a fresh {@link RawLocalFileSystem} (cheap, holds no
     * resources); others come from Hadoop's cache, so callers must not close them.
     */
    public static FileSystem get(Path path, Configuration conf) throws IOException {
        if (isLocal(path)) {
            RawLocalFileSystem raw = new RawLocalFileSystem();
            raw.initialize(URI.create("file:///"), conf);
            return raw;
        }
        return path.getFileSystem(conf);
    }

    private static boolean hasScheme(String location) {
        int colon = location.indexOf(':');
        // "C:\..." style drive letters are not schemes; a scheme is at least two characters.
        if (colon < 2) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = location.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.';
            if (!ok || (i == 0 && !Character.isLetter(c))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes a small file (report, manifest) so that readers see the old content or the new one,
     * never a torn one: write a hidden sibling, then rename over the target. Local rename is atomic;
     * HDFS rename is atomic but does not replace, so the old file is deleted first; on S3A neither
     * holds and a reader may briefly see no file.
     */
    public static void writeReplacing(Path target, byte[] content, Configuration conf) throws IOException {
        FileSystem fs = get(target, conf);
        Path parent = target.getParent();
        fs.mkdirs(parent);
        Path temp = new Path(parent, "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream out = PrivateFiles.create(fs, temp, true)) {
            out.write(content);
        }
        replace(fs, temp, target);
    }

    /** Moves a finished file over its target: atomic on local disk and HDFS (see writeReplacing). */
    public static void replace(FileSystem fs, Path source, Path target) throws IOException {
        if (fs instanceof RawLocalFileSystem local) {
            Files.move(
                    local.pathToFile(source).toPath(),
                    local.pathToFile(target).toPath(),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        if (!fs.rename(source, target)) {
            fs.delete(target, false);
            if (!fs.rename(source, target)) {
                throw new IOException("cannot move " + source + " to " + target);
            }
        }
    }

    /** How long HDFS may take to settle a truncated last block before {@link #truncate} gives up. */
    static final Duration TRUNCATE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Cuts a file to {@code length} and returns once it can be appended to again. {@code truncate}
     * returning false is not a failure: on HDFS it means the cut falls inside a block, which the
     * datanodes adjust in the background; the file is usable once closed again at the new length
     * (FileSystem.truncate's contract).
     *
     * @throws IOException when the truncation has not finished within {@link #TRUNCATE_TIMEOUT}
     */
    public static void truncate(FileSystem fs, Path file, long length) throws IOException {
        if (fs.truncate(file, length)) return;
        long deadline = System.nanoTime() + TRUNCATE_TIMEOUT.toNanos();
        while (true) {
            boolean closed = !(fs instanceof LeaseRecoverable leases) || leases.isFileClosed(file);
            if (closed && fs.getFileStatus(file).getLen() == length) return;
            if (System.nanoTime() > deadline) {
                throw new IOException("cannot cut " + file + " to " + length
                        + " bytes: the truncation did not finish within " + TRUNCATE_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while " + file + " was being truncated", e);
            }
        }
    }
}
