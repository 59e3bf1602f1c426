#!/usr/bin/env python3
"""Generates the labelled detector corpus (jobs/policy/src/test/resources/detect/corpus.jsonl).

Deterministic (fixed seed). Each document is assembled from text pieces and entity pieces, so the
labels (code-point spans, type, kind) are exact. Many genres and phrasings, random full-width and
spacing variants, emoji, and hard negatives (order numbers, amounts, times, product codes, numbers
with wrong check digits, dates that are not birth dates, words that contain sensitive terms).

    python3 jobs/policy/src/test/corpus/gen_corpus.py > jobs/policy/src/test/resources/detect/corpus.jsonl
"""
import json
import os
import random
import re
import sys

R = random.Random(20261125)
ch = R.choice


def fw(s):
    """ASCII to full-width (digits, letters, symbols); space to ideographic space."""
    out = []
    for c in s:
        o = ord(c)
        if c == ' ':
            out.append('\u3000')
        elif 0x21 <= o <= 0x7e:
            out.append(chr(o + 0xfee0))
        else:
            out.append(c)
    return ''.join(out)


def maybe_fw(s, p=0.25):
    return fw(s) if R.random() < p else s


def digits(n):
    return ''.join(str(R.randrange(10)) for _ in range(n))


# ---------------------------------------------------------------- value generators
SURNAMES = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '佐々木', '松本',
            '井上', '木村', '清水', '山崎', '森', '池田', '橋本', '石川', '前田', '藤田', '後藤', '岡田', '長谷川', '村上',
            '近藤', '坂本', '遠藤', '青木', '西村', '福田', '太田', '三浦', '藤原', '岡本', '松田', '中川', '原田', '小野',
            # rarer surnames, not in the surname list of config
            '鬼塚', '御手洗', '東條', '薬師寺', '猪瀬', '蓮見', '雨宮', '真壁', '鳴海', '早乙女', '五味', '新堀', '榊原',
            '江藤', '倉持', '宍戸', '不破', '芹沢', '柳田', '駒井']
GIVEN = ['太郎', '花子', '健一', '美咲', '翔太', 'さくら', 'ゆかり', '大輔', '直子', '由美', '拓也', '陽菜', '蓮', '結衣',
         '一郎', '恵子', '誠', '智子', '浩二', '真理子', '悠斗', '葵', '涼子', '隆', '明美', 'みどり', '修', '千尋', '健太',
         '理恵', '和也', '沙織', '翼', '彩', '正樹', '裕子', '大和', '七海', 'ひろみ', '亮']
KANA_SUR = ['ヤマダ', 'サトウ', 'タナカ', 'スズキ', 'ナカムラ', 'コバヤシ']
KANA_GIVEN = ['タロウ', 'ハナコ', 'ケンイチ', 'ミサキ', 'ユカリ', 'マコト']
FOREIGN = ['ジョン・スミス', 'マリア・ガルシア', 'キム・ミンジュ', 'グエン・ヴァン・アン', 'アンナ・シュミット',
           'デビッド・ブラウン', 'リー・ウェイ', 'エミリー・ジョンソン', 'カルロス・サントス', 'ソフィア・ロッシ']
ROMAJI_SUR = ['Yamada', 'Sato', 'Tanaka', 'Suzuki', 'Takahashi', 'Kobayashi', 'Watanabe', 'Ito', 'Nakamura', 'Kato']
ROMAJI_GIVEN = ['Taro', 'Hanako', 'Kenichi', 'Misaki', 'Yuki', 'Daisuke', 'Naoko', 'Shota']


def person():
    r = R.random()
    if r < 0.45:
        return ch(SURNAMES) + ch(['', '', ' ', '\u3000']) + ch(GIVEN)
    if r < 0.60:
        return ch(SURNAMES)
    if r < 0.70:
        return ch(KANA_SUR) + ch([' ', '\u3000']) + ch(KANA_GIVEN)
    if r < 0.85:
        return ch(FOREIGN)
    s, g = ch(ROMAJI_SUR), ch(ROMAJI_GIVEN)
    return ch([g + ' ' + s, s.upper() + ' ' + g, g + ' ' + s])


def phone():
    kind = R.randrange(9)
    if kind == 0:
        s = '0' + ch('789') + '0-' + str(R.randint(1, 9)) + digits(3) + '-' + digits(4)
    elif kind == 1:
        s = '03-' + str(R.randint(3, 6)) + digits(3) + '-' + digits(4)
    elif kind == 2:
        s = '06-6' + digits(3) + '-' + digits(4)
    elif kind == 3:
        s = ch(['045', '052', '011', '092', '022']) + '-' + str(R.randint(2, 9)) + digits(2) + '-' + digits(4)
    elif kind == 4:
        s = '0120-' + str(R.randint(1, 9)) + digits(2) + '-' + digits(3)
    elif kind == 5:
        s = '+81 ' + ch('789') + '0-' + str(R.randint(1, 9)) + digits(3) + '-' + digits(4)
    elif kind == 6:
        s = '(03)' + str(R.randint(3, 6)) + digits(3) + '-' + digits(4)
    elif kind == 7:
        s = '0' + ch('789') + '0' + str(R.randint(1, 9)) + digits(7)
    else:
        s = '0' + ch('789') + '0 ' + str(R.randint(1, 9)) + digits(3) + ' ' + digits(4)
    return maybe_fw(s, 0.3)


def email():
    local = ch(['taro.yamada', 'h-suzuki', 'k_tanaka88', 'info', 'misaki.s', 'nakamura+claims', 'yuki0312', 'support.jp',
                'sato-ichiro', 'a.kobayashi'])
    dom = ch(['example.co.jp', 'example.com', 'mail.example.ne.jp', 'docomo.ne.jp', 'gmail.com', 'ezweb.ne.jp',
              'insurer-example.jp', 'yahoo.co.jp'])
    return maybe_fw(local + '@' + dom, 0.15)


def my_number(valid=True):
    while True:
        base = digits(11)
        s = sum(int(base[10 - i]) * ((i % 6) + 2) for i in range(11))
        r = s % 11
        c = 0 if r <= 1 else 11 - r
        if not valid:
            c = (c + R.randint(1, 9)) % 10
        d = base + str(c)
        if valid or not my_number_ok(d):
            break
    fmt = R.randrange(4)
    if fmt == 1:
        d = d[:4] + ' ' + d[4:8] + ' ' + d[8:]
    elif fmt == 2:
        d = d[:4] + '-' + d[4:8] + '-' + d[8:]
    return maybe_fw(d, 0.3)


def my_number_ok(d):
    base = d[:11]
    s = sum(int(base[10 - i]) * ((i % 6) + 2) for i in range(11))
    r = s % 11
    return int(d[11]) == (0 if r <= 1 else 11 - r)


def corporate_number():
    base = digits(12)
    s = sum(int(base[11 - i]) * (1 if i % 2 == 0 else 2) for i in range(12))
    d = str(9 - s % 9) + base
    if R.random() < 0.3:
        d = d[0] + '-' + d[1:5] + '-' + d[5:9] + '-' + d[9:]
    return maybe_fw(d, 0.2)


def luhn_complete(prefix, length):
    body = prefix + digits(length - len(prefix) - 1)
    total = 0
    for i, c in enumerate(reversed(body)):
        n = int(c)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return body + str((10 - total % 10) % 10)


def card():
    brand = R.randrange(5)
    if brand == 0:
        d = luhn_complete('4', 16)
    elif brand == 1:
        d = luhn_complete('5' + str(R.randint(1, 5)), 16)
    elif brand == 2:
        d = luhn_complete('35' + str(R.randint(28, 89)), 16)
    elif brand == 3:
        d = luhn_complete('3' + ch('47'), 15)
        return maybe_fw(ch([d, d[:4] + ' ' + d[4:10] + ' ' + d[10:], d[:4] + '-' + d[4:10] + '-' + d[10:]]), 0.2)
    else:
        d = luhn_complete('36', 14)
        return maybe_fw(ch([d, d[:4] + ' ' + d[4:10] + ' ' + d[10:]]), 0.2)
    sep = ch(['', ' ', '-'])
    return maybe_fw(sep.join([d[0:4], d[4:8], d[8:12], d[12:]]), 0.25)


def health_insurer():
    if R.random() < 0.85:
        return maybe_fw(luhn_complete(ch(['01', '06', '31', '32', '33', '34', '63', '67', '39']) + '%02d' % R.randint(1, 47), 8), 0.2)
    return luhn_complete('%02d' % R.randint(1, 47), 6)


def license_no():
    d = digits(12)
    return maybe_fw(ch([d, d[:4] + '-' + d[4:8] + '-' + d[8:], d[:4] + ' ' + d[4:8] + ' ' + d[8:]]), 0.25)


def passport():
    return maybe_fw(ch(['T', 'M', 'N', 'R']) + chr(R.randint(65, 90)) + digits(7), 0.2)


def bank_account():
    return maybe_fw(digits(7), 0.3)


def postal():
    return maybe_fw(digits(3) + '-' + digits(4), 0.3)


PLACES = [('東京都', '港区', '芝浦'), ('大阪府', '大阪市北区', '梅田'), ('神奈川県', '横浜市中区', '山下町'),
          ('愛知県', '名古屋市中村区', '名駅'), ('福岡県', '福岡市博多区', '博多駅前'), ('北海道', '札幌市中央区', '北1条西'),
          ('埼玉県', 'さいたま市浦和区', '高砂'), ('千葉県', '船橋市', '本町'), ('京都府', '京都市左京区', '吉田'),
          ('兵庫県', '神戸市中央区', '三宮町'), ('宮城県', '仙台市青葉区', '一番町'), ('広島県', '広島市中区', '紙屋町'),
          ('静岡県', '浜松市中央区', '元城町'), ('沖縄県', '那覇市', '久茂地'), ('長野県', '松本市', '中央'),
          ('新潟県', '新潟市中央区', '万代'), ('茨城県', 'つくば市', '竹園'), ('熊本県', '熊本市中央区', '水前寺'),
          ('鹿児島県', '鹿児島市', '山下町'), ('北海道', '河東郡音更町', '木野大通西'), ('東京都', '世田谷区', '三軒茶屋'),
          ('東京都', '八王子市', '旭町'), ('岐阜県', '高山市', '花里町'), ('栃木県', '宇都宮市', '駅前通り')]
BUILDINGS = ['サンハイツ101号室', 'グランドマンション305', 'コーポ青葉 201', 'メゾン桜 2F', 'パークタワー1502号室',
             '第二ビル4階', 'レジデンス南 702']


def address():
    pref, city, town = ch(PLACES)
    a, b, c = R.randint(1, 9), R.randint(1, 30), R.randint(1, 20)
    block = ch([f'{a}-{b}-{c}', f'{a}丁目{b}番{c}号', f'{a}丁目{b}-{c}', f'{R.randint(100, 999)}番地', f'{a}-{b}',
                f'{"一二三四五"[a % 5]}丁目{b}番地'])
    block = maybe_fw(block, 0.3)
    s = (pref if R.random() < 0.8 else '') + city + town + block
    if R.random() < 0.35:
        s += ch([' ', '\u3000', '']) + ch(BUILDINGS)
    return s


ERAS = [('昭和', 'S', 1925, 20, 64), ('平成', 'H', 1988, 1, 20), ('大正', 'T', 1911, 10, 15)]


def birth_date():
    r = R.randrange(7)
    m, d = R.randint(1, 12), R.randint(1, 28)
    if r <= 2:
        name, abbr, base, lo, hi = ch(ERAS)
        y = R.randint(lo, hi)
        ys = '元' if (y == 1 and R.random() < 0.5) else str(y)
        if r == 0:
            return maybe_fw(f'{name}{ys}年{m}月{d}日', 0.3)
        if r == 1:
            return f'{abbr}{y}.{m}.{d}'
        return f'{name}{y}年{m:02d}月{d:02d}日'
    y = R.randint(1935, 2015)
    if r == 3:
        return maybe_fw(f'{y}年{m}月{d}日', 0.3)
    if r == 4:
        return maybe_fw(f'{y}/{m:02d}/{d:02d}', 0.3)
    if r == 5:
        return f'{y}-{m}-{d}'
    return f'{y}.{m:02d}.{d:02d}'


def other_date():
    y = R.randint(2019, 2026)
    m, d = R.randint(1, 12), R.randint(1, 28)
    return ch([f'{y}年{m}月{d}日', f'{y}/{m:02d}/{d:02d}', f'令和{y - 2018}年{m}月{d}日', f'{y}-{m:02d}-{d:02d}',
               f'R{y - 2018}.{m}.{d}'])


def ipv4():
    return ch([f'192.168.{R.randint(0, 255)}.{R.randint(1, 254)}', f'10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}',
               f'{R.randint(11, 223)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}'])


def ipv6():
    return ch(['2001:db8::' + format(R.randint(1, 65535), 'x'), f'fe80::{R.randint(1, 9999)}:{format(R.randint(1, 65535), "x")}',
               '2001:0db8:85a3:0000:0000:8a2e:0370:' + format(R.randint(4096, 65535), 'x')])


def policy_no():
    return ch(['RS', 'rs']) + '-' + str(R.randint(2015, 2026)) + '-' + digits(7)


# Sensitive vocabulary of the corpus: written separately from config; some words are NOT in the
# detector vocabulary on purpose (honest recall).
SENS = {
    'HEALTH': ['胃がん', '肺癌', '乳がん', '大腸がん', '糖尿病', '高血圧', 'うつ病', '統合失調症', '適応障害', 'パニック障害',
               '心筋梗塞', '脳梗塞', '喘息', '認知症', '妊娠', '出産', '流産', '不妊治療', 'HIV', '結核', 'インフルエンザ',
               '新型コロナ', '白血病', '肝硬変', '人工透析', '双極性障害', '不眠症', 'アルコール依存症', '椎間板ヘルニア',
               '子宮筋腫', '甲状腺機能低下症', '帯状疱疹', '骨折', '入院', '手術', '通院', '既往歴', '持病', '悪性リンパ腫',
               '気分障害', 'パニック発作', '前立腺肥大症', '帝王切開', '腎不全', 'てんかん', 'リウマチ', '緑内障'],
    'DISABILITY': ['障害者手帳', '身体障害者手帳', '療育手帳', '知的障害', '車椅子', '視覚障害', '聴覚障害', '精神障害者保健福祉手帳',
                   '肢体不自由', '身体障害'],
    'CREED': ['創価学会', 'キリスト教', 'エホバの証人', '仏教徒', 'イスラム教', '天理教', '共産党', '信仰', '宗教', '檀家'],
    'CRIMINAL_RECORD': ['前科', '逮捕', '服役', '執行猶予', '逮捕歴', '書類送検', '少年院', '懲役', '保護観察', '飲酒運転'],
    'CRIME_VICTIM': ['被害届', '犯罪被害', 'ストーカー被害', 'DV被害', '特殊詐欺', '性暴力', '児童虐待', '振り込め詐欺'],
    'SOCIAL_STATUS': ['生活保護', '自己破産', '生活困窮', '債務整理', '非課税世帯', 'ひとり親家庭'],
    'RACE': ['在日韓国人', 'アイヌ民族', '帰化', '国籍', '難民', '民族'],
    'TRADE_UNION': ['労働組合', '組合員', '労組', '組合活動'],
    'FAMILY_ORIGIN': ['部落出身', '被差別部落', '門地', '同和地区', '家柄'],
    'REGISTERED_DOMICILE': ['本籍地', '本籍', '戸籍謄本', '戸籍'],
    'SEX_LIFE': ['性的指向', '同性パートナー', '性生活', 'トランスジェンダー', '性自認', 'LGBT', '同性愛'],
}

SENS_SENTENCES = {
    'HEALTH': ['{}と診断されています', '{}とのこと', '昨年{}で', '{}の既往あり', '告知書に{}の記載あり',
               '{}の疑いありとのこと', '本人より{}との申告'],
    'DISABILITY': ['{}をお持ちとのこと', '{}（2級）の写しを受領', '{}を利用されています', 'お子様に{}があるとのこと'],
    'CREED': ['{}に所属していると話されていた', '{}の関係で日曜は連絡不可', '{}に熱心な様子', '家族は{}の会員'],
    'CRIMINAL_RECORD': ['過去に{}があると自己申告', '{}の事実を確認', '息子さんが{}された件', '{}中のため連絡不可'],
    'CRIME_VICTIM': ['警察に{}を出したとのこと', '{}に遭われたとのこと', '{}の相談窓口を案内', '{}について弁護士と相談中'],
    'SOCIAL_STATUS': ['{}を受けているとのこと', '現在{}の手続き中', '{}のため分割払いを希望', '{}である旨の申告あり'],
    'RACE': ['{}であることを理由に', '{}について質問を受けた', '{}に関する記載は不要'],
    'TRADE_UNION': ['{}の役員をしている', '{}として活動', '{}に加入している'],
    'FAMILY_ORIGIN': ['{}に関する質問があった', '{}について言及があった', '{}の話題は記録しないこと'],
    'REGISTERED_DOMICILE': ['{}は北海道', '{}の写しを提出', '{}の記載に誤り'],
    'SEX_LIFE': ['{}について相談があった', '{}を受取人に指定したいとのこと', '{}に関する配慮を希望'],
}


# ---------------------------------------------------------------- document assembly
class Doc:
    def __init__(self):
        self.parts = []

    def t(self, s):
        self.parts.append(s)
        return self

    def e(self, typ, s, kind=None):
        self.parts.append((typ, kind, s))
        return self

    def build(self, doc_id):
        text, spans = '', []
        for p in self.parts:
            if isinstance(p, str):
                text += p
            else:
                typ, kind, s = p
                start = len(text)
                text += s
                span = {'start': start, 'end': len(text), 'type': typ}
                if kind:
                    span['kind'] = kind
                spans.append(span)
        return {'id': doc_id, 'text': text, 'spans': spans}


def name_with_honorific(d):
    n = person()
    d.e('PERSON_NAME', n)
    d.t(ch(['様', 'さん', '氏', '様', 'さま', '殿', 'さん']))
    return d


def sensitive(d, kind=None):
    kind = kind or ch(list(SENS))
    term = ch(SENS[kind])
    sent = ch(SENS_SENTENCES[kind])
    pre, post = sent.split('{}')
    d.t(pre).e('SENSITIVE', maybe_fw(term, 0.1) if term.isascii() else term, kind).t(post)
    return d


# Every genre takes a Doc and fills it; wording varies inside each.
def call_note(d):
    d.t(ch(['【通話メモ】', '[架電記録] ', '受電メモ：', '■コール記録\n', '']))
    d.t(ch(['', other_date() + ' ', '']))
    d.t(ch(['契約者', 'お客様（契約者）', '被保険者', 'ご本人', '申込者']))
    d.t(ch(['：', ' ', 'の', '　']))
    name_with_honorific(d)
    d.t(ch(['より入電。', 'から電話あり。', 'へ架電。', 'より問い合わせ。']))
    r = R.random()
    if r < 0.5:
        d.t(ch(['折り返し先は', '連絡先：', '携帯 ', 'TEL:', '日中の連絡先は']))
        d.e('PHONE_NUMBER', phone())
        d.t(ch(['。', 'とのこと。', ' まで。', '（平日のみ）。']))
    if R.random() < 0.5:
        sensitive(d, ch(['HEALTH', 'HEALTH', 'DISABILITY', 'SOCIAL_STATUS']))
        d.t('。')
    d.t(ch(['担当：', '対応者 ', '記入者:', '（担当 ']))
    d.e('PERSON_NAME', ch(SURNAMES))
    d.t(ch(['', '）', '']))


def chat_log(d):
    cust = person()
    d.t(ch(['[チャット] ', 'chat> ', '']))
    d.t('お客様: こんにちは' + ch(['😊', '', '！', '🙏']) + ' ')
    d.t(ch(['名前は', '私、', '契約者の', '']))
    d.e('PERSON_NAME', cust)
    d.t(ch(['です。', 'と申します。', 'です〜', ' です']))
    d.t('\nオペレーター: ' + ch(['ご本人確認のため', '確認のため', '念のため']) + ch(['生年月日を', 'お誕生日を']) + 'お願いします。\n')
    d.t('お客様: ')
    d.e('DATE_OF_BIRTH', birth_date())
    d.t(ch(['です', '生まれです', 'です！', '']))
    if R.random() < 0.6:
        d.t('\nお客様: ' + ch(['メールは', '連絡はメールで ', 'アドレス→']))
        d.e('EMAIL_ADDRESS', email())
        d.t(ch([' にお願いします', 'です', ' 👍', '']))
    if R.random() < 0.4:
        d.t('\nお客様: ' + ch(['電話なら', '携帯は', '番号は ']))
        d.e('PHONE_NUMBER', phone())
        d.t(ch(['です', '', ' まで']))


def claim_assessment(d):
    d.t(ch(['＜支払査定＞', '【給付金請求 査定メモ】', '査定結果：', 'Claim review: ']))
    d.t('請求者 ')
    d.e('PERSON_NAME', person())
    d.t(ch(['様', '', ' 様', '殿']))
    d.t(ch(['（証券番号 ', '、証券番号：', ' 契約番号 ']))
    d.e('POLICY_NUMBER', policy_no())
    d.t(ch(['）', '。', ' ']))
    d.t(ch(['診断名：', '傷病名 ', '病名は']))
    d.e('SENSITIVE', ch(SENS['HEALTH']), 'HEALTH')
    d.t(ch(['。', '、', '。 ']))
    d.t(ch(['受付日 ', '受付日：', '請求日は', '書類到着 ']))
    d.t(other_date())
    d.t(ch(['。', '、']))
    d.t(ch(['支払額 ', '給付金額：', '']) + ch(['¥', '', '￥']) + f'{R.randint(1, 999):,}' + ',000' + ch(['円', '', ' 円']))
    d.t('。')
    if R.random() < 0.5:
        d.t(ch(['振込先：', '振込口座 ', 'お支払口座：']) + ch(['みずほ銀行 渋谷支店 普通 ', '三井住友銀行 本店営業部 当座 ',
                                                         '楽天銀行 第一営業支店 普通預金 ']))
        d.e('BANK_ACCOUNT', bank_account())
        d.t('。')


def email_doc(d):
    n = person()
    d.t(ch(['件名：住所変更のお願い\n', 'Subject: 契約内容の確認\n', '件名: Re: お問い合わせの件\n', '']))
    d.t(ch(['いつもお世話になっております。', 'お世話になります。', 'ご担当者様\n\n']))
    d.e('PERSON_NAME', n)
    d.t(ch(['です。', 'と申します。', 'でございます。']))
    d.t(ch(['住所が変わりましたので、', '転居しました。新住所は', '引っ越しましたので', '']))
    d.t(ch(['〒', '〒', '郵便番号 ']))
    d.e('POSTAL_CODE', postal())
    d.t(ch([' ', '\u3000', '\n', '']))
    d.e('ADDRESS', address())
    d.t(ch(['です。', ' へ変更をお願いします。', 'までお送りください。']))
    d.t('\n' + ch(['連絡先 ', 'TEL ', '電話：', '携帯：']))
    d.e('PHONE_NUMBER', phone())
    d.t('\n' + ch(['Mail: ', 'E-mail：', 'メール ']))
    d.e('EMAIL_ADDRESS', email())
    d.t('\n' + ch(['よろしくお願いいたします。', '以上、よろしくお願いします。', '']))


def application_form(d):
    d.t(ch(['■申込書\n', '[申込フォーム]\n', '申込内容\n']))
    d.t(ch(['氏名：', 'お名前: ', '氏名 ']))
    d.e('PERSON_NAME', ch(SURNAMES) + ch([' ', '\u3000', '']) + ch(GIVEN))
    d.t(ch(['\nフリガナ：', '\nふりがな ']))
    d.e('PERSON_NAME', ch(KANA_SUR) + ' ' + ch(KANA_GIVEN))
    d.t(ch(['\n生年月日：', '\n生年月日 ', '\nDOB: ', '\n誕生日：']))
    d.e('DATE_OF_BIRTH', birth_date())
    d.t(ch(['\n性別：男', '\n性別：女', '']))
    d.t(ch(['\n住所：', '\nご住所 ', '\n現住所：']))
    if R.random() < 0.6:
        d.t('〒')
        d.e('POSTAL_CODE', postal())
        d.t(' ')
    d.e('ADDRESS', address())
    d.t(ch(['\n電話番号：', '\n電話 ', '\nTEL：']))
    d.e('PHONE_NUMBER', phone())
    if R.random() < 0.7:
        d.t(ch(['\nメール：', '\nE-mail ', '\nメールアドレス：']))
        d.e('EMAIL_ADDRESS', email())
    if R.random() < 0.5:
        d.t(ch(['\n勤務先法人番号：', '\n法人番号 ']))
        d.e('CORPORATE_NUMBER', corporate_number())


def identity_check(d):
    d.t(ch(['本人確認書類：', '【本人確認】', '確認書類 ', 'KYC: ']))
    k = R.randrange(4)
    if k == 0:
        d.t(ch(['マイナンバーカード（個人番号 ', '個人番号：', 'マイナンバー ', 'マイナンバー通知カード、番号 ']))
        d.e('MY_NUMBER', my_number())
        d.t(ch(['）', '', ' を確認済み']))
    elif k == 1:
        d.t(ch(['運転免許証 番号', '運転免許証（免許証番号：', '免許証No.', '運転免許 ']))
        d.e('DRIVERS_LICENSE', license_no())
        d.t(ch(['', '）', ' 有効期限 ' + other_date()]))
    elif k == 2:
        d.t(ch(['パスポート ', '旅券番号：', 'パスポート番号 ', 'Passport No. ']))
        d.e('PASSPORT', passport())
        d.t(ch(['', '、有効期限内', ' を確認']))
    else:
        d.t(ch(['健康保険証 保険者番号', '被保険者証（保険者番号 ', '保険者番号：', '健保 保険者番号 ']))
        d.e('HEALTH_INSURANCE_NUMBER', health_insurer())
        d.t(ch(['', '）', ' 記号12 番号345']))
    d.t(ch(['。', '。確認者：', '。']))
    if R.random() < 0.4:
        d.e('PERSON_NAME', ch(SURNAMES))
    d.t(ch(['', '\n対象者 ']))
    if R.random() < 0.5:
        d.e('PERSON_NAME', person())
        d.t(ch(['様', 'さん', '']))


def payment(d):
    d.t(ch(['保険料のお支払いに', '決済方法：', 'お支払い方法変更　', '']))
    d.t(ch(['クレジットカード', 'カード番号 ', 'カード：', 'card no. ']))
    d.e('CREDIT_CARD', card())
    d.t(ch(['（有効期限 12/28）', ' を登録', '、毎月払い', '']))
    d.t(ch(['。名義：', '。カード名義 ', '。']))
    if R.random() < 0.6:
        s, g = ch(ROMAJI_SUR), ch(ROMAJI_GIVEN)
        d.e('PERSON_NAME', ch([g.upper() + ' ' + s.upper(), g + ' ' + s]))


def access_log(d):
    d.t(ch(['[WARN] ログイン失敗 ', 'アクセスログ: ', '不正アクセス調査：', 'login from ']))
    d.t(ch(['IP ', '接続元IP ', 'アクセス元：', 'src=']))
    d.e('IP_ADDRESS', ch([ipv4(), ipv4(), ipv6()]))
    d.t(ch([' user=', ' 会員ID ', ' ']))
    d.t('U' + digits(8))
    d.t(ch([' 14:32:05', ' 03:10', ' ' + other_date()]))
    if R.random() < 0.5:
        d.t(ch([' 登録メール ', ' mail=']))
        d.e('EMAIL_ADDRESS', email())


def sensitive_note(d):
    d.t(ch(['【要配慮】', '※機微情報あり ', '面談記録：', '相談内容：', '']))
    name_with_honorific(d)
    d.t(ch(['は', 'より、', 'について、']))
    sensitive(d)
    d.t(ch(['。', '。 ', '。\n']))
    if R.random() < 0.6:
        sensitive(d)
        d.t('。')
    if R.random() < 0.3:
        d.t('生年月日 ')
        d.e('DATE_OF_BIRTH', birth_date())
        d.t('。')


def hard_negative(d):
    """Text with look-alikes and no personal data (unless one is added at the end)."""
    pieces = [
        lambda: '注文番号 ORD-' + digits(8) + '-' + digits(4) + ' を出荷しました。',
        lambda: '合計金額は' + ch(['¥', '￥']) + f'{R.randint(1000, 999999):,}' + '（税込）です。',
        lambda: f'{R.randint(1, 12)}時{R.randint(0, 59):02d}分に折り返します。',
        lambda: f'会議は{R.randint(9, 18)}:{ch(["00", "30", "15"])}から。',
        lambda: '商品コード ' + chr(R.randint(65, 90)) + chr(R.randint(65, 90)) + digits(7) + ' の在庫を確認。',
        lambda: '受付番号 ' + my_number(valid=False).replace(' ', '').replace('-', '') + ' で登録済みです。',
        lambda: '問い合わせ番号：' + my_number(valid=False).replace(' ', '') + '。',
        lambda: ch(['契約日', '始期日', '申込日', '事故日']) + '：' + other_date() + '。',
        lambda: other_date() + ch(['に契約を更新しました。', 'までにご返送ください。', 'の請求を受け付けました。']),
        lambda: ch(['がんばります！', 'がん保険のご案内をお送りします。', 'システム障害のため', '皆様へのお知らせです。',
                    'お客様各位', '担当者様へ転送します。', '国際連合の資料', 'ご家族様にもよろしくお伝えください。',
                    '連絡先が不明です。', '医療保険の見積もりを作成。', '入院給付金日額5,000円プラン']),
        lambda: '在庫数 ' + digits(7) + ' 個。',
        lambda: 'バージョン ' + f'{R.randint(1, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(0, 99)}' + ' に更新。',
        lambda: '伝票No.' + digits(10) + ' 重量 ' + str(R.randint(1, 30)) + 'kg',
        lambda: '型番 KX-' + str(R.randint(2000, 2030)) + '-' + digits(3) + ' の部品',
        lambda: '第' + str(R.randint(1, 20)) + '期 事業報告書（' + other_date() + '作成）',
        lambda: '会員数は' + f'{R.randint(10000, 9999999):,}' + '人、前年比' + str(R.randint(1, 30)) + '%増。',
    ]
    n = R.randint(2, 4)
    for f in R.sample(pieces, n):
        d.t(f())
    if R.random() < 0.3:
        d.t(ch(['担当 ', '連絡は ']))
        d.e('PERSON_NAME', ch(SURNAMES))
        d.t(ch(['まで。', 'さんまで。']))
        # the honorific form is a name too


def free_mixed(d):
    """Longer narrative mixing several entities."""
    d.t(ch(['本日、', '先日', '昨日', '']) + ch(['代理店経由で', '窓口にて', 'Webフォームから', '']))
    d.e('PERSON_NAME', person())
    d.t(ch(['さん', '様', '氏']) + ch(['（', '(']))
    d.e('DATE_OF_BIRTH', birth_date())
    d.t(ch(['生）', '生まれ）', '生)']))
    d.t(ch(['が来店。', 'から連絡。', 'の件。']))
    d.t(ch(['自宅は', '住所：', '現在の住まいは']))
    d.e('ADDRESS', address())
    d.t(ch(['。', '、']))
    if R.random() < 0.5:
        d.t(ch(['奥様の', '配偶者の', 'ご家族の']))
        name_with_honorific(d)
        d.t(ch(['も同席。', 'が受取人。']))
    if R.random() < 0.5:
        sensitive(d)
        d.t('。')
    if R.random() < 0.4:
        d.t(ch(['契約番号', '証券No.', 'ポリシー番号 ']))
        d.e('POLICY_NUMBER', policy_no())
        d.t('。')
    d.t(ch(['次回 ', '次回面談 ']) + other_date() + ch(['予定。', '。']))


def english_note(d):
    d.t(ch(['Customer ', 'Insured: ', 'Policyholder ']))
    s, g = ch(ROMAJI_SUR), ch(ROMAJI_GIVEN)
    d.e('PERSON_NAME', ch([g + ' ' + s, s.upper() + ' ' + g]))
    d.t(ch([', DOB ', ' (birth date: ', ', born ']))
    y, m, dd = R.randint(1940, 2005), R.randint(1, 12), R.randint(1, 28)
    d.e('DATE_OF_BIRTH', ch([f'{y}-{m:02d}-{dd:02d}', f'{dd:02d}/{m:02d}/{y}', f'{["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"][m-1]} {dd}, {y}']))
    d.t(ch([', phone ', '), tel ', '. Contact: ']))
    d.e('PHONE_NUMBER', phone())
    d.t(ch(['. Email ', ', mail: ']))
    d.e('EMAIL_ADDRESS', email())
    d.t('.')


def glued_phone(d):
    d.t(ch(['連絡先', 'お問い合わせ', '']) + ch(['tel', 'TEL', 'Tel', 'ｔｅｌ', 'TEL.', 'Tel:', 'phone']))
    p = phone()
    d.e('PHONE_NUMBER', p)
    d.t(ch(['まで', '（平日9-17時）', '']))


GENRES = [(call_note, 14), (chat_log, 10), (claim_assessment, 10), (email_doc, 10), (application_form, 10),
          (identity_check, 12), (payment, 7), (access_log, 6), (sensitive_note, 14), (hard_negative, 14),
          (free_mixed, 10), (english_note, 4), (glued_phone, 4)]


MARK = re.compile(r'\[\[([A-Z_]+)(?::([A-Z_]+))?\|(.*?)\]\]')


def handwritten(name='handwritten.txt', prefix='hw'):
    """Documents written by hand, entities marked [[TYPE|text]] / [[SENSITIVE:KIND|text]]."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    with open(path, encoding='utf-8') as f:
        lines = [l.rstrip('\n') for l in f if l.strip() and not l.startswith('#')]
    for i, line in enumerate(lines):
        d = Doc()
        pos = 0
        for m in MARK.finditer(line):
            d.t(line[pos:m.start()])
            d.e(m.group(1), m.group(3), m.group(2))
            pos = m.end()
        d.t(line[pos:])
        doc = d.build(f'{prefix}-{i:03d}')
        doc['genre'] = 'handwritten'
        yield doc


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    for doc in handwritten():
        print(json.dumps(doc, ensure_ascii=False))
    for doc in handwritten('handwritten-blind.txt', 'blind'):
        print(json.dumps(doc, ensure_ascii=False))
    weights = [w for _, w in GENRES]
    for i in range(n):
        g = R.choices([f for f, _ in GENRES], weights)[0]
        d = Doc()
        g(d)
        doc = d.build(f'doc-{i:04d}')
        doc['genre'] = g.__name__
        print(json.dumps(doc, ensure_ascii=False))


if __name__ == '__main__':
    main()
