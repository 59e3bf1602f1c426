package jp.insurer.governance.batch.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jp.insurer.governance.parquet.HadoopConfigurations;
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

    /** Hadoop's defaults, the site files of governance.hadoop.conf-dir (or HADOOP_CONF_DIR), then our properties. */
    @Bean
    org.apache.hadoop.conf.Configuration hadoopConfiguration(SuiteProperties properties) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        String confDir = properties.hadoop().confDir();
        if (confDir != null && !confDir.isBlank()) environment.put("HADOOP_CONF_DIR", confDir);
        org.apache.hadoop.conf.Configuration conf = HadoopConfigurations.create(environment);
        properties.hadoop().properties().forEach(conf::set);
        return conf;
    }
}
