package jp.insurer.governance.parquet.write;

import java.io.IOException;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.PrivateFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} on any Hadoop file system. Unlike parquet's {@code HadoopOutputFile} it
 * takes the file system from {@link FileSystems}, so local files are written through the raw local
 * file system and get no {@code .crc} companion.
 */
public final class FileSystemOutputFile implements OutputFile {

    private final FileSystem fs;
    private final Path path;

    public FileSystemOutputFile(FileSystem fs, Path path) {
        this.fs = fs;
        this.path = path;
    }

    /** The output file for a plain local path or a Hadoop URI. */
    public static FileSystemOutputFile of(String location, Configuration conf) throws IOException {
        Path path = FileSystems.path(location);
        return new FileSystemOutputFile(FileSystems.get(path, conf), path);
    }

    public static FileSystemOutputFile of(Path path, Configuration conf) throws IOException {
        return new FileSystemOutputFile(FileSystems.get(path, conf), path);
    }

    public Path path() {
        return path;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        return open(false, blockSizeHint);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return open(true, blockSizeHint);
    }

    private PositionOutputStream open(boolean overwrite, long blockSizeHint) throws IOException {
        long blockSize = Math.max(fs.getDefaultBlockSize(path), blockSizeHint);
        int bufferSize = Math.max(fs.getConf().getInt("io.file.buffer.size", 4096), 128 * 1024);
        return HadoopStreams.wrap(
                PrivateFiles.create(fs, path, overwrite, bufferSize, fs.getDefaultReplication(path), blockSize));
    }

    @Override
    public boolean supportsBlockSize() {
        return !FileSystems.isLocal(path);
    }

    @Override
    public long defaultBlockSize() {
        return fs.getDefaultBlockSize(path);
    }

    @Override
    public String getPath() {
        return path.toString();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
