package jp.insurer.governance.sampledata;

import java.time.LocalDate;
import java.util.SplittableRandom;

/** The many ways people write the same personal data in calls, chats and e-mails. */
final class SpokenForms {

    private SpokenForms() {}

    /** A hyphenated phone number (090-1234-5678, 03-1234-5678) in one of the common written forms. */
    static String phone(SplittableRandom rng, String hyphenated) {
        String[] parts = hyphenated.split("-");
        String digits = String.join("", parts);
        return switch (rng.nextInt(12)) {
            case 0, 1, 2 -> hyphenated;
            case 3 -> digits;
            case 4 -> JapaneseText.fullWidth(hyphenated);
            case 5 -> JapaneseText.fullWidth(digits);
            case 6 -> parts[0] + "(" + parts[1] + ")" + parts[2];
            case 7 -> "(" + parts[0] + ")" + parts[1] + "-" + parts[2];
            case 8 ->
                JapaneseText.fullWidth(parts[0]) + "（" + JapaneseText.fullWidth(parts[1]) + "）"
                        + JapaneseText.fullWidth(parts[2]);
            case 9 -> "+81-" + parts[0].substring(1) + "-" + parts[1] + "-" + parts[2];
            case 10 -> String.join(" ", parts);
            default -> String.join(rng.nextBoolean() ? "ー" : "‐", parts);
        };
    }

    static String myNumber(SplittableRandom rng, String twelve) {
        String spaced = twelve.substring(0, 4) + " " + twelve.substring(4, 8) + " " + twelve.substring(8);
        return switch (rng.nextInt(5)) {
            case 0, 1 -> twelve;
            case 2 -> spaced;
            case 3 -> spaced.replace(' ', '-');
            default -> JapaneseText.fullWidth(rng.nextBoolean() ? twelve : spaced);
        };
    }

    static String card(SplittableRandom rng, String number) {
        String grouped;
        if (number.length() == 15) {
            grouped = number.substring(0, 4) + " " + number.substring(4, 10) + " " + number.substring(10);
        } else {
            grouped = number.substring(0, 4) + " " + number.substring(4, 8) + " " + number.substring(8, 12) + " "
                    + number.substring(12);
        }
        return switch (rng.nextInt(5)) {
            case 0 -> number;
            case 1, 2 -> grouped;
            case 3 -> grouped.replace(' ', '-');
            default -> JapaneseText.fullWidth(rng.nextBoolean() ? number : grouped);
        };
    }

    static String date(SplittableRandom rng, LocalDate d) {
        return switch (rng.nextInt(10)) {
            case 0, 1 -> JapaneseText.eraDate(d);
            case 2 -> JapaneseText.eraDateKanji(d);
            case 3 -> JapaneseText.eraDateShort(d);
            case 4, 5 -> d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
            case 6 -> d.getYear() + "/" + Ids.two(d.getMonthValue()) + "/" + Ids.two(d.getDayOfMonth());
            case 7 -> d.toString();
            case 8 -> JapaneseText.fullWidth(d.getYear() + "/" + d.getMonthValue() + "/" + d.getDayOfMonth());
            default ->
                JapaneseText.eraOf(d).name() + JapaneseText.eraYear(d) + "年" + d.getMonthValue() + "月"
                        + d.getDayOfMonth() + "日";
        };
    }

    /** A name as said on the phone: full name, surname only, in kana, with or without a space. */
    static String name(SplittableRandom rng, Names.Name surname, Names.Name given) {
        return switch (rng.nextInt(8)) {
            case 0, 1 -> surname.kanji() + " " + given.kanji();
            case 2, 3 -> surname.kanji() + given.kanji();
            case 4 -> surname.kanji();
            case 5 -> surname.kana() + " " + given.kana();
            case 6 -> surname.kanji() + "　" + given.kanji();
            default -> surname.kanji();
        };
    }

    static String honorific(SplittableRandom rng) {
        return switch (rng.nextInt(6)) {
            case 0, 1, 2 -> "様";
            case 3 -> "さん";
            case 4 -> "さま";
            default -> "氏";
        };
    }

    static String email(SplittableRandom rng, String email) {
        return switch (rng.nextInt(6)) {
            case 0 -> email.replace("@", "＠");
            case 1 -> JapaneseText.fullWidth(email);
            default -> email;
        };
    }
}
