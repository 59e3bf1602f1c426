package jp.insurer.governance.parquet.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.PrivateFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * The {@link OutputFile} for a location. Local files are written with {@code java.nio} through Parquet's
 * {@link LocalOutputFile}: no {@code .crc} companions, and no process forks — Hadoop's raw local file
 * system, without the native Hadoop library, runs {@code chmod} in a subprocess for every directory it
 * creates (about 20 ms each; 730 date partitions cost tens of seconds). Other schemes go through
 * {@link FileSystemOutputFile}.
 */
public final class OutputFiles {

    private OutputFiles() {}

    public static OutputFile forLocation(String location, Configuration conf) throws IOException {
        return forPath(FileSystems.path(location), conf);
    }

    /** Creates missing parent folders of local files; remote file systems create them on write. */
    public static OutputFile forPath(Path path, Configuration conf) throws IOException {
        if (FileSystems.isLocal(path)) {
            java.nio.file.Path local = Paths.get(path.toUri());
            java.nio.file.Path parent = local.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new PrivateLocalOutputFile(local);
        }
        return FileSystemOutputFile.of(path, conf);
    }

    /** Parquet's local file, made as private as its enclosing private folder once created (see PrivateFiles). */
    static final class PrivateLocalOutputFile implements OutputFile {
        private final java.nio.file.Path path;
        private final LocalOutputFile file;

        PrivateLocalOutputFile(java.nio.file.Path path) {
            this.path = path;
            this.file = new LocalOutputFile(path);
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            PositionOutputStream out = file.create(blockSizeHint);
            PrivateFiles.restrictLocal(path);
            return out;
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            PositionOutputStream out = file.createOrOverwrite(blockSizeHint);
            PrivateFiles.restrictLocal(path);
            return out;
        }

        @Override
        public boolean supportsBlockSize() {
            return file.supportsBlockSize();
        }

        @Override
        public long defaultBlockSize() {
            return file.defaultBlockSize();
        }

        @Override
        public String getPath() {
            return file.getPath();
        }
    }
}
