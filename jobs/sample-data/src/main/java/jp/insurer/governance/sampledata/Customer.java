package jp.insurer.governance.sampledata;

import java.time.Instant;
import java.time.LocalDate;

/** One synthetic customer; the other datasets draw names, contacts and dates from it. */
record Customer(
        long number,
        String id,
        Names.Name surname,
        Names.Name given,
        boolean male,
        String gender,
        LocalDate birthDate,
        Places.Address address,
        String phone,
        String email,
        String myNumber,
        String occupation,
        Instant createdAt,
        LocalDate createdDate) {

    String fullName() {
        return surname.kanji() + " " + given.kanji();
    }

    String fullKana() {
        return surname.kana() + " " + given.kana();
    }

    /** As on a card: GIVEN SURNAME in capitals. */
    String romajiName() {
        return given.romaji() + " " + surname.romaji();
    }

    int ageOn(LocalDate date) {
        return java.time.Period.between(birthDate, date).getYears();
    }

    static String idOf(long number) {
        return Ids.of("C", number, 10);
    }
}
