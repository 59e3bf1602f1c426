package jp.insurer.governance.batch.status;

import java.io.PrintStream;
import java.util.List;
import jp.insurer.governance.batch.support.SuiteLock;

/** The people's view of {@code status}: one line per execution, its steps indented below it. */
final class StatusTable {

    private StatusTable() {}

    static void print(
            List<ExecutionHistory.ExecutionView> views,
            SuiteLock.Holder holder,
            boolean sharedRepository,
            StatusCommand.Request request,
            PrintStream out) {
        if (views.isEmpty()) {
            out.println("no executions" + (request.job() == null ? "" : " of " + request.job())
                    + (request.date() == null ? "" : " for " + request.date()));
        }
        if (!views.isEmpty()) {
            out.printf(
                    "%-6s %-16s %-10s %-10s %-4s %-25s %9s  %s%n",
                    "EXEC", "JOB", "DATE", "STATUS", "EXIT", "STARTED", "DURATION", "MESSAGE");
        }
        for (ExecutionHistory.ExecutionView v : views) {
            out.printf(
                    "%-6d %-16s %-10s %-10s %-4s %-25s %9s  %s%n",
                    v.execution(),
                    v.job(),
                    dash(v.date()),
                    v.status(),
                    v.exitCode() == null ? "-" : v.exitCode().toString(),
                    dash(v.start()),
                    duration(v.durationSeconds()),
                    v.message() == null ? (v.exitStatus().equals(v.status()) ? "" : v.exitStatus()) : v.message());
            if (v.process() == ExecutionHistory.Process.RUNNING) {
                out.println("       running: pid " + holder.pid() + " holds the suite lock");
            } else if (v.process() == ExecutionHistory.Process.GONE) {
                out.println("       "
                        + (sharedRepository
                                ? "no process on this host runs it; if no other host does, recover it:"
                                : "its process is gone (the suite lock is free of it); recover it:"));
                out.println("       " + v.recover());
            }
            for (ExecutionHistory.StepView s : v.steps()) {
                String name = s.partitions() > 0 ? s.step() + " ×" + s.partitions() : s.step();
                out.printf(
                        "       %-28s %-10s read %,d  write %,d  filter %,d  skip %,d  commit %,d%s  %s%s%n",
                        name,
                        s.status(),
                        s.read(),
                        s.write(),
                        s.filter(),
                        s.skip(),
                        s.commit(),
                        s.rollback() == 0 ? "" : String.format("  rollback %,d", s.rollback()),
                        duration(s.durationSeconds()),
                        s.message() == null ? "" : "  " + s.message());
            }
        }
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }

    static String duration(Long seconds) {
        if (seconds == null) return "-";
        long s = seconds;
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
    }
}
