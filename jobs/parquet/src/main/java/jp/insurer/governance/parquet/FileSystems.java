package jp.insurer.governance.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** Hadoop filesystem access as the suite needs it: no .crc side files, small files replaced whole. */
public final class FileSystems {

    private FileSystems() {}

    /**
     * The filesystem of a path. For local paths this is Hadoop's raw local filesystem: the
     * checksummed one writes a {@code .crc} file beside every output, which independent readers
     * then see as junk in the dataset folder.
     */
    public static FileSystem of(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    /**
     * Writes a small file (report, manifest) so that readers see the old content or the new one,
     * never a torn one: write a hidden sibling, then rename over the target. Local rename is atomic;
     * HDFS rename is atomic but does not replace, so the old file is deleted first; on S3A neither
     * holds and a reader may briefly see no file.
     */
    public static void writeReplacing(Path target, byte[] content, Configuration conf) throws IOException {
        FileSystem fs = of(target, conf);
        Path parent = target.getParent();
        fs.mkdirs(parent);
        Path temp = new Path(parent, "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream out = fs.create(temp, true)) {
            out.write(content);
        }
        if (fs instanceof RawLocalFileSystem local) {
            Files.move(local.pathToFile(temp).toPath(), local.pathToFile(target).toPath(),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        if (!fs.rename(temp, target)) {
            fs.delete(target, false);
            if (!fs.rename(temp, target)) {
                fs.delete(temp, false);
                throw new IOException("cannot move " + temp + " to " + target);
            }
        }
    }
}
