package jp.insurer.governance.batch.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@link RepositoryLock} on an H2 database: one holder per repository, the refusal names the holder, and the
 * lock is free again once the holder closes it.
 */
class RepositoryLockTest {

    private final DriverManagerDataSource repository =
            new DriverManagerDataSource("jdbc:h2:mem:repository-lock;DB_CLOSE_DELAY=-1", "sa", "");

    @Test
    void aSecondHolderIsRefusedWithTheFirstNamedUntilItCloses() throws Exception {
        try (RepositoryLock first = RepositoryLock.acquire(repository, "tag")) {
            assertThatThrownBy(() -> RepositoryLock.acquire(repository, "retention"))
                    .isInstanceOfSatisfying(RepositoryLock.HeldException.class, e -> {
                        assertThat(e.holder())
                                .matches("job tag \\(host \\S+, pid "
                                        + ProcessHandle.current().pid() + ", started \\S+\\)");
                        assertThat(e.job()).isEqualTo("tag");
                    });
        }
        try (RepositoryLock again = RepositoryLock.acquire(repository, "retention")) {
            assertThat(new RowLocks(repository).note("suite.holder")).startsWith("job retention (");
        }
        assertThat(new RowLocks(repository).note("suite.holder"))
                .as("a free lock names nobody")
                .isNull();
    }
}
