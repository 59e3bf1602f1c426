package jp.insurer.governance.batch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The commit protocol stopped after each of its steps (an exception injected through the
 * {@link RetentionCommit#faults} seam, as a crash there would), then the same command run again:
 * the run fails (exit 1), the rerun resumes it, recovers the journal and converges to exactly what
 * the SQL oracle keeps, with no staging, trash or journal entry left and an intact audit chain.
 */
class RetentionFaultTest {

    @TempDir
    static Path shared;

    static Path original;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generate() {
        original = SampleData.generate(shared.resolve("original"), 300);
    }

    @AfterEach
    void clearFaults() {
        RetentionCommit.faults = (step, source) -> {};
    }

    @ParameterizedTest
    @EnumSource(RetentionCommit.Step.class)
    void aRunStoppedAfterAnyStepConvergesWhenRunAgain(RetentionCommit.Step failAfter) throws Exception {
        Path data = tmp.resolve("data");
        RetentionFixtures.copyTree(original, data);
        Path config = RetentionFixtures.config(tmp.resolve("config"), RetentionEnforceTest.RULES);
        Path out = tmp.resolve("out");
        Path state = tmp.resolve("state");
        String[] params = {
            "data=" + data, "date=" + RetentionEnforceTest.DATE, "mode=enforce", "--governance.config=" + config
        };

        // Fail twice at this step: on the 3rd change (a drop) and on the first rewrite of a contact-notes file.
        AtomicInteger seen = new AtomicInteger();
        RetentionCommit.faults = (step, source) -> {
            if (step != failAfter) return;
            boolean rewrite = source.toString().contains("contact_notes");
            if (seen.incrementAndGet() == 3 || (rewrite && seen.get() < 1000)) {
                if (rewrite) seen.set(1000);
                throw new IOException("injected crash after " + step);
            }
        };
        SuiteRun failed = SuiteRun.job(state, out, "retention", params);
        assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);
        assertThat(failed.err).contains("injected crash after " + failAfter);
        clearFaults();

        SuiteRun again = SuiteRun.job(state, out, "retention", params);
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains("resuming failed execution");
        RetentionEnforceTest.assertConverged(original, data, out);

        SuiteRun verify = SuiteRun.job(state, out, "verify-audit", "data=" + data);
        assertThat(verify.exitCode).as(verify.toString()).isZero();
    }
}
