package jp.insurer.governance.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The policy core must run in any engine: no Spring, Hadoop or Parquet on its import list. */
class PolicyCoreArchitectureTest {

    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("jp.insurer.governance.policy");

    @Test
    void policyCoreImportsNoFramework() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "org.apache.hadoop..",
                        "org.apache.parquet..",
                        "jakarta..",
                        "javax.batch..")
                .because("the policy core is plain Java, wrapped by jobs at the edge")
                .check(core);
    }

    @Test
    void policyCoreIsNotEmpty() {
        // Guards the rule above against passing vacuously if the package were renamed.
        org.assertj.core.api.Assertions.assertThat(core.size()).isGreaterThan(3);
    }
}
