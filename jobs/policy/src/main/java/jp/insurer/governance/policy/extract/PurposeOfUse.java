package jp.insurer.governance.policy.extract;

import java.util.List;

/**
 * What an extract is for (configured under {@code purposes_of_use} in {@code config/extracts.yml}).
 *
 * @param section4   one of the consent document's section-4 purposes; INTERNAL and GROUP_INSURER
 *                   recipients may only receive data for such purposes
 * @param productRnd research and development of new insurance products and related services: the
 *                   only purpose 機微情報 may be used or shared for
 * @param consents   extra consent purposes (ids of {@code config/policy.yml}) every record needs
 */
public record PurposeOfUse(String id, String description, boolean section4, boolean productRnd, List<String> consents) {
    public PurposeOfUse {
        consents = List.copyOf(consents);
    }
}
