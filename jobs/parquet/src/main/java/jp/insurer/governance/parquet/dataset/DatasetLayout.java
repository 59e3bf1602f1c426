package jp.insurer.governance.parquet.dataset;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The raw-zone layout the suite reads (README "Running jobs"): a dataset is a folder directly under the root holding Parquet
 * files, optionally below Hive-style partition folders. Names starting with '_' or '.' are
 * bookkeeping ({@code _SUCCESS}, {@code .staging}, {@code _ground_truth.json}) and never data.
 */
public final class DatasetLayout {

    private final Configuration conf;

    public DatasetLayout(Configuration conf) {
        this.conf = conf;
    }

    /** Dataset folders under the root, sorted by name. */
    public List<Path> datasets(Path root) throws IOException {
        FileSystem fs = root.getFileSystem(conf);
        FileStatus[] children;
        try {
            children = fs.listStatus(root);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException("data folder does not exist: " + root);
        }
        return Arrays.stream(children)
                .filter(FileStatus::isDirectory)
                .map(FileStatus::getPath)
                .filter(p -> !isHidden(p.getName()))
                .sorted(Comparator.comparing(Path::getName))
                .toList();
    }

    /** Every non-hidden file below a dataset folder, sorted by relative path. */
    public List<DatasetFile> files(Path dataset) throws IOException {
        FileSystem fs = dataset.getFileSystem(conf);
        Path qualified = fs.makeQualified(dataset);
        List<DatasetFile> out = new ArrayList<>();
        collect(fs, qualified, "", new LinkedHashMap<>(), out);
        out.sort(Comparator.comparing(DatasetFile::relative));
        return out;
    }

    private void collect(FileSystem fs, Path dir, String prefix, Map<String, String> partition, List<DatasetFile> out)
            throws IOException {
        for (FileStatus status : fs.listStatus(dir)) {
            String name = status.getPath().getName();
            if (isHidden(name)) continue;
            String relative = prefix.isEmpty() ? name : prefix + "/" + name;
            if (status.isDirectory()) {
                Map<String, String> nested = new LinkedHashMap<>(partition);
                int eq = name.indexOf('=');
                if (eq > 0) nested.put(name.substring(0, eq), unescape(name.substring(eq + 1)));
                collect(fs, status.getPath(), relative, nested, out);
            } else {
                out.add(new DatasetFile(status.getPath(), relative, partition, status.getLen()));
            }
        }
    }

    public static boolean isHidden(String name) {
        return name.startsWith("_") || name.startsWith(".") || name.endsWith(".crc");
    }

    /** Hive escapes special characters in partition values as %XX. */
    private static String unescape(String value) {
        if (value.indexOf('%') < 0) return value;
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                try {
                    s.append((char) Integer.parseInt(value.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException ignored) {
                    // not an escape: keep the '%' as it is
                }
            }
            s.append(c);
        }
        return s.toString();
    }
}
