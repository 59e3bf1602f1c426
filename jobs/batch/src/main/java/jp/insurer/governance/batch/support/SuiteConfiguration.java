package jp.insurer.governance.batch.support;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.config.PolicyLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every job shares: the validated policy and the Hadoop client configuration. */
@Configuration(proxyBeanMethods = false)
class SuiteConfiguration {

    /** Loaded once at start-up: a bad policy file stops the run before any job starts (exit 2). */
    @Bean
    Policy policy(SuiteProperties properties) {
        return PolicyLoader.load(Path.of(properties.config()));
    }

    @Bean
    org.apache.hadoop.conf.Configuration hadoopConfiguration(SuiteProperties properties) {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        String confDir = properties.hadoop().confDir();
        if (confDir == null || confDir.isBlank()) confDir = System.getenv("HADOOP_CONF_DIR");
        if (confDir != null && !confDir.isBlank()) {
            for (String site : new String[] {"core-site.xml", "hdfs-site.xml"}) {
                File file = new File(confDir, site);
                if (file.isFile()) conf.addResource(new org.apache.hadoop.fs.Path(file.toURI()));
            }
        }
        for (Map.Entry<String, String> e : properties.hadoop().properties().entrySet()) {
            conf.set(e.getKey(), e.getValue());
        }
        return conf;
    }
}
