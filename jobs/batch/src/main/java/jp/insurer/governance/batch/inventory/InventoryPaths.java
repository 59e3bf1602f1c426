package jp.insurer.governance.batch.inventory;

import org.apache.hadoop.fs.Path;

/** Where the inventory writes, under the output root. */
final class InventoryPaths {

    private InventoryPaths() {}

    /** Per job instance, so a restart finds what its failed execution already described. */
    static Path staging(String out, long instance) {
        return new Path(out, "reports/.staging/inventory-" + instance);
    }

    static Path report(String out, String date, String extension) {
        return new Path(out, "reports/inventory-" + date + "." + extension);
    }
}
