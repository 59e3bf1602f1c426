package jp.insurer.governance.batch.support;

/**
 * A job refused to go on for safety before it changed anything (the retention safety valve): exit
 * code 2 with the message, which says what the run would have done and how to override it.
 */
public class RefusedException extends RuntimeException {

    public RefusedException(String message) {
        super(message);
    }
}
