package jp.insurer.governance.batch.tag;

import org.apache.hadoop.fs.Path;

/** Where the tag job writes, under the output root. */
final class TagPaths {

    private TagPaths() {}

    static Path governed(String out) {
        return new Path(out, "governed");
    }

    static Path governedFile(String out, String dataset, String relative) {
        return new Path(new Path(governed(out), dataset), relative);
    }

    /** Per job instance: a restart reuses and finally removes it. Hidden, so readers of governed/ skip it. */
    static Path staging(String out, long instance) {
        return new Path(governed(out), ".staging-" + instance);
    }

    static Path catalog(String out, String name) {
        return new Path(out, "catalog/" + name);
    }

    static Path quarantine(String out, String dataset, String date) {
        return new Path(out, "quarantine/" + dataset + "/date=" + date);
    }

    static Path report(String out, String date, String extension) {
        return new Path(out, "reports/tag-" + date + "." + extension);
    }
}
