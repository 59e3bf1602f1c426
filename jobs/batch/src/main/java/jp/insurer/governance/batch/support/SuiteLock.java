package jp.insurer.governance.batch.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One job at a time per state folder: every job writes a zone another one reads or rewrites (tag the
 * governed zone that extract reads and retention prunes; retention the raw zone that tag reads), so
 * jobs never overlap. The lock is taken before Spring starts, so a refused process never opens the
 * embedded job repository either (two JVMs in one H2 file ended with "Database is already closed"
 * for the second when the first exited). The OS releases it when the process dies, even by
 * {@code kill -9}, which is also what lets the job runner recover executions left STARTED.
 *
 * <p>The holder writes who it is (job, pid, start time) into the lock file for the refusal message.
 */
public final class SuiteLock implements AutoCloseable {

    /** The lock file, under the state folder. */
    public static final String FILE = "locks/suite.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private SuiteLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Another process (or run) holds the lock; the message names it. Exit code 3. */
    public static final class HeldException extends RuntimeException {
        HeldException(String message) {
            super(message);
        }
    }

    /** The state folder cannot be created or written (permissions, read-only mount). Exit code 2. */
    public static final class StateNotWritableException extends RuntimeException {
        StateNotWritableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @throws HeldException              when another process holds the lock
     * @throws StateNotWritableException  when the state folder is not writable by this user
     */
    public static SuiteLock acquire(Path state, String job) {
        Path file = state.resolve(FILE);
        FileChannel channel;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (FileSystemException e) { // access denied, read-only file system, a file where the folder should be
            throw notWritable(state, e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the suite lock " + file + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM holds it already (an in-process run)
            }
            if (lock == null) {
                // The holder writes its line just after taking the lock: a refusal in between waits for it briefly.
                String holder = holder(channel);
                for (int i = 0; i < 40 && holder.isEmpty(); i++) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    holder = holder(channel);
                }
                channel.close();
                throw new HeldException("refused: " + (holder.isEmpty() ? "another job" : holder)
                        + " is running with this state folder (lock " + file + "); jobs never overlap, run " + job
                        + " when it has finished");
            }
            requireWritableFiles(state, channel, lock);
            channel.truncate(0);
            String who = "job " + job + " (pid " + ProcessHandle.current().pid() + ", started "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")";
            channel.write(ByteBuffer.wrap((who + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return new SuiteLock(channel, lock);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel
            }
            throw new java.io.UncheckedIOException("cannot take the suite lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Who holds the lock: the job it was taken for, the process, and when it was taken. */
    public record Holder(String job, long pid, Instant lockedAt) {}

    private static final java.util.regex.Pattern HOLDER =
            java.util.regex.Pattern.compile("job (\\S+) \\(pid (\\d+), started (\\S+)\\)");

    /**
     * The live holder of the lock, read without taking it (a status query must never make a job
     * starting at that moment refuse): the holder's line names its pid and lock time, and that
     * process must still run and have started before the lock was taken (a reused pid has not).
     * A lock released normally is emptied; one left by {@code kill -9} names a dead process.
     *
     * @return the holder, or null when the lock is free
     */
    public static Holder liveHolder(Path state) {
        Path file = state.resolve(FILE);
        String line;
        try {
            line = Files.exists(file)
                    ? Files.readString(file, StandardCharsets.UTF_8).trim()
                    : "";
        } catch (IOException e) {
            return null;
        }
        var m = HOLDER.matcher(line);
        if (!m.find()) return null;
        Holder holder;
        try {
            holder = new Holder(m.group(1), Long.parseLong(m.group(2)), Instant.parse(m.group(3)));
        } catch (RuntimeException e) {
            return null;
        }
        return ProcessHandle.of(holder.pid())
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info()
                        .startInstant()
                        .map(s -> !s.isAfter(holder.lockedAt().plusSeconds(1)))
                        .orElse(true))
                .map(p -> holder)
                .orElse(null);
    }

    /**
     * The state folder may be writable while the H2 files in it are not (a run as root earlier, then the
     * service user): H2 would open its file read-only and fail with "Feature not supported:
     * AUTO_SERVER=TRUE && readOnly". Named here instead, before Spring opens the database.
     */
    private static void requireWritableFiles(Path state, FileChannel channel, FileLock lock) throws IOException {
        if (!Files.isDirectory(state)) return;
        java.util.List<Path> readOnly;
        try (var files = Files.list(state)) {
            // The embedded repository's files only: keys may well be read-only on purpose.
            readOnly = files.filter(f -> f.getFileName().toString().startsWith("job-repository."))
                    .filter(f -> !Files.isWritable(f))
                    .sorted()
                    .toList();
        }
        if (readOnly.isEmpty()) return;
        lock.release();
        channel.close();
        throw new StateNotWritableException(
                "the state folder " + state.toAbsolutePath() + " is not writable by user "
                        + System.getProperty("user.name") + " (" + readOnly.size() + " file(s) it cannot write, e.g. "
                        + readOnly.get(0).getFileName()
                        + "); give the user write access or set governance.state (GOVERNANCE_STATE)"
                        + " to a folder it owns",
                null);
    }

    private static StateNotWritableException notWritable(Path state, Exception e) {
        return new StateNotWritableException(
                "the state folder " + state.toAbsolutePath() + " is not writable by user "
                        + System.getProperty("user.name") + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "); give the user write access or set governance.state (GOVERNANCE_STATE) to a folder it owns",
                e);
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        int n = channel.read(buffer, 0);
        return n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8).trim();
    }

    @Override
    public void close() throws IOException {
        channel.truncate(0); // a free lock names nobody (status reads the holder without locking)
        lock.release();
        channel.close();
    }
}
