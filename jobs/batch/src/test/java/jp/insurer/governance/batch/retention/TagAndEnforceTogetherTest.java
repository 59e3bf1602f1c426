package jp.insurer.governance.batch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteProcess;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, finding 2: tag and retention enforce started at the same instant on one state folder and
 * one raw zone (what two cron lines at 02:00 do). Exactly one runs; the other is refused with exit 3
 * naming the holder's job and pid before it opens the H2 job repository, so the AUTO_SERVER hand-over
 * that killed the second JVM ("Database is already closed") cannot happen. No data harm: the winner's
 * outputs are the bytes of the same job run alone, and the refused job, run afterwards, completes.
 */
class TagAndEnforceTogetherTest {

    static final String DATE = SampleData.AS_OF;

    @TempDir
    Path tmp;

    @Test
    void oneRunsTheOtherIsRefusedWithExitThreeNamingTheHolderAndNothingIsHarmed() throws Exception {
        Path original = SampleData.generate(tmp.resolve("original"), 200);
        Path config = RetentionFixtures.config(tmp.resolve("config"), null);
        Path data = tmp.resolve("data");
        RetentionFixtures.copyTree(original, data);
        Path state = tmp.resolve("state");
        RetentionFixtures.auditKey(state);
        Path out = tmp.resolve("out");
        String[] tagParams = {"data=" + data, "date=" + DATE, "--governance.config=" + config};
        String[] enforceParams = {"data=" + data, "date=" + DATE, "mode=enforce", "--governance.config=" + config};

        Path tagLog = tmp.resolve("tag.log");
        Path enforceLog = tmp.resolve("retention.log");
        Process tag = SuiteProcess.startJob(state, out, tagLog, "tag", tagParams);
        Process enforce = SuiteProcess.startJob(state, out, enforceLog, "retention", enforceParams);
        assertThat(tag.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(enforce.waitFor(10, TimeUnit.MINUTES)).isTrue();
        String tagOutput = Files.readString(tagLog);
        String enforceOutput = Files.readString(enforceLog);

        boolean tagWon = tag.exitValue() == 0;
        Process winner = tagWon ? tag : enforce;
        String winnerJob = tagWon ? "tag" : "retention";
        String winnerOutput = tagWon ? tagOutput : enforceOutput;
        int loserExit = tagWon ? enforce.exitValue() : tag.exitValue();
        String loserOutput = tagWon ? enforceOutput : tagOutput;
        assertThat(winner.exitValue()).as(winnerOutput).isZero();
        assertThat(loserExit).as(loserOutput).isEqualTo(3);
        assertThat(loserOutput.strip())
                .as("one line naming the holder, nothing from the job repository")
                .matches(
                        "refused: job " + winnerJob + " \\(pid " + winner.pid()
                                + ", started \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\) is running with this state folder .*");
        assertThat(winnerOutput).doesNotContain("Database is already closed").doesNotContain("Exception");

        // The winner did exactly what it does alone, on a fresh copy of the same raw zone.
        Path aloneData = tmp.resolve("alone-data");
        RetentionFixtures.copyTree(original, aloneData);
        Path aloneState = tmp.resolve("alone-state");
        RetentionFixtures.auditKey(aloneState);
        Path aloneOut = tmp.resolve("alone-out");
        String[] aloneParams = (tagWon ? tagParams : enforceParams).clone();
        aloneParams[0] = "data=" + aloneData;
        SuiteRun alone = SuiteRun.job(aloneState, aloneOut, winnerJob, aloneParams);
        assertThat(alone.exitCode).as(alone.toString()).isZero();
        assertThat(RetentionStopTest.differences(
                        RetentionFixtures.checksums(data), RetentionFixtures.checksums(aloneData)))
                .as("raw zone files differing from " + winnerJob + " run alone")
                .isEmpty();
        if (tagWon) {
            assertThat(RetentionStopTest.differences(
                            visible(out.resolve("governed")), visible(aloneOut.resolve("governed"))))
                    .as("governed files differing from tag run alone")
                    .isEmpty();
        } else {
            assertThat(out.resolve("governed"))
                    .as("the refused tag wrote nothing")
                    .isEmptyDirectory();
        }

        // Once the holder has finished, the refused job runs normally.
        SuiteRun after = SuiteRun.job(state, out, tagWon ? "retention" : "tag", tagWon ? enforceParams : tagParams);
        assertThat(after.exitCode).as(after.toString()).isZero();
    }

    /** Checksums of the files a reader sees (no hidden bookkeeping). */
    private static Map<String, String> visible(Path root) throws Exception {
        Map<String, String> all = RetentionFixtures.checksums(root);
        all.keySet().removeIf(p -> p.startsWith(".") || p.contains("/.") || p.startsWith("_") || p.contains("/_"));
        return all;
    }
}
