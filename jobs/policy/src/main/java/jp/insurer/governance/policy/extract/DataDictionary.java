package jp.insurer.governance.policy.extract;

import java.util.List;
import java.util.Locale;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.transform.Transform;

/**
 * Renders {@code DATA_DICTIONARY.md} for an extract: who it is for and why, the consent rules that
 * selected its records, and for every released column what it means, what was done to it and what a
 * researcher should keep in mind. Plain string building; no values of the data appear in it.
 */
public final class DataDictionary {

    private DataDictionary() {}

    /** @param manifest the finished extract's manifest, or null to render the plan alone */
    public static String render(ExtractPlan plan, ExtractManifest manifest) {
        ExtractProfile p = plan.profile();
        ConsentGate gate = ConsentGate.of(p.recipient().kind(), p.purpose(), allPurposes(p));
        StringBuilder md = new StringBuilder();
        md.append("# Data dictionary: ").append(p.name()).append("\n\n");
        if (!p.description().isEmpty()) md.append(p.description()).append("\n\n");
        md.append("| | |\n| --- | --- |\n");
        row(
                md,
                "Recipient",
                p.recipient().name() + " (" + p.recipient().kind()
                        + (p.recipient().country() == null
                                ? ""
                                : ", " + p.recipient().country()) + ")");
        ProcessingStandard standard = p.processingStandard();
        row(md, "加工の基準 / Processing standard", standard.japanese() + " / " + standard.english());
        row(
                md,
                "Purpose of use",
                p.purpose().id()
                        + (p.purpose().description().isEmpty()
                                ? ""
                                : ": " + p.purpose().description()));
        if (manifest != null) {
            row(md, "Extract", manifest.extractId());
            row(md, "Business date", String.valueOf(manifest.businessDate()));
            row(md, "Policy version", manifest.policyVersion() + " (sha256 " + manifest.policySha256() + ")");
        }
        row(
                md,
                "k-anonymity",
                "k = " + p.k()
                        + (manifest == null || manifest.kAchieved() == null
                                ? ""
                                : ", achieved " + manifest.kAchieved()
                                        + String.format(
                                                Locale.ROOT,
                                                ", prosecutor risk max %.4f, average %.4f",
                                                manifest.risk().prosecutorMax(),
                                                manifest.risk().prosecutorAverage())));
        md.append("\n## Which records are included\n\n");
        md.append(
                gate.requiredConsents().isEmpty()
                        ? "Every customer's records (same company, no sharing consent needed); records without a customer are included.\n"
                        : "Only records of customers who had granted " + String.join(" and ", gate.requiredConsents())
                                + " as of the business date; withdrawn, uncertain (a ledger line about it could not be trusted) or never-given "
                                + "consent excludes the record, and records without a customer are excluded.\n");
        md.append(
                gate.sensitiveEligible()
                        ? "機微情報 (sensitive columns, sensitive mentions in text) appears only for customers who granted SENSITIVE_RND; elsewhere it is null or ＜機微情報＞.\n"
                        : "No 機微情報: sensitive columns are dropped and sensitive mentions in text are replaced by ＜機微情報＞.\n");
        md.append(
                "k-anonymity holds for people, not files: everything this extract holds about one person — their row in each "
                        + "linkable file and how many rows they have there, with the quasi-identifier values of each — is shared by at "
                        + "least k people (`kAchieved` in manifest.json is the smallest such group). Where more than "
                        + String.format(Locale.ROOT, "%.1f", p.maxSuppression() * 100)
                        + " % of the people would be in a group smaller "
                        + "than k, a quasi-identifier is generalized one level further for everyone; the people still in a group "
                        + "smaller than k are left out of every file (suppressed).\n");
        if (p.recipient().kind() == RecipientKind.OVERSEAS_GROUP_COMPANY) {
            md.append("Overseas recipient (")
                    .append(p.recipient().country())
                    .append("): a GROUP_SHARING consent counts only when "
                            + "given under a consent-document version that informed the customer about this country and its regime "
                            + "(APPI art. 28; policy.yml `overseas_consent`); older consents exclude the record "
                            + "(CONSENT_NOT_INFORMED_FOR_COUNTRY).\n");
        }
        if (p.recipient().outsideCompany()) {
            md.append("第三者提供記録 / Provision record: this release is a third-party provision (APPI art. 29); its record "
                    + "(date, recipient, customers, items, consent relied on) was written before the release"
                    + (manifest != null && manifest.provision() != null
                            ? ", id `" + manifest.provision().provisionId() + "`"
                            : "")
                    + ".\n");
        }
        if (standard == ProcessingStandard.ANONYMIZED) {
            md.append("本データは匿名加工情報です（個人情報保護法第43条・第44条）。/ This extract is anonymously processed "
                    + "information: no linking codes, unusual values top/bottom-coded; the published items are in "
                    + AnonymizedPublication.FILE_NAME
                    + ". Re-identifying anyone from it is prohibited (APPI art. 45).\n");
        }
        if (manifest != null && !manifest.excludedRows().isEmpty()) {
            md.append("\n| excluded because | rows |\n| --- | ---: |\n");
            manifest.excludedRows()
                    .forEach((reason, n) -> md.append("| ")
                            .append(reason)
                            .append(" | ")
                            .append(n)
                            .append(" |\n"));
        }
        if (manifest != null && manifest.consentInputs() != null) {
            ExtractManifest.ConsentInputs c = manifest.consentInputs();
            md.append("\nConsent ledger behind this extract: ")
                    .append(c.ledgerLinesQuarantined())
                    .append(" lines quarantined, ")
                    .append(c.customersUncertain())
                    .append(" customers with uncertain consent (their records excluded where "
                            + "that consent is needed, their 機微情報 withheld)")
                    .append(
                            c.ledgerCustomersUnmatched() == null
                                    ? ""
                                    : ", " + c.ledgerCustomersUnmatched() + " ledger customers matching no customer")
                    .append(".\n");
        }
        md.append(
                "\nCustomer and policy ids are pseudonyms (`p_` + 24 letters): they join across the linkable files of this "
                        + "extract but not with other recipients' extracts. A file marked not linkable has pseudonyms of its own and "
                        + "its k is judged on that file alone.\n");
        for (ExtractPlan.Dataset d : plan.datasets()) {
            md.append("\n## ").append(d.name()).append("\n\n");
            if (manifest != null) {
                // One part per slice of the source files; the parts of a dataset share their generalization.
                List<ExtractManifest.File> parts = manifest.files().stream()
                        .filter(f -> f.path().startsWith(d.name() + "/"))
                        .toList();
                if (!parts.isEmpty()) {
                    md.append(parts.size() == 1 ? "File " : "Files ");
                    for (int i = 0; i < parts.size(); i++) {
                        md.append(i == 0 ? "" : ", ")
                                .append('`')
                                .append(parts.get(i).path())
                                .append('`');
                        if (parts.size() > 1)
                            md.append(" (").append(parts.get(i).rows()).append(')');
                    }
                    md.append(": ")
                            .append(parts.stream()
                                    .mapToLong(ExtractManifest.File::rows)
                                    .sum())
                            .append(" rows.\n");
                }
                for (ExtractManifest.File f : parts.stream().limit(1).toList()) {
                    for (ExtractPlan.Column c : d.released()) {
                        String released = f.generalization().get(c.name());
                        if (c.transform() instanceof Transform.Generalize g
                                && released != null
                                && !released.equals(g.hierarchy())) {
                            md.append("`")
                                    .append(c.name())
                                    .append("` is released as ")
                                    .append(released)
                                    .append(", coarser than the profile's ")
                                    .append(g.hierarchy())
                                    .append(": fewer records had to be suppressed that way.\n");
                        }
                    }
                }
            }
            if (!d.quasiIdentifiers().isEmpty()) {
                md.append("Quasi-identifiers (k applies): ")
                        .append(String.join(", ", d.quasiIdentifiers()))
                        .append(".\n");
            }
            if (!d.linkable()) {
                md.append(
                        "Not linkable: its pseudonyms do not join to the other files, and k holds within this file.\n");
            }
            md.append("\n| column | meaning | transform | caveats |\n| --- | --- | --- | --- |\n");
            List<ExtractPlan.Column> dropped = d.columns().stream()
                    .filter(c -> c.transform() instanceof Transform.Drop)
                    .toList();
            for (ExtractPlan.Column c : d.released()) {
                md.append("| `")
                        .append(cell(c.name()))
                        .append("` | ")
                        .append(cell(meaning(c.classification())))
                        .append(" | ")
                        .append(cell(c.transform().describe()
                                + (c.fromDefault()
                                        ? " (default for " + c.classification().role() + ")"
                                        : "")))
                        .append(" | ")
                        .append(cell(c.caveat() == null ? "" : c.caveat()))
                        .append(" |\n");
            }
            if (!dropped.isEmpty()) {
                md.append("\nRequested but not released:\n");
                for (ExtractPlan.Column c : dropped) {
                    md.append("- `")
                            .append(c.name())
                            .append("`: ")
                            .append(
                                    c.caveat() != null
                                            ? c.caveat()
                                            : "dropped ("
                                                    + (c.fromDefault()
                                                            ? "default for "
                                                                    + c.classification()
                                                                            .role()
                                                            : "profile")
                                                    + ")")
                            .append('\n');
                }
            }
        }
        return md.toString();
    }

    /** The column's meaning from its classification: role, kind of 機微情報, and how that was decided. */
    static String meaning(ColumnClassification c) {
        String role = switch (c.role()) {
            case DIRECT_IDENTIFIER -> "identifies a person directly";
            case QUASI_IDENTIFIER -> "quasi-identifier (identifies in combination)";
            case SENSITIVE -> "機微情報" + (c.sensitiveKind() == null ? "" : " (" + c.sensitiveKind() + ")");
            case FREE_TEXT -> "free text";
            case NON_PERSONAL -> "not personal";
            case UNKNOWN -> "unclassified";
        };
        String categories = c.categories().isEmpty()
                ? ""
                : "; acquired: "
                        + String.join(
                                ", ",
                                c.categories().stream().map(Enum::name).sorted().toList());
        String evidence = c.evidence() == null || c.evidence().isEmpty() ? "" : "; " + c.source() + ": " + c.evidence();
        return role + categories + evidence;
    }

    private static List<String> allPurposes(ExtractProfile p) {
        // The gate only needs indexes for decide(); rendering uses its static answers.
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>(
                ConsentGate.requiredConsents(p.recipient().kind(), p.purpose()));
        ids.add(ConsentGate.SENSITIVE_RND);
        return List.copyOf(ids);
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(cell(value)).append(" |\n");
    }

    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
    }
}
