package jp.insurer.governance.batch;

import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Reading trees back from the MiniDFSCluster in HDFS tests. */
public final class HdfsFiles {

    private HdfsFiles() {}

    /** Every file under {@code root}, by path relative to root, with its bytes. */
    public static Map<String, byte[]> read(FileSystem fs, Path root) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        String prefix = fs.getFileStatus(root).getPath().toUri().getPath() + "/";
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            LocatedFileStatus s = it.next();
            try (InputStream in = fs.open(s.getPath())) {
                files.put(s.getPath().toUri().getPath().substring(prefix.length()), in.readAllBytes());
            }
        }
        return files;
    }
}
