package jp.insurer.governance.policy.detect;

/**
 * One Kuromoji token of the normalized text.
 *
 * @param start first char index in the normalized text
 * @param end   char index after the token in the normalized text
 * @param pos   IPADIC part of speech, e.g. {@code 名詞-固有名詞-人名-姓}
 * @param known false when the word is not in the dictionary (Kuromoji guessed it from its characters;
 *              IPADIC then reports an ordinary POS such as {@code 名詞-一般})
 */
public record Token(int start, int end, String surface, String pos, boolean known) {

    public Token(int start, int end, String surface, String pos) {
        this(start, end, surface, pos, true);
    }

    public boolean isPersonName() {
        return pos.startsWith("名詞-固有名詞-人名");
    }

    public boolean isSurname() {
        return pos.endsWith("人名-姓");
    }

    public boolean isGivenName() {
        return pos.endsWith("人名-名");
    }

    public boolean isNoun() {
        return pos.startsWith("名詞");
    }
}
