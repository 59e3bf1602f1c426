package jp.insurer.governance.batch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.Trees;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The commit protocol stopped after each of its steps (an exception injected through the
 * {@link RetentionCommit.Faults} seam, as a crash there would), then the same command run again:
 * the run fails (exit 1), the rerun resumes it, recovers the journal and converges to exactly what
 * the SQL oracle keeps, with no staging, trash or journal entry left and an intact audit chain.
 */
class RetentionFaultIT {

    @TempDir
    static Path shared;

    static Path original;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generate() {
        original = SampleData.generate(shared.resolve("original"), 300);
    }

    @ParameterizedTest
    @EnumSource(RetentionCommit.Step.class)
    void aRunStoppedAfterAnyStepConvergesWhenRunAgain(RetentionCommit.Step failAfter) throws Exception {
        Path data = tmp.resolve("data");
        Trees.copy(original, data);
        Path config = RetentionFixtures.config(tmp.resolve("config"), RetentionEnforceIT.RULES);
        Path out = tmp.resolve("out");
        Path state = tmp.resolve("state");
        String[] params = {
            "data=" + data, "date=" + RetentionEnforceIT.DATE, "mode=enforce", "--governance.config=" + config
        };

        // Fail twice at this step: on the 3rd change (a drop) and on the first rewrite of a contact-notes file.
        AtomicInteger seen = new AtomicInteger();
        RetentionCommit.Faults faults = (step, source) -> {
            if (step != failAfter) return;
            boolean rewrite = source.toString().contains("contact_notes");
            if (seen.incrementAndGet() == 3 || (rewrite && seen.get() < 1000)) {
                if (rewrite) seen.set(1000);
                throw new IOException("injected crash after " + step);
            }
        };
        SuiteRun failed = CommitFaults.during(faults, () -> SuiteRun.job(state, out, "retention", params));
        assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);
        assertThat(failed.err).contains("injected crash after " + failAfter);

        SuiteRun again = SuiteRun.job(state, out, "retention", params);
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains("resuming failed execution");
        RetentionEnforceIT.assertConverged(original, data, out);

        SuiteRun verify = SuiteRun.job(state, out, "verify-audit", "data=" + data);
        assertThat(verify.exitCode).as(verify.toString()).isZero();
    }
}
