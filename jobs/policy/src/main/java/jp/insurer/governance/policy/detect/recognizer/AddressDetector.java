package jp.insurer.governance.policy.detect.recognizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.Detector;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ScanText;

/**
 * Japanese postal addresses: [都道府県] 市区町村 (one to three levels: 横浜市中区, 北海道河東郡音更町)
 * town, block numbers (3丁目5番2号, 3-5-2, 123番地の4) and an optional building and room. A
 * prefecture plus municipality without block numbers names a city, not a home, and scores low unless
 * context (住所, 所在地…) says it is an address.
 */
public final class AddressDetector implements Detector {

    static final String PREFECTURE = "(?:北海道|東京都|京都府|大阪府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉"
            + "|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川"
            + "|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県)";
    private static final Pattern PREFECTURE_AT = Pattern.compile(PREFECTURE);

    private static final String NAME_CHAR = "[\\p{IsHan}\\p{IsKatakana}ヶケ々ー]";
    private static final String MUNICIPALITY =
            "(?:(?:さいたま|つくば|いわき|ひたちなか|かすみがうら|つくばみらい|あきる野|いすみ|" + NAME_CHAR + "{1,6}?)(?:市|区|町|村|郡))";
    private static final String NUM = "(?:\\d{1,5}|[一二三四五六七八九十]{1,3})";
    // town names: kanji/katakana, の/が (丸の内, 霞が関), 北1条 (Sapporo), and hiragana runs that do not start
    // with a particle (みなとみらい, ひばりが丘), so that 横浜市で1-2人 is not an address
    private static final String TOWN =
            "(?:" + NAME_CHAR + "|[のがケヶノ]|\\d{1,2}条|上る|下る|入る|(?![にでかまはをへともやよ])[ぁ-ゖ]{3,8}){0,14}?";
    // at least one marker (1-2-3, 3丁目, 123番地): a bare number after a city is rarely a house number
    private static final String HOUSE = NUM + "(?:(?:\\s?(?:丁目|番地の?|番|号|-|の)\\s?" + NUM
            + "){1,3}(?:丁目|番地|番|号)?|(?:丁目|番地|番|号)|(?<=\\d{2})(?![\\d年月日円人件回個歳時分秒%万千百倍名台本枚ヶか週]))";
    private static final String BUILDING = "(?:[ ,、]?[\\p{IsHan}\\p{IsKatakana}A-Za-zー・]{1,16}?"
            + "(?:ビル|マンション|ハイツ|コーポ|荘|アパート|タワー|レジデンス|ハウス|コート|パレス|ヒルズ|プラザ|団地|メゾン|ヴィラ)[\\p{IsHan}]{0,2}"
            + "(?:\\s?[A-Z]?\\d{1,2}(?:号館|棟))?(?:\\s?\\d{1,4}(?:号室|階|F)?)?|\\s?\\d{1,4}号室)?";

    private static final Pattern FULL = Pattern.compile("(?:(" + PREFECTURE + ")\\s?)?(" + MUNICIPALITY
            + "{1,3})(?:\\s?" + TOWN + "(" + HOUSE + ")" + BUILDING + ")?");

    /**
     * Block numbers after a town with no city before it (太子堂三丁目二十四番十号, 三軒茶屋2-11-22):
     * a 丁目 with its 番/号, or three dash-joined groups. The town is the kanji/katakana run before it.
     */
    private static final Pattern TOWN_BLOCK =
            Pattern.compile("(?:" + NUM + "\\s?丁目\\s?(?:" + NUM + "\\s?(?:番地?|-|の)\\s?" + NUM + "\\s?号?|" + NUM
                    + "\\s?(?:番地?|号))?" + "|\\d{1,2}-\\d{1,3}-\\d{1,4}(?![\\d-]))");
    /** A town run ending in one of these is a label or a count, not a town (電話番号3-1-2, 第2-1-3). */
    private static final List<String> NOT_TOWN_ENDS = List.of(
            "番号", "電話", "携帯", "番", "第", "号", "口座", "コード", "明治", "大正", "昭和", "平成", "令和", "期", "版", "条", "項", "章", "節",
            "表", "図", "型", "式", "年", "月", "日");

    static final double TOWN_BLOCK_FULL = 0.8;
    static final double TOWN_BLOCK_CHOME = 0.6;
    static final double TOWN_BLOCK_DASHED = 0.65;

    private final ContextWords context;

    public AddressDetector(ContextWords context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "address-jp";
    }

    static boolean startsWithPrefecture(String s, int at) {
        Matcher m = PREFECTURE_AT.matcher(s);
        m.region(at, s.length());
        return m.lookingAt();
    }

    @Override
    public List<Finding> detect(ScanText text) {
        String s = text.normalized();
        List<Finding> out = new ArrayList<>();
        Matcher m = FULL.matcher(s);
        int covered = 0;
        // An address needs a municipality ending in 市区町村郡, at most 11 chars after the address
        // starts (prefecture + name). Try anchored matches only near those chars: a plain find()
        // over a long document costs far more.
        for (int anchor = 0; anchor < s.length(); anchor++) {
            if (!isMunicipalityEnd(s.charAt(anchor)) || anchor < covered) continue;
            for (int start = Math.max(covered, anchor - 11); start < anchor; start++) {
                m.region(start, s.length());
                if (!m.lookingAt()) continue;
                int end = m.end();
                boolean pref = m.group(1) != null;
                boolean house = m.group(3) != null;
                if (!pref) {
                    // without a prefecture the municipality must start a word, else 担当営業部横浜市 would match
                    char b = start > 0 ? s.charAt(start - 1) : ' ';
                    if (Character.UnicodeScript.of(b) == Character.UnicodeScript.HAN
                            || Character.UnicodeScript.of(b) == Character.UnicodeScript.KATAKANA) continue;
                }
                while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '-')) end--;
                boolean ctx = context.near(text, EntityTypes.ADDRESS, start, end);
                double score;
                if (house) score = pref ? 0.92 : (ctx ? 0.88 : 0.8);
                else score = ctx ? 0.7 : (pref ? 0.4 : 0.25);
                out.add(text.finding(EntityTypes.ADDRESS, null, start, end, score, name()));
                covered = end;
                break;
            }
        }
        townBlocks(text, s, out);
        return out;
    }

    private void townBlocks(ScanText text, String s, List<Finding> out) {
        Matcher m = TOWN_BLOCK.matcher(s);
        int n = s.length();
        int from = 0;
        for (int k = 1; k < n; k++) {
            // anchors: a number right after a town char
            char c = s.charAt(k);
            boolean num = Spans.isDigit(c) || "一二三四五六七八九十".indexOf(c) >= 0;
            if (!num || k < from || !isTownChar(s.charAt(k - 1)) || "一二三四五六七八九十".indexOf(s.charAt(k - 1)) >= 0)
                continue;
            m.region(k, n);
            if (!m.lookingAt()) continue;
            String block = m.group();
            boolean chome = block.contains("丁目");
            boolean full = chome && (block.contains("番") || block.contains("号") || block.indexOf('-') > 0);
            if (chome && !full && !block.endsWith("丁目")) continue;
            int t = k;
            while (t > 0 && k - t < 8 && isTownChar(s.charAt(t - 1))) t--;
            String town = s.substring(t, k);
            if (town.length() < 2 || endsWithAny(town, NOT_TOWN_ENDS)) continue;
            int end = m.end();
            while (end > k && s.charAt(end - 1) == ' ') end--;
            double score = full ? TOWN_BLOCK_FULL : chome ? TOWN_BLOCK_CHOME : TOWN_BLOCK_DASHED;
            if (context.near(text, EntityTypes.ADDRESS, t, end)) score = Math.max(score, 0.85);
            out.add(text.finding(EntityTypes.ADDRESS, null, t, end, score, name()));
            from = end;
        }
    }

    private static boolean isTownChar(char c) {
        Character.UnicodeScript sc = Character.UnicodeScript.of(c);
        // が/ノ/ケ inside town names: 緑が丘, 霞ケ関
        return sc == Character.UnicodeScript.HAN
                || sc == Character.UnicodeScript.KATAKANA
                || c == 'ヶ'
                || c == '々'
                || c == 'ー'
                || c == 'が';
    }

    private static boolean endsWithAny(String s, List<String> ends) {
        for (String e : ends) {
            if (s.endsWith(e)) return true;
        }
        return false;
    }

    private static boolean isMunicipalityEnd(char c) {
        return c == '市' || c == '区' || c == '町' || c == '村' || c == '郡';
    }
}
