package jp.insurer.governance.policy.extract;

import jp.insurer.governance.policy.transform.Transform;

/**
 * The publication text an anonymized release (匿名加工情報) needs: APPI art. 43(3) (items of the
 * information about individuals it contains, and the method of provision, published before the
 * provision) and art. 43(1) (items of the information created). Generated into the release folder
 * so the officer publishes exactly what was released; no values of the data appear in it.
 */
public final class AnonymizedPublication {

    public static final String FILE_NAME = "PUBLICATION_ANONYMIZED.md";

    private AnonymizedPublication() {}

    public static String render(ExtractPlan plan, ExtractManifest manifest) {
        ExtractProfile p = plan.profile();
        StringBuilder md = new StringBuilder();
        md.append("# 匿名加工情報の公表事項 / Publication of anonymously processed information\n\n");
        md.append(
                "個人情報の保護に関する法律 第43条第1項・第3項（施行規則第36条・第37条）に基づく公表事項の案です。" + "公表前に法務・コンプライアンス部門が確認してください（法的助言ではありません）。\n");
        md.append("Draft of what APPI art. 43(1) and 43(3) require to be published; compliance must review it before "
                + "publication (an engineering aid, not legal advice).\n\n");
        md.append("- 匿名加工情報の名称 / Release: `")
                .append(manifest == null ? p.name() : manifest.extractId())
                .append("`\n");
        md.append("- 提供先の区分 / Recipient: ")
                .append(p.recipient().name())
                .append(" (")
                .append(p.recipient().kind())
                .append(")\n");
        md.append(
                "- 提供の方法 / Method of provision: 電子ファイル（Apache Parquet）の受け渡し / hand-over of electronic files (Apache Parquet)\n");
        md.append("- 明示 / Notice to the recipient: 提供する情報は匿名加工情報である（第43条第3項後段）/ the information provided is "
                + "anonymously processed information; re-identification is prohibited (art. 45)\n\n");
        md.append("## 含まれる個人に関する情報の項目 / Items of information about individuals\n\n");
        md.append("| データセット / dataset | 項目 / item | 加工 / processing |\n| --- | --- | --- |\n");
        for (ExtractPlan.Dataset d : plan.datasets()) {
            for (ExtractPlan.Column c : d.released()) {
                md.append("| ")
                        .append(d.name())
                        .append(" | ")
                        .append(c.name())
                        .append(" | ")
                        .append(processing(c.transform()))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    private static String processing(Transform t) {
        if (t instanceof Transform.Generalize g)
            return "一般化（" + g.hierarchy() + "、上位・下位コーディング）/ generalized (" + g.hierarchy() + ", top/bottom-coded)";
        if (t instanceof Transform.ScrubText) return "記述の削除・置換 / free text with identifying descriptions removed";
        if (t instanceof Transform.Keep) return "そのまま（区分値）/ as is (categorical)";
        return t.describe();
    }
}
