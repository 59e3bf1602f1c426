package jp.insurer.governance.policy.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each character of a text went in its release, read from the two texts alone: a release
 * keeps characters verbatim and replaces runs of them by placeholders, so the released text aligns
 * back to the original by a small edit-distance alignment in which a placeholder stands for one or
 * more original characters. Hand-written (a few dozen lines) rather than exposing the release's
 * internal marks: it measures the text that is actually released, including the final detector
 * pass, and leaves {@link TextRelease} unchanged. Test-only; offsets are code points.
 *
 * @param removed  per original code point: true when it lies inside a placeholder (or was dropped)
 * @param spans    the placeholders, with their type and the original code points they replaced
 * @param cost     original characters dropped without a placeholder plus released characters that
 *                 match nothing: 0 when the release is a pure "keep or replace by placeholder" of the
 *                 input, which the evaluation asserts
 */
record ReleaseAlignment(boolean[] removed, List<Placeholder> spans, int cost) {

    /** A placeholder of the released text and the original code points [start, end) it stands for. */
    record Placeholder(String type, int start, int end) {}

    private static final Map<String, String> TYPE_BY_PLACEHOLDER = new HashMap<>();

    static {
        TextScrubber.PLACEHOLDERS.forEach((type, p) -> TYPE_BY_PLACEHOLDER.put(p, type));
        TYPE_BY_PLACEHOLDER.putIfAbsent(TextScrubber.OTHER_PLACEHOLDER, "OTHER");
    }

    private static final int INF = Integer.MAX_VALUE / 4;

    static ReleaseAlignment of(String original, String released) {
        int[] o = original.codePoints().toArray();
        List<String> placeholderTypes = new ArrayList<>();
        int[] t = tokens(released, placeholderTypes); // code point >= 0, placeholder -1-k
        int n = o.length;
        int m = t.length;
        // a[i][j]: o[..i) aligned with t[..j); b[i][j]: same with placeholder t[j] open, having taken o[i-1]
        int[][] a = new int[n + 1][m + 1];
        int[][] b = new int[n + 1][m + 1];
        byte[][] pa = new byte[n + 1][m + 1];
        byte[][] pb = new byte[n + 1][m + 1];
        for (int[] row : a) java.util.Arrays.fill(row, INF);
        for (int[] row : b) java.util.Arrays.fill(row, INF);
        a[0][0] = 0;
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= m; j++) {
                if (j < m && b[i][j] < INF && b[i][j] < a[i][j + 1]) {
                    a[i][j + 1] = b[i][j];
                    pa[i][j + 1] = CLOSE;
                }
                int ca = a[i][j];
                if (ca < INF && j < m && ca + 1 < a[i][j + 1]) {
                    a[i][j + 1] = ca + 1;
                    pa[i][j + 1] = INSERT;
                }
                if (i == n) continue;
                if (ca < INF) {
                    if (j < m && t[j] >= 0 && t[j] == o[i] && ca < a[i + 1][j + 1]) {
                        a[i + 1][j + 1] = ca;
                        pa[i + 1][j + 1] = MATCH;
                    }
                    if (j < m && t[j] < 0 && ca < b[i + 1][j]) {
                        b[i + 1][j] = ca;
                        pb[i + 1][j] = OPEN;
                    }
                    if (ca + 1 < a[i + 1][j]) {
                        a[i + 1][j] = ca + 1;
                        pa[i + 1][j] = DROP;
                    }
                }
                if (j < m && b[i][j] < INF && b[i][j] < b[i + 1][j]) {
                    b[i + 1][j] = b[i][j];
                    pb[i + 1][j] = EXTEND;
                }
            }
        }
        boolean[] removed = new boolean[n];
        List<Placeholder> spans = new ArrayList<>();
        int i = n;
        int j = m;
        boolean inB = false;
        int spanEnd = -1;
        while (i > 0 || j > 0) {
            if (inB) {
                removed[i - 1] = true;
                byte p = pb[i][j];
                i--;
                if (p == OPEN) {
                    spans.add(0, new Placeholder(placeholderTypes.get(-1 - t[j]), i, spanEnd));
                    inB = false;
                }
                continue;
            }
            byte p = pa[i][j];
            switch (p) {
                case MATCH -> {
                    i--;
                    j--;
                }
                case DROP -> {
                    removed[i - 1] = true;
                    i--;
                }
                case INSERT -> j--;
                case CLOSE -> {
                    j--;
                    inB = true;
                    spanEnd = i;
                }
                default -> throw new IllegalStateException("alignment broken at " + i + "," + j);
            }
        }
        return new ReleaseAlignment(removed, List.copyOf(spans), a[n][m]);
    }

    private static final byte MATCH = 1;
    private static final byte DROP = 2;
    private static final byte INSERT = 3;
    private static final byte CLOSE = 4;
    private static final byte OPEN = 5;
    private static final byte EXTEND = 6;

    private static int[] tokens(String released, List<String> placeholderTypes) {
        List<Integer> out = new ArrayList<>();
        int c = 0;
        while (c < released.length()) {
            if (released.charAt(c) == '＜') {
                int close = released.indexOf('＞', c);
                String type = close < 0 ? null : TYPE_BY_PLACEHOLDER.get(released.substring(c, close + 1));
                if (type != null) {
                    out.add(-1 - placeholderTypes.size());
                    placeholderTypes.add(type);
                    c = close + 1;
                    continue;
                }
            }
            int cp = released.codePointAt(c);
            out.add(cp);
            c += Character.charCount(cp);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
