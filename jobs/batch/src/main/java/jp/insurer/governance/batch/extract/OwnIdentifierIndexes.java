package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import jp.insurer.governance.policy.extract.OwnIdentifierIndex;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hadoop.fs.Path;

/**
 * The second leak check's index of one JVM, built once per job execution and governed zone and shared by
 * every slice and profile that JVM runs for it: the index depends on the governed zone only, which one
 * execution never sees change (every step checks the plan's inputs), and building it reads every identifier
 * column of the zone, the most expensive part of an extract. Only the latest execution's index is held; a
 * restart is a new execution and builds it again. Threads asking at once wait for the one build.
 *
 * <p>An index lives on disk ({@link OwnIdentifierIndex#close()} deletes its files): each {@link #get} holds it
 * until its {@link #release}; an index the next execution replaced is closed when its last holder lets go (a
 * slice of the earlier execution may still be running), and every index left is closed at JVM exit.
 */
final class OwnIdentifierIndexes {

    private static final Log log = LogFactory.getLog(OwnIdentifierIndexes.class);

    private record Key(long jobExecution, String governed) {}

    /** How the index of a governed zone is built when this JVM has none for the execution. */
    interface Build {
        OwnIdentifierIndex build(Path governed) throws IOException;
    }

    private Key key;
    private OwnIdentifierIndex index;
    private final Map<OwnIdentifierIndex, Integer> holders = new IdentityHashMap<>(); // current and replaced
    private boolean hooked;

    synchronized OwnIdentifierIndex get(long jobExecution, Path governed, Build build) throws IOException {
        Key wanted = new Key(jobExecution, governed.toString());
        if (!wanted.equals(key)) {
            OwnIdentifierIndex replaced = index;
            key = null;
            index = null; // the earlier execution's index is not kept beside the new one
            if (replaced != null && holders.getOrDefault(replaced, 0) == 0) close(replaced);
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "own-identifier index cleanup"));
                hooked = true;
            }
            index = Objects.requireNonNull(build.build(governed));
            key = wanted;
        }
        holders.merge(index, 1, Integer::sum);
        return index;
    }

    /** The holder of an index from {@link #get} lets go; a replaced index goes with its last holder. */
    synchronized void release(OwnIdentifierIndex released) {
        Integer n = holders.get(released);
        if (n == null) return;
        if (n > 1) holders.put(released, n - 1);
        else {
            holders.remove(released);
            if (released != index) close(released);
        }
    }

    private void close(OwnIdentifierIndex i) {
        holders.remove(i);
        try {
            i.close();
        } catch (IOException | RuntimeException e) {
            log.warn("own-identifier index: files not deleted: " + e);
        }
    }

    private synchronized void closeAll() {
        for (OwnIdentifierIndex i : holders.keySet().toArray(new OwnIdentifierIndex[0])) close(i);
        if (index != null) close(index);
        index = null;
        key = null;
    }
}
