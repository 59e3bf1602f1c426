package jp.insurer.governance.sampledata;

import java.util.SplittableRandom;

/** Products of a small-amount short-term insurer, diagnoses and other reference lists. */
final class Catalog {

    private Catalog() {}

    enum Kind {
        PET,
        PROPERTY,
        HEALTH,
        TRAVEL,
        LIABILITY,
        LEGAL,
        FUNERAL
    }

    /**
     * @param renewal  probability of renewing at each term end
     * @param claimsPerYear expected claims per insured year (per trip for travel)
     */
    record Product(
            String code,
            String name,
            Kind kind,
            int premiumMin,
            int premiumMax,
            double renewal,
            double claimsPerYear) {}

    static final Weighted<Product> PRODUCTS = Weighted.<Product>builder()
            .add(new Product("PET_DOG", "ペット保険（犬）", Kind.PET, 24_000, 78_000, 0.86, 1.1), 14)
            .add(new Product("PET_CAT", "ペット保険（猫）", Kind.PET, 18_000, 52_000, 0.86, 0.7), 9)
            .add(new Product("HOUSEHOLD", "家財保険（賃貸入居者向け）", Kind.PROPERTY, 4_000, 20_000, 0.78, 0.04), 22)
            .add(new Product("EQ_SUPP", "地震補償保険（地震保険上乗せ）", Kind.PROPERTY, 6_000, 36_000, 0.84, 0.01), 8)
            .add(new Product("MEDICAL", "医療保険（少額短期）", Kind.HEALTH, 18_000, 60_000, 0.88, 0.22), 14)
            .add(new Product("CANCER_INSURANCE", "がん保険（少額短期）", Kind.HEALTH, 12_000, 48_000, 0.9, 0.03), 7)
            .add(new Product("TRAVEL", "海外旅行保険", Kind.TRAVEL, 2_000, 15_000, 0, 0.07), 10)
            .add(new Product("BICYCLE", "自転車保険", Kind.LIABILITY, 3_000, 10_000, 0.8, 0.03), 8)
            .add(new Product("LEGAL", "弁護士費用保険", Kind.LEGAL, 9_000, 36_000, 0.85, 0.04), 5)
            .add(new Product("FUNERAL", "葬儀保険", Kind.FUNERAL, 12_000, 60_000, 0.93, 0.01), 3)
            .build();

    /** A human diagnosis: ICD-10 code, Japanese name, typical days in hospital (0 = outpatient). */
    record Diagnosis(String code, String name, int typicalDays, boolean surgery) {}

    static final Weighted<Diagnosis> DIAGNOSES = Weighted.<Diagnosis>builder()
            .add(new Diagnosis("J10.1", "インフルエンザ", 0, false), 10)
            .add(new Diagnosis("U07.1", "COVID-19", 5, false), 6)
            .add(new Diagnosis("A09", "感染性胃腸炎", 2, false), 6)
            .add(new Diagnosis("J18.9", "肺炎", 10, false), 6)
            .add(new Diagnosis("J45.9", "気管支喘息", 3, false), 3)
            .add(new Diagnosis("K35.8", "急性虫垂炎", 5, true), 5)
            .add(new Diagnosis("K80.2", "胆石症", 6, true), 3)
            .add(new Diagnosis("K29.7", "胃炎", 0, false), 3)
            .add(new Diagnosis("K57.3", "大腸憩室炎", 7, false), 2)
            .add(new Diagnosis("N20.0", "腎結石", 3, false), 3)
            .add(new Diagnosis("N39.0", "尿路感染症", 4, false), 2)
            .add(new Diagnosis("E11.9", "2型糖尿病", 14, false), 3)
            .add(new Diagnosis("I10", "本態性高血圧症", 0, false), 3)
            .add(new Diagnosis("I21.9", "急性心筋梗塞", 14, true), 2)
            .add(new Diagnosis("I48.9", "心房細動", 5, true), 2)
            .add(new Diagnosis("I63.9", "脳梗塞", 30, false), 3)
            .add(new Diagnosis("C16.9", "胃の悪性新生物（胃がん）", 20, true), 2)
            .add(new Diagnosis("C18.9", "結腸の悪性新生物（大腸がん）", 18, true), 2)
            .add(new Diagnosis("C34.9", "肺の悪性新生物（肺がん）", 21, true), 1.5)
            .add(new Diagnosis("C50.9", "乳房の悪性新生物（乳がん）", 10, true), 2)
            .add(new Diagnosis("C61", "前立腺の悪性新生物（前立腺がん）", 12, true), 1)
            .add(new Diagnosis("C73", "甲状腺の悪性新生物（甲状腺がん）", 7, true), 0.5)
            .add(new Diagnosis("D25.9", "子宮筋腫", 7, true), 2)
            .add(new Diagnosis("O80", "正常分娩", 5, false), 2)
            .add(new Diagnosis("O82", "帝王切開による分娩", 8, true), 1.5)
            .add(new Diagnosis("F32.9", "うつ病エピソード", 40, false), 2)
            .add(new Diagnosis("F41.1", "全般性不安障害", 0, false), 1.5)
            .add(new Diagnosis("F20.9", "統合失調症", 60, false), 0.5)
            .add(new Diagnosis("F10.2", "アルコール依存症", 45, false), 0.3)
            .add(new Diagnosis("G43.9", "片頭痛", 0, false), 1)
            .add(new Diagnosis("H25.9", "老人性白内障", 2, true), 3)
            .add(new Diagnosis("H81.0", "メニエール病", 3, false), 1)
            .add(new Diagnosis("M17.9", "変形性膝関節症", 21, true), 2)
            .add(new Diagnosis("M51.2", "腰椎椎間板ヘルニア", 10, true), 3)
            .add(new Diagnosis("S52.5", "橈骨遠位端骨折", 3, true), 3)
            .add(new Diagnosis("S72.0", "大腿骨頸部骨折", 30, true), 2)
            .add(new Diagnosis("S82.2", "脛骨骨幹部骨折", 14, true), 1.5)
            .add(new Diagnosis("S06.0", "脳震盪", 2, false), 1)
            .add(new Diagnosis("L03.1", "蜂巣炎", 7, false), 1)
            .add(new Diagnosis("B18.2", "慢性C型肝炎", 0, false), 0.5)
            .build();

    /** Injuries only, for bicycle accidents. */
    static final Diagnosis[] INJURIES =
            DIAGNOSES.items().stream().filter(d -> d.code().startsWith("S")).toArray(Diagnosis[]::new);

    static final String[] PET_DIAGNOSES = {
        "外耳炎",
        "皮膚炎",
        "胃腸炎",
        "膀胱炎",
        "歯周病",
        "椎間板ヘルニア",
        "膝蓋骨脱臼",
        "異物誤飲",
        "骨折",
        "腎不全",
        "乳腺腫瘍",
        "リンパ腫",
        "糖尿病",
        "結膜炎",
        "アトピー性皮膚炎",
        "心臓病（僧帽弁閉鎖不全症）",
        "尿路結石",
    };

    static final String[] PET_NAMES = {"モモ", "ココ", "マロン", "ソラ", "レオ", "チョコ", "ムギ", "ハナ", "ラテ", "こてつ", "きなこ", "ルナ"};

    static final String[] HOSPITAL_SUFFIX = {
        "総合病院", "中央病院", "市民病院", "記念病院", "大学病院", "医療センター", "クリニック", "内科クリニック", "整形外科", "メンタルクリニック", "レディースクリニック", "眼科"
    };

    static String hospital(SplittableRandom rng, Places.Municipality m, Diagnosis d) {
        String place = m.shortName();
        String suffix;
        if (d.code().startsWith("F")) {
            suffix = Rng.chance(rng, 0.7) ? "メンタルクリニック" : "こころの病院";
        } else if (d.code().startsWith("O") || d.code().startsWith("D25")) {
            suffix = "レディースクリニック";
        } else if (d.code().startsWith("H25")) {
            suffix = "眼科";
        } else if (d.typicalDays() >= 10 || d.surgery()) {
            suffix = Rng.pick(rng, new String[] {"総合病院", "中央病院", "市民病院", "記念病院", "大学病院", "医療センター"});
        } else {
            suffix = Rng.pick(rng, HOSPITAL_SUFFIX);
        }
        return (suffix.equals("市民病院") ? place + "市民病院" : place + suffix);
    }

    static String vet(SplittableRandom rng, Places.Municipality m) {
        return m.shortName() + Rng.pick(rng, new String[] {"動物病院", "どうぶつ病院", "ペットクリニック", "動物医療センター"});
    }
}
