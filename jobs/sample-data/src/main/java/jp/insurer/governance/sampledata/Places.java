package jp.insurer.governance.sampledata;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The 47 prefectures weighted by population (2020 census, tens of thousands), each with real
 * municipalities, their landline area code and the first three digits of their postal codes.
 */
final class Places {

    record Municipality(String prefecture, String name, String areaCode, String postal3, String shortName) {
        Municipality(String prefecture, String name, String areaCode, String postal3) {
            this(prefecture, name, areaCode, postal3, shortName(name));
        }

        /** 世田谷区 → 世田谷, 札幌市中央区 → 中央, 八王子市 → 八王子: how hospitals and branches are named. */
        private static String shortName(String name) {
            String s = name.replaceAll("^.*市(?=.+区$)", "").replaceAll("(市|区|町|村)$", "");
            return s.isEmpty() ? name : s;
        }
    }

    record Address(Municipality municipality, String postalCode, String line) {
        String prefecture() {
            return municipality.prefecture();
        }

        /** Everything after the prefecture (what people say when the prefecture is obvious). */
        String withoutPrefecture() {
            return line.substring(municipality.prefecture().length());
        }
    }

    private Places() {}

    // prefecture:population(10k):municipality|areaCode|postal3,...
    private static final String TABLE = """
            北海道:522:札幌市中央区|011|060,札幌市北区|011|001,旭川市|0166|070,函館市|0138|040,帯広市|0155|080,釧路市|0154|085
            青森県:124:青森市|017|030,八戸市|0178|031,弘前市|0172|036
            岩手県:121:盛岡市|019|020,一関市|0191|021,奥州市|0197|023
            宮城県:230:仙台市青葉区|022|980,仙台市泉区|022|981,石巻市|0225|986,大崎市|0229|989
            秋田県:96:秋田市|018|010,横手市|0182|013,大館市|0186|017
            山形県:107:山形市|023|990,鶴岡市|0235|997,酒田市|0234|998
            福島県:183:福島市|024|960,郡山市|024|963,いわき市|0246|970,会津若松市|0242|965
            茨城県:287:水戸市|029|310,つくば市|029|305,日立市|0294|317,土浦市|029|300
            栃木県:193:宇都宮市|028|320,小山市|0285|323,足利市|0284|326
            群馬県:194:前橋市|027|371,高崎市|027|370,太田市|0276|373
            埼玉県:734:さいたま市浦和区|048|330,さいたま市大宮区|048|330,川口市|048|332,川越市|049|350,所沢市|04|359,越谷市|048|343
            千葉県:628:千葉市中央区|043|260,船橋市|047|273,松戸市|047|271,柏市|04|277,市川市|047|272
            東京都:1405:千代田区|03|100,新宿区|03|160,世田谷区|03|154,練馬区|03|176,大田区|03|144,足立区|03|120,江戸川区|03|132,杉並区|03|166,八王子市|042|192,町田市|042|194,府中市|042|183
            神奈川県:924:横浜市港北区|045|222,横浜市青葉区|045|225,横浜市中区|045|231,川崎市中原区|044|211,相模原市中央区|042|252,藤沢市|0466|251,横須賀市|046|238
            新潟県:220:新潟市中央区|025|951,長岡市|0258|940,上越市|025|943
            富山県:103:富山市|076|930,高岡市|0766|933
            石川県:113:金沢市|076|920,白山市|076|924,小松市|0761|923
            福井県:77:福井市|0776|910,坂井市|0776|919
            山梨県:81:甲府市|055|400,甲斐市|055|400
            長野県:205:長野市|026|380,松本市|0263|390,上田市|0268|386
            岐阜県:198:岐阜市|058|500,大垣市|0584|503,各務原市|058|504
            静岡県:363:静岡市葵区|054|420,浜松市中区|053|430,沼津市|055|410,富士市|0545|416
            愛知県:754:名古屋市中区|052|460,名古屋市千種区|052|464,名古屋市緑区|052|458,豊田市|0565|471,岡崎市|0564|444,豊橋市|0532|440,一宮市|0586|491
            三重県:177:津市|059|514,四日市市|059|510,鈴鹿市|059|513
            滋賀県:141:大津市|077|520,草津市|077|525
            京都府:258:京都市中京区|075|604,京都市左京区|075|606,宇治市|0774|611,福知山市|0773|620
            大阪府:884:大阪市北区|06|530,大阪市中央区|06|540,大阪市天王寺区|06|543,堺市堺区|072|590,豊中市|06|560,吹田市|06|564,東大阪市|06|577,枚方市|072|573
            兵庫県:547:神戸市中央区|078|650,神戸市東灘区|078|658,姫路市|079|670,西宮市|0798|662,尼崎市|06|660
            奈良県:132:奈良市|0742|630,橿原市|0744|634
            和歌山県:92:和歌山市|073|640,田辺市|0739|646
            鳥取県:55:鳥取市|0857|680,米子市|0859|683
            島根県:67:松江市|0852|690,出雲市|0853|693
            岡山県:189:岡山市北区|086|700,倉敷市|086|710
            広島県:280:広島市中区|082|730,広島市安佐南区|082|731,福山市|084|720,呉市|0823|737
            山口県:134:山口市|083|753,下関市|083|750,宇部市|0836|755
            徳島県:72:徳島市|088|770,阿南市|0884|774
            香川県:95:高松市|087|760,丸亀市|0877|763
            愛媛県:133:松山市|089|790,今治市|0898|794,新居浜市|0897|792
            高知県:69:高知市|088|780,南国市|088|783
            福岡県:514:福岡市博多区|092|812,福岡市中央区|092|810,福岡市早良区|092|814,北九州市小倉北区|093|802,久留米市|0942|830
            佐賀県:81:佐賀市|0952|840,唐津市|0955|847
            長崎県:131:長崎市|095|850,佐世保市|0956|857
            熊本県:174:熊本市中央区|096|860,八代市|0965|866
            大分県:112:大分市|097|870,別府市|0977|874
            宮崎県:107:宮崎市|0985|880,都城市|0986|885
            鹿児島県:159:鹿児島市|099|890,霧島市|0995|899
            沖縄県:147:那覇市|098|900,沖縄市|098|904,うるま市|098|904
            """;

    private static final String[] TOWNS = {
        "本町", "中央", "栄町", "緑町", "旭町", "東町", "西町", "南町", "北町", "幸町", "若葉", "桜町", "青葉台", "松が丘", "富士見", "日の出町", "曙町", "花園",
        "大和町", "錦町", "昭和町", "新町", "駅前", "宮下", "山手町", "泉町", "港町", "元町", "寿町", "住吉町", "千代田", "平和台", "みどり台", "桜ケ丘", "朝日町",
    };

    private static final String[] BUILDINGS = {
        "コーポ", "ハイツ", "メゾン", "パレス", "レジデンス", "グランドール", "パークハイツ", "サンハイム", "ロイヤルマンション", "シティハウス", "アーバンコート", "エステート",
    };

    private static final String[] BUILDING_SUFFIX = {"桜", "若葉", "ひまわり", "青葉", "グリーン", "本町", "第2", "駅前", "南"};

    static final Weighted<Municipality> MUNICIPALITY = parse();
    static final List<String> PREFECTURES = MUNICIPALITY.items().stream()
            .map(Municipality::prefecture)
            .distinct()
            .toList();

    static Address address(SplittableRandom rng) {
        Municipality m = MUNICIPALITY.next(rng);
        String postal = m.postal3() + "-" + Rng.digits(rng, 4);
        StringBuilder line = new StringBuilder(m.prefecture()).append(m.name()).append(Rng.pick(rng, TOWNS));
        line.append(1 + rng.nextInt(rng.nextInt(4) == 0 ? 9 : 5)).append("丁目");
        line.append(1 + rng.nextInt(30)).append('-').append(1 + rng.nextInt(25));
        if (Rng.chance(rng, 0.55)) {
            line.append(' ')
                    .append(Rng.pick(rng, BUILDINGS))
                    .append(Rng.pick(rng, BUILDING_SUFFIX))
                    .append(' ');
            int floor = 1 + rng.nextInt(rng.nextInt(5) == 0 ? 15 : 4);
            line.append(floor).append(Ids.two(1 + rng.nextInt(8)));
            if (Rng.chance(rng, 0.5)) {
                line.append("号室");
            }
        }
        return new Address(m, postal, line.toString());
    }

    /** A landline number in the municipality's area (10 digits, hyphenated by area-code length). */
    static String landline(SplittableRandom rng, Municipality m) {
        String area = m.areaCode();
        int localLength = 10 - area.length();
        String local = (char) ('2' + rng.nextInt(8)) + Rng.digits(rng, localLength - 1);
        int exchange = localLength - 4;
        return area + "-" + local.substring(0, exchange) + "-" + local.substring(exchange);
    }

    /** A mobile number, 070/080/090-XXXX-XXXX. */
    static String mobile(SplittableRandom rng) {
        String prefix = rng.nextInt(10) < 5 ? "090" : rng.nextInt(3) < 2 ? "080" : "070";
        return prefix + "-" + (char) ('1' + rng.nextInt(9)) + Rng.digits(rng, 3) + "-" + Rng.digits(rng, 4);
    }

    private static Weighted<Municipality> parse() {
        List<Municipality> items = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (String line : TABLE.trim().split("\n")) {
            String[] parts = line.trim().split(":");
            String prefecture = parts[0];
            double population = Double.parseDouble(parts[1]);
            String[] municipalities = parts[2].split(",");
            // The first municipality (the capital or biggest ward) gets double share.
            double share = population / (municipalities.length + 1);
            for (int i = 0; i < municipalities.length; i++) {
                String[] m = municipalities[i].split("\\|");
                items.add(new Municipality(prefecture, m[0], m[1], m[2]));
                weights.add(i == 0 ? 2 * share : share);
            }
        }
        return Weighted.of(
                items, weights.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
