package jp.insurer.governance.sampledata;

import static jp.insurer.governance.parquet.ColumnType.DATE;
import static jp.insurer.governance.parquet.ColumnType.STRING;
import static jp.insurer.governance.parquet.ColumnType.TIMESTAMP;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/** The {@code customers} dataset (DIRECT): who the customer is and how to reach them. */
final class Customers {

    static final ZoneOffset JST = ZoneOffset.ofHours(9);

    static final DatasetSpec SPEC = DatasetSpec.builder("customers")
            .acquired("DIRECT")
            .col("customer_id", STRING, false, "DIRECT_IDENTIFIER", "DIRECT", "CUSTOMER_ID")
            .col("氏名", STRING, false, "DIRECT_IDENTIFIER", "DIRECT", "PERSON_NAME")
            .col("フリガナ", STRING, false, "DIRECT_IDENTIFIER", "DIRECT", "PERSON_NAME")
            .col("birth_date", DATE, false, "QUASI_IDENTIFIER", "DIRECT", "DATE_OF_BIRTH")
            .col("gender", STRING, true, "QUASI_IDENTIFIER", "DIRECT", null)
            .col("postal_code", STRING, false, "QUASI_IDENTIFIER", "DIRECT", "POSTAL_CODE")
            .col("prefecture", STRING, false, "QUASI_IDENTIFIER", "DIRECT", null)
            .col("address", STRING, false, "DIRECT_IDENTIFIER", "DIRECT", "ADDRESS")
            .col("phone", STRING, false, "DIRECT_IDENTIFIER", "DIRECT", "PHONE_NUMBER")
            .col("email", STRING, true, "DIRECT_IDENTIFIER", "DIRECT", "EMAIL_ADDRESS")
            .col("my_number", STRING, true, "DIRECT_IDENTIFIER", "DIRECT", "MY_NUMBER")
            .col("occupation", STRING, true, "QUASI_IDENTIFIER", "DIRECT", null)
            .col("created_at", TIMESTAMP, false, "NON_PERSONAL", "", null)
            .build();

    /** Age when becoming a customer, by decade from 20 (insured adults are mostly 30–59). */
    private static final Weighted<Integer> AGE_DECADE = Weighted.<Integer>builder()
            .add(20, 16)
            .add(30, 22)
            .add(40, 23)
            .add(50, 18)
            .add(60, 12)
            .add(70, 7)
            .add(80, 2)
            .build();

    private static final Weighted<String> EMAIL_DOMAIN = Weighted.<String>builder()
            .add("gmail.com", 30)
            .add("yahoo.co.jp", 20)
            .add("docomo.ne.jp", 9)
            .add("ezweb.ne.jp", 5)
            .add("au.com", 3)
            .add("softbank.ne.jp", 4)
            .add("i.softbank.jp", 3)
            .add("icloud.com", 9)
            .add("outlook.jp", 3)
            .add("hotmail.co.jp", 3)
            .add("nifty.com", 2)
            .add("biglobe.ne.jp", 2)
            .add("ocn.ne.jp", 2)
            .add("so-net.ne.jp", 1)
            .add("mail.example-group.jp", 4)
            .build();

    private static final String[] OCCUPATIONS = {
        "会社員",
        "会社員",
        "会社員",
        "会社員",
        "公務員",
        "自営業",
        "パート・アルバイト",
        "パート・アルバイト",
        "専業主婦（主夫）",
        "会社役員",
        "医師",
        "看護師",
        "教員",
        "エンジニア",
        "販売員",
        "飲食業",
        "建設業",
        "運転手",
        "農業",
        "漁業",
        "介護職",
        "保育士",
        "美容師",
        "デザイナー",
        "派遣社員",
        "契約社員",
        "無職",
    };

    private Customers() {}

    static Customer create(long seed, LocalDate asOf, long number) {
        SplittableRandom rng = Rng.forKey(seed, Rng.Stream.CUSTOMER, number);
        boolean male = rng.nextInt(100) < 49;
        Names.Name surname = Names.surname(rng);
        Names.Name given = Names.given(rng, male);

        // Customers joined over the last 15 years, more of them recently (the business grew).
        double yearsAgo = 15 * Math.pow(rng.nextDouble(), 1.6);
        LocalDate createdDate = asOf.minusDays((long) (yearsAgo * 365.25));
        int ageAtJoin = AGE_DECADE.next(rng) + rng.nextInt(10);
        LocalDate birthDate = createdDate.minusYears(ageAtJoin).minusDays(rng.nextInt(365));
        Instant createdAt = createdDate
                .atTime(LocalTime.ofSecondOfDay(7 * 3600 + rng.nextInt(16 * 3600)))
                .toInstant(JST);

        Places.Address address = Places.address(rng);
        int age = java.time.Period.between(birthDate, asOf).getYears();
        double landlineShare = age >= 65 ? 0.45 : age >= 45 ? 0.2 : 0.05;
        String phone =
                Rng.chance(rng, landlineShare) ? Places.landline(rng, address.municipality()) : Places.mobile(rng);
        String email = Rng.chance(rng, age >= 75 ? 0.5 : 0.93) ? email(rng, surname, given, birthDate) : null;
        String myNumber = Rng.chance(rng, 0.30) ? CheckDigits.myNumber(rng) : null;
        String occupation = Rng.chance(rng, 0.03) ? null : occupation(rng, age);
        String gender = Rng.chance(rng, 0.004) ? null : male ? "M" : "F";
        return new Customer(
                number,
                Customer.idOf(number),
                surname,
                given,
                male,
                gender,
                birthDate,
                address,
                phone,
                email,
                myNumber,
                occupation,
                createdAt,
                createdDate);
    }

    static Object[] row(Customer c) {
        return new Object[] {
            c.id(), c.fullName(), c.fullKana(), c.birthDate(), c.gender(),
                    c.address().postalCode(),
            c.address().prefecture(), c.address().line(), c.phone(), c.email(), c.myNumber(), c.occupation(),
            c.createdAt(),
        };
    }

    static String email(SplittableRandom rng, Names.Name surname, Names.Name given, LocalDate birthDate) {
        String s = surname.romaji().toLowerCase(java.util.Locale.ROOT);
        String g = given.romaji().toLowerCase(java.util.Locale.ROOT);
        String local = switch (rng.nextInt(8)) {
            case 0 -> g + "." + s;
            case 1 -> s + "." + g;
            case 2 -> g + s + (birthDate.getYear() % 100);
            case 3 -> g.charAt(0) + "." + s + rng.nextInt(1000);
            case 4 -> s + "_" + g.charAt(0) + Ids.two(birthDate.getMonthValue()) + Ids.two(birthDate.getDayOfMonth());
            case 5 -> g + "-" + Rng.hex(rng, 4);
            case 6 -> randomLocal(rng);
            default -> g + birthDate.getYear();
        };
        return local + "@" + EMAIL_DOMAIN.next(rng);
    }

    private static String randomLocal(SplittableRandom rng) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        int length = 6 + rng.nextInt(8);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(i == 0 ? rng.nextInt(26) : rng.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String occupation(SplittableRandom rng, int age) {
        if (age < 23 && Rng.chance(rng, 0.6)) {
            return "学生";
        }
        if (age >= 65 && Rng.chance(rng, 0.6)) {
            return Rng.chance(rng, 0.8) ? "年金受給者" : "無職";
        }
        return Rng.pick(rng, OCCUPATIONS);
    }
}
