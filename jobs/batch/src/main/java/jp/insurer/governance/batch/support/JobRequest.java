package jp.insurer.governance.batch.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code run-job} command line: {@code JOB [name=value ...] [--restart | --recover | --rerun]
 * [--allow-future-date] [--allow-mass-delete]}. Arguments starting with {@code --governance.},
 * {@code --spring.} or {@code --logging.} are Spring settings and pass through.
 *
 * @param allowFutureDate run for a business date after today (in the configured zone); refused otherwise
 * @param allowMassDelete let this run's enforcement exceed the retention safety valve
 */
public record JobRequest(
        String job,
        Map<String, String> parameters,
        Mode mode,
        boolean recover,
        List<String> springArguments,
        boolean allowFutureDate,
        boolean allowMassDelete) {

    static final String OPTIONS = "--restart, --recover, --rerun, --allow-future-date, --allow-mass-delete";

    public enum Mode {
        /** Start; a FAILED or STOPPED execution with the same parameters is resumed, as Spring Batch does. */
        START,
        /** Resume the last FAILED or STOPPED execution with these parameters; error if there is none. */
        RESTART,
        /** Run again an instance that already completed, as a new instance. */
        RERUN,
        /** Only mark a dead execution as failed. */
        RECOVER_ONLY
    }

    /** @throws IllegalArgumentException with a one-line reason when the command line is invalid */
    public static JobRequest parse(String[] args) {
        if (args.length == 0 || args[0].startsWith("-") || args[0].contains("=")) {
            throw new IllegalArgumentException("usage: run-job JOB [name=value ...] [--restart | --recover | --rerun]"
                    + " [--allow-future-date] [--allow-mass-delete]");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> spring = new ArrayList<>();
        boolean restart = false;
        boolean rerun = false;
        boolean recover = false;
        boolean allowFutureDate = false;
        boolean allowMassDelete = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--restart" -> restart = true;
                case "--rerun" -> rerun = true;
                case "--recover" -> recover = true;
                case "--allow-future-date" -> allowFutureDate = true;
                case "--allow-mass-delete" -> allowMassDelete = true;
                default -> {
                    if (arg.startsWith("--governance.")
                            || arg.startsWith("--spring.")
                            || arg.startsWith("--logging.")) {
                        spring.add(arg);
                    } else if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option '" + arg + "'; options: " + OPTIONS);
                    } else {
                        int eq = arg.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException(
                                    "job parameter '" + arg + "' is not of the form name=value");
                        }
                        String name = arg.substring(0, eq);
                        if (parameters.put(name, arg.substring(eq + 1)) != null) {
                            throw new IllegalArgumentException("job parameter '" + name + "' is given twice");
                        }
                    }
                }
            }
        }
        if (restart && rerun) throw new IllegalArgumentException("--restart and --rerun exclude each other");
        if (recover && rerun) {
            throw new IllegalArgumentException(
                    "--recover and --rerun exclude each other (--recover alone recovers killed reruns too)");
        }
        Mode mode = restart ? Mode.RESTART : rerun ? Mode.RERUN : recover ? Mode.RECOVER_ONLY : Mode.START;
        return new JobRequest(
                args[0], Map.copyOf(parameters), mode, recover, List.copyOf(spring), allowFutureDate, allowMassDelete);
    }
}
