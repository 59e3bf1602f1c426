package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.util.Objects;
import jp.insurer.governance.policy.extract.OwnIdentifierIndex;
import org.apache.hadoop.fs.Path;

/**
 * The second leak check's index of one JVM, built once per job execution and governed zone and shared by
 * every slice and profile that JVM runs for it: the index depends on the governed zone only, which one
 * execution never sees change (every step checks the plan's inputs), and building it reads every identifier
 * column of the zone, the most expensive part of an extract. Only the latest execution's index is held; a
 * restart is a new execution and builds it again. Threads asking at once wait for the one build.
 */
final class OwnIdentifierIndexes {

    private record Key(long jobExecution, String governed) {}

    /** How the index of a governed zone is built when this JVM has none for the execution. */
    interface Build {
        OwnIdentifierIndex build(Path governed) throws IOException;
    }

    private Key key;
    private OwnIdentifierIndex index;

    synchronized OwnIdentifierIndex get(long jobExecution, Path governed, Build build) throws IOException {
        Key wanted = new Key(jobExecution, governed.toString());
        if (!wanted.equals(key)) {
            key = null;
            index = null; // the earlier execution's index is not kept beside the new one
            index = Objects.requireNonNull(build.build(governed));
            key = wanted;
        }
        return index;
    }
}
