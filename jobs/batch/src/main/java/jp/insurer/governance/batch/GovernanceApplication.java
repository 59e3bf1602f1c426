package jp.insurer.governance.batch;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Spring Boot application that hosts the jobs; started by {@link Main} for {@code run-job}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GovernanceApplication {}
