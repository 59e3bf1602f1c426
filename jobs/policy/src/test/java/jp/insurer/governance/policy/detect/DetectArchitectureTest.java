package jp.insurer.governance.policy.detect;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The detectors are policy core: plain Java, no Spring, Hadoop or Parquet. */
class DetectArchitectureTest {

    @Test
    void detectorsUseNoFrameworks() {
        noClasses()
                .that()
                .resideInAPackage("jp.insurer.governance.policy.detect..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..", "org.apache.hadoop..", "org.apache.parquet..", "tools.jackson..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("jp.insurer.governance.policy.detect"));
    }
}
