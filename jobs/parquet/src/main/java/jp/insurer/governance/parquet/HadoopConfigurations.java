package jp.insurer.governance.parquet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Builds the Hadoop {@link Configuration} every job uses: Hadoop's defaults, plus the site files of
 * {@code HADOOP_CONF_DIR} when that variable names a folder (so {@code hdfs://} name services and
 * {@code s3a://} credentials providers configured by operations are picked up without code).
 */
public final class HadoopConfigurations {

    /** Site files loaded from {@code HADOOP_CONF_DIR}, in Hadoop's own order. */
    static final List<String> SITE_FILES = List.of("core-site.xml", "hdfs-site.xml");

    private HadoopConfigurations() {}

    /** A configuration from the process environment. */
    public static Configuration create() {
        return create(System.getenv());
    }

    /** A configuration from the given environment (tests pass their own map). */
    public static Configuration create(Map<String, String> environment) {
        Configuration conf = new Configuration();
        String confDir = environment.get("HADOOP_CONF_DIR");
        if (confDir != null && !confDir.isBlank()) {
            Path dir = Path.of(confDir);
            for (String name : SITE_FILES) {
                Path site = dir.resolve(name);
                if (Files.isRegularFile(site)) {
                    conf.addResource(new org.apache.hadoop.fs.Path(site.toUri()));
                }
            }
        }
        return conf;
    }
}
