package jp.insurer.governance.policy.extract;

import static jp.insurer.governance.policy.extract.PersonLatticeSpillTest.add;
import static jp.insurer.governance.policy.extract.PersonLatticeSpillTest.group;
import static jp.insurer.governance.policy.extract.PersonLatticeSpillTest.rows;
import static jp.insurer.governance.policy.extract.PersonLatticeTest.HIERARCHIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * One profile counted in slices (disjoint sets of rows, a person's rows possibly in several), each
 * sealed and its files copied to the choose step, which adopts them: the same choice as one count of
 * every row.
 */
class PersonLatticeSlicesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The rows dealt at random over {@code count} slices. */
    static List<PersonLatticeSpillTest.Rows> slices(PersonLatticeSpillTest.Rows rows, int count, Random random) {
        List<PersonLatticeSpillTest.Rows> out = new ArrayList<>();
        for (int s = 0; s < count; s++) out.add(new PersonLatticeSpillTest.Rows(new ArrayList<>(), new ArrayList<>()));
        for (Object[] c : rows.customers())
            out.get(random.nextInt(count)).customers().add(c);
        for (Object[] p : rows.policies())
            out.get(random.nextInt(count)).policies().add(p);
        return out;
    }

    /**
     * Counts each slice in a folder of its own under a tiny budget, seals it and copies its files to
     * {@code adoptFolder/slice-i}, as the choose step receives them; the sealed parts pass through JSON.
     */
    static Map<String, PersonLattice.Sealed> countSealCopy(
            PersonLattice lattice, List<PersonLatticeSpillTest.Rows> slices, Path work, Path adoptFolder, Random random)
            throws IOException {
        Map<String, PersonLattice.Sealed> parts = new HashMap<>();
        for (int s = 0; s < slices.size(); s++) {
            Path own = Files.createDirectories(work.resolve("worker-" + s));
            PersonLattice.Counts counts = lattice.counts(512 + random.nextInt(2048), own);
            add(lattice, counts, slices.get(s), random);
            PersonLattice.Sealed sealed = counts.seal();
            String json = JSON.writeValueAsString(sealed);
            PersonLattice.Sealed received = JSON.readValue(json, PersonLattice.Sealed.class);
            assertThat(received).isEqualTo(sealed);
            Path copy = Files.createDirectories(adoptFolder.resolve("slice-" + s));
            List<String> files = new ArrayList<>();
            for (PersonLattice.Sealed.Run run : sealed.runs()) files.add(run.file());
            if (sealed.unlinkedRows() > 0) for (int n = 0; n < sealed.width(); n++) files.add("unlinked-" + n);
            try (Stream<Path> written = Files.list(own)) {
                assertThat(written.map(f -> f.getFileName().toString()))
                        .as("the sealed part names every file it left")
                        .containsExactlyInAnyOrderElementsOf(files);
            }
            for (String file : files) Files.copy(own.resolve(file), copy.resolve(file));
            parts.put("slice-" + s, received);
        }
        return parts;
    }

    @Test
    void slicesCountedApartSealedCopiedAndAdoptedChooseWhatOneCountOfEveryRowChooses(@TempDir Path tmp)
            throws IOException {
        PersonLattice lattice = PersonLattice.of(group(), HIERARCHIES);
        double[] limits = {0.0, 0.02, 0.1, 0.3, 1.0};
        Set<Integer> nodesChosen = new HashSet<>();
        Set<Integer> sliceCounts = new HashSet<>();
        long suppressed = 0;
        int onDisk = 0;
        for (int seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            PersonLatticeSpillTest.Rows rows = rows(random);
            int k = 2 + random.nextInt(9);
            double maxSuppression = limits[random.nextInt(limits.length)];
            int sliceCount = 1 + random.nextInt(5);
            sliceCounts.add(sliceCount);
            PersonLattice.Counts inHeap = lattice.counts();
            add(lattice, inHeap, rows, null);

            Path run = Files.createDirectory(tmp.resolve("seed-" + seed));
            Path adoptFolder = Files.createDirectory(run.resolve("adopt"));
            Map<String, PersonLattice.Sealed> parts =
                    countSealCopy(lattice, slices(rows, sliceCount, random), run, adoptFolder, random);
            PersonLattice.Counts adopted = lattice.adopt(1024 + random.nextInt(3072), adoptFolder, parts);

            String seedK =
                    "seed " + seed + ", " + sliceCount + " slices, k " + k + ", max_suppression " + maxSuppression;
            try (PersonLattice.Choice expected = lattice.choose(inHeap, k, maxSuppression);
                    PersonLattice.Choice actual = lattice.choose(adopted, k, maxSuppression)) {
                assertThat(actual.node()).as(seedK).isEqualTo(expected.node());
                assertThat(actual.generalized()).as(seedK).isEqualTo(expected.generalized());
                assertThat(actual.judgement()).as(seedK).isEqualTo(expected.judgement());
                assertThat(actual.suppressedPersons()).as(seedK).isEqualTo(expected.suppressedPersons());
                assertThat(actual.smallClasses()).as(seedK).isEqualTo(expected.smallClasses());
                nodesChosen.add(expected.node());
                suppressed += expected.judgement().suppressedRecords();
                if (actual.suppressedPersonSet().size() > 0 && !onHeap(adoptFolder)) onDisk++;
            }
            try (Stream<Path> left = Files.walk(adoptFolder)) {
                assertThat(left.filter(Files::isRegularFile))
                        .as("the choose consumed every adopted file")
                        .isEmpty();
            }
        }
        assertThat(sliceCounts).as("one to five slices").hasSize(5);
        assertThat(nodesChosen).as("the cases reach several nodes").hasSizeGreaterThan(2);
        assertThat(suppressed).as("and suppress people").isPositive();
        assertThat(onDisk).as("some choices kept their sets on disk").isPositive();
    }

    private static boolean onHeap(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.noneMatch(f -> f.getFileName().toString().equals("suppressed-persons"));
        }
    }

    @Test
    void anAdoptedRunMissingOrTruncatedFailsTheChoose(@TempDir Path tmp) throws IOException {
        PersonLattice lattice = PersonLattice.of(group(), HIERARCHIES);
        for (String damage : List.of("missing run", "truncated run", "truncated unlinked")) {
            Random random = new Random(21);
            Path run = Files.createDirectory(tmp.resolve(damage.replace(' ', '-')));
            Path adoptFolder = Files.createDirectory(run.resolve("adopt"));
            Map<String, PersonLattice.Sealed> parts =
                    countSealCopy(lattice, slices(rows(random), 3, random), run, adoptFolder, random);
            PersonLattice.Sealed second = parts.get("slice-1");
            assertThat(second.runs()).isNotEmpty();
            assertThat(second.unlinkedRows()).isPositive();
            Path file = adoptFolder
                    .resolve("slice-1")
                    .resolve(
                            damage.endsWith("unlinked")
                                    ? "unlinked-3"
                                    : second.runs().get(0).file());
            if (damage.startsWith("missing")) Files.delete(file);
            else
                try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
                    channel.truncate(channel.size() - Long.BYTES);
                }
            PersonLattice.Counts adopted = lattice.adopt(2048, adoptFolder, parts);

            var thrown = assertThatThrownBy(() -> lattice.choose(adopted, 3, 0.1), damage)
                    .isInstanceOf(UncheckedIOException.class);
            if (damage.startsWith("missing")) thrown.hasRootCauseInstanceOf(NoSuchFileException.class);
            else thrown.rootCause().hasMessageContaining("bytes where").hasMessageContaining("nothing is released");
        }
    }

    @Test
    void sealedCountsRefuseRowsAndTheChooseAndAreTheSameWhenSealedAgain(@TempDir Path tmp) {
        PersonLattice lattice = PersonLattice.of(group(), HIERARCHIES);
        PersonLattice.Counts counts = lattice.counts(1 << 20, tmp);
        add(lattice, counts, rows(new Random(4)), null);
        assertThat(counts.spills()).as("everything fit in heap").isZero();
        PersonLattice.Sealed sealed = counts.seal();
        assertThat(sealed.runs()).as("sealing spills what would have fit").hasSize(1);
        assertThat(sealed.width()).isEqualTo(lattice.nodes());
        assertThat(counts.seal()).isEqualTo(sealed);

        assertThatThrownBy(() -> add(lattice, counts, rows(new Random(5)), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sealed");
        assertThatThrownBy(() -> lattice.choose(counts, 3, 0.1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sealed");
        assertThatThrownBy(() -> lattice.counts().seal())
                .as("counts without a folder have nowhere to seal to")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void partsOfAnotherLatticeOrNamingFilesOutsideTheirFolderAreRefused(@TempDir Path tmp) {
        PersonLattice lattice = PersonLattice.of(group(), HIERARCHIES);
        PersonLattice.Sealed otherWidth = new PersonLattice.Sealed(lattice.nodes() + 1, List.of(), 0);
        assertThatThrownBy(() -> lattice.adopt(1024, tmp, Map.of("slice-0", otherWidth)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slice-0");
        PersonLattice.Sealed escaping = new PersonLattice.Sealed(
                lattice.nodes(), List.of(new PersonLattice.Sealed.Run("../../etc/run-0", 3)), 0);
        assertThatThrownBy(() -> lattice.adopt(1024, tmp, Map.of("slice-0", escaping)))
                .isInstanceOf(IllegalArgumentException.class);
        PersonLattice.Sealed fine = new PersonLattice.Sealed(lattice.nodes(), List.of(), 0);
        assertThatThrownBy(() -> lattice.adopt(1024, tmp, Map.of("../slice-0", fine)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSavedChoiceLoadsBackToTheSameAnswersInHeapAndOnDisk(@TempDir Path tmp) throws IOException {
        PersonLattice lattice = PersonLattice.of(group(), HIERARCHIES);
        int checked = 0;
        for (int seed = 0; seed < 12; seed++) {
            Random random = new Random(100 + seed);
            PersonLatticeSpillTest.Rows rows = rows(random);
            boolean spill = seed % 2 == 0; // the sets in heap, or in the spill folder's files
            Path spillFolder = Files.createDirectory(tmp.resolve("spill-" + seed));
            PersonLattice.Counts counts = spill ? lattice.counts(1024, spillFolder) : lattice.counts();
            add(lattice, counts, rows, null);
            try (PersonLattice.Choice chosen = lattice.choose(counts, 8, 0.05)) {
                Path saved = Files.createDirectory(tmp.resolve("saved-" + seed));
                PersonLattice.Choice.Saved what = chosen.save(saved);
                PersonLattice.Choice.Saved received =
                        JSON.readValue(JSON.writeValueAsString(what), PersonLattice.Choice.Saved.class);
                assertThat(received).isEqualTo(what);
                assertThat(received.suppressedPersons()).isEqualTo(chosen.suppressedPersons().length);
                for (long heapLimit : new long[] {Long.MAX_VALUE, 0}) {
                    Path copy = Files.createDirectory(tmp.resolve("copy-" + seed + "-" + (heapLimit > 0)));
                    for (String file :
                            List.of(PersonLattice.Choice.SUPPRESSED_PERSONS, PersonLattice.Choice.SMALL_CLASSES))
                        Files.copy(saved.resolve(file), copy.resolve(file));
                    try (PersonLattice.Choice loaded = PersonLattice.Choice.load(copy, received, heapLimit)) {
                        assertThat(loaded.node()).isEqualTo(chosen.node());
                        assertThat(loaded.generalized()).isEqualTo(chosen.generalized());
                        assertThat(loaded.judgement()).isEqualTo(chosen.judgement());
                        for (long person : probes(rows, chosen.suppressedPersons(), random)) {
                            assertThat(loaded.suppressed(person)).isEqualTo(chosen.suppressed(person));
                            checked++;
                        }
                        for (long signature : probes(rows, chosen.smallClasses(), random))
                            assertThat(loaded.smallClassSet().contains(signature))
                                    .isEqualTo(chosen.smallClassSet().contains(signature));
                    }
                    try (Stream<Path> left = Files.list(copy)) {
                        assertThat(left).as("loading consumed the copies").isEmpty();
                    }
                }
            }
        }
        assertThat(checked).isPositive();
    }

    /** Every member, every person of the rows, and random values (almost never members). */
    private static List<Long> probes(PersonLatticeSpillTest.Rows rows, long[] members, Random random) {
        List<Long> out = new ArrayList<>();
        for (long m : members) out.add(m);
        for (Object[] p : rows.policies()) if (p[0] != null) out.add(PersonLattice.personHash((String) p[0]));
        for (int i = 0; i < 200; i++) out.add(random.nextLong());
        return out;
    }

    @Test
    void aSavedSetChangedOnTheWayIsRefused(@TempDir Path tmp) throws IOException {
        PersonLattice lattice = PersonLattice.of(group(), HIERARCHIES);
        PersonLattice.Counts counts = lattice.counts();
        add(lattice, counts, rows(new Random(8)), null);
        try (PersonLattice.Choice chosen = lattice.choose(counts, 10, 1.0)) {
            PersonLattice.Choice.Saved saved = chosen.save(tmp);
            assertThat(saved.suppressedPersons()).isGreaterThan(2);
            Path persons = tmp.resolve(PersonLattice.Choice.SUPPRESSED_PERSONS);
            byte[] bytes = Files.readAllBytes(persons);
            byte[] swapped = bytes.clone(); // the first two values exchanged: the length still matches
            System.arraycopy(bytes, 0, swapped, Long.BYTES, Long.BYTES);
            System.arraycopy(bytes, Long.BYTES, swapped, 0, Long.BYTES);
            Files.write(persons, swapped);
            assertThatThrownBy(() -> PersonLattice.Choice.load(tmp, saved, Long.MAX_VALUE))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("ascending");
        }
    }
}
