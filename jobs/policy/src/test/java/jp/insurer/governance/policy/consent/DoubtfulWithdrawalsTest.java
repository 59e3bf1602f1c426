package jp.insurer.governance.policy.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DoubtfulWithdrawalsTest {

    static final List<String> PURPOSES = List.of("MARKETING", "SENSITIVE_RND");
    static final Instant CUTOFF = Instant.parse("2026-11-24T15:00:00Z");

    static ConsentBook book() {
        ConsentBook book = new ConsentBook(PURPOSES, CUTOFF);
        grant(book, "C00001", "MARKETING", "2018-01-01T00:00:00Z");
        grant(book, "C00001", "SENSITIVE_RND", "2018-01-01T00:00:00Z");
        grant(book, "C00002", "MARKETING", "2024-01-01T00:00:00Z");
        grant(book, "C00003", "MARKETING", "2018-01-01T00:00:00Z");
        book.accept(new ConsentEvent(
                "C00003", "MARKETING", ConsentAction.WITHDRAWN, Instant.parse("2019-01-01T00:00:00Z"), "web", "v"));
        return book;
    }

    static void grant(ConsentBook book, String customer, String purpose, String at) {
        book.accept(new ConsentEvent(customer, purpose, ConsentAction.GRANTED, Instant.parse(at), "web", "v"));
    }

    static LedgerLine.Validated line(String customer, String purpose, String action, String time) {
        return new LedgerLine(customer, purpose, action, time, "web", "v").validate(Set.copyOf(PURPOSES));
    }

    @Test
    void aWithdrawalWithoutCustomerPutsTheGrantsItMayPostdateInDoubt() {
        ConsentBook book = book();
        DoubtfulWithdrawals.Builder doubts = new DoubtfulWithdrawals.Builder(PURPOSES, CUTOFF);
        assertThat(doubts.line(line(null, "MARKETING", "WITHDRAWN", "2020-06-01T00:00:00+09:00")))
                .isTrue();
        ConsentLookup consent = doubts.wrap(book);

        assertThat(consent.states("C00001"))
                .as("granted before it: in doubt; its other purpose untouched")
                .containsExactly(ConsentState.UNCERTAIN, ConsentState.GRANTED);
        assertThat(consent.states("C00002")).as("granted after it").startsWith(ConsentState.GRANTED);
        assertThat(consent.states("C00003")).as("withdrawn stays withdrawn").startsWith(ConsentState.WITHDRAWN);
        assertThat(consent.states("C99999")).as("never granted").startsWith(ConsentState.NOT_GIVEN);
        assertThat(consent.decision("C00001", "MARKETING").state()).isEqualTo(ConsentState.UNCERTAIN);
        assertThat(consent.decision("C00002", "MARKETING").state()).isEqualTo(ConsentState.GRANTED);
        assertThat(doubts.unattributedLines()).isEqualTo(1);
    }

    @Test
    void anUnreadableTimePurposeOrActionWidensTheDoubt() {
        DoubtfulWithdrawals.Builder doubts = new DoubtfulWithdrawals.Builder(PURPOSES, CUTOFF);
        doubts.line(line(" ", null, "OPT_OUT", "昨日"));
        ConsentLookup consent = doubts.wrap(book());
        assertThat(consent.states("C00001")).containsExactly(ConsentState.UNCERTAIN, ConsentState.UNCERTAIN);
        assertThat(consent.states("C00002")).startsWith(ConsentState.UNCERTAIN);
    }

    @Test
    void grantsWithoutCustomerAndLinesAfterTheDateChangeNothing() {
        ConsentBook book = book();
        DoubtfulWithdrawals.Builder doubts = new DoubtfulWithdrawals.Builder(PURPOSES, CUTOFF);
        assertThat(doubts.line(line(null, "MARKETING", "GRANTED", "2020-06-01T00:00:00Z")))
                .isFalse();
        assertThat(doubts.line(line(null, "MARKETING", "WITHDRAWN", "2026-12-01T00:00:00Z")))
                .isFalse();
        assertThat(doubts.line(line("C00001", "MARKETING", "OPT_OUT", "2020-06-01T00:00:00Z")))
                .as("names its customer: that customer's own doubt")
                .isFalse();
        assertThat(doubts.wrap(book)).isSameAs(book);
    }

    @Test
    void aWithdrawalUnderAKeyNoCustomerHasPutsLookAlikeKeysInDoubt() {
        ConsentBook book = book();
        // the ledger wrote C00001's withdrawal as a number: "1" matches no customer of the master
        book.accept(new ConsentEvent(
                "1", "MARKETING", ConsentAction.WITHDRAWN, Instant.parse("2020-01-01T00:00:00Z"), "web", "v"));
        grant(book, "C-2", "MARKETING", "2020-01-01T00:00:00Z"); // unmatched and granted: that grant is in doubt
        DoubtfulWithdrawals.Builder doubts = new DoubtfulWithdrawals.Builder(PURPOSES, CUTOFF);
        doubts.unmatchedCustomer("1", book);
        doubts.unmatchedCustomer("C-2", book);
        grant(book, "00001", "MARKETING", "2018-01-01T00:00:00Z");
        ConsentLookup consent = doubts.wrap(book);

        assertThat(doubts.lookalikeCustomers()).isEqualTo(1);
        assertThat(consent.states("00001"))
                .as("skeleton 1, like the withdrawal's")
                .startsWith(ConsentState.UNCERTAIN);
        assertThat(consent.states("C00001"))
                .as("skeleton C1, digits 1: the prefix may have been dropped")
                .startsWith(ConsentState.UNCERTAIN);
        assertThat(consent.states("C00002"))
                .as("digits 2, not 1; C-2 granted: nobody else in doubt")
                .startsWith(ConsentState.GRANTED);
        assertThat(consent.states("C-2"))
                .as("a grant under a key no customer has: whose is it?")
                .startsWith(ConsentState.UNCERTAIN);
        assertThat(consent.states("1")).as("the withdrawal's own key").startsWith(ConsentState.WITHDRAWN);
    }
}
