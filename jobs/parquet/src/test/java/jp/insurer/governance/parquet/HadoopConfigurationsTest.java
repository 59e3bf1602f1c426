package jp.insurer.governance.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopConfigurationsTest {

    @TempDir
    Path tmp;

    @Test
    void loadsSiteFilesFromHadoopConfDir() throws Exception {
        Files.writeString(tmp.resolve("core-site.xml"), """
                <configuration>
                  <property><name>fs.defaultFS</name><value>hdfs://nameservice1</value></property>
                  <property><name>governance.test</name><value>core</value></property>
                </configuration>""");
        Configuration conf = HadoopConfigurations.create(Map.of("HADOOP_CONF_DIR", tmp.toString()));
        assertThat(conf.get("fs.defaultFS")).isEqualTo("hdfs://nameservice1");
        assertThat(conf.get("governance.test")).isEqualTo("core");
        assertThat(HadoopConfigurations.create(Map.of()).get("governance.test")).isNull();
    }

    @Test
    void localLocationsUseTheRawFileSystem() throws Exception {
        Configuration conf = HadoopConfigurations.create(Map.of());
        assertThat(FileSystems.path("relative/dir").toUri().getScheme()).isEqualTo("file");
        assertThat(FileSystems.path("/abs/dir").toString()).isEqualTo("file:/abs/dir");
        assertThat(FileSystems.path("hdfs://nn:8020/data").toUri().getScheme()).isEqualTo("hdfs");
        assertThat(FileSystems.path("s3a://bucket/key").toUri().getAuthority()).isEqualTo("bucket");
        assertThat(FileSystems.get(FileSystems.path("/tmp"), conf)).isInstanceOf(RawLocalFileSystem.class);
        assertThat(FileSystems.get(FileSystems.path("file:///tmp"), conf)).isInstanceOf(RawLocalFileSystem.class);
    }
}
