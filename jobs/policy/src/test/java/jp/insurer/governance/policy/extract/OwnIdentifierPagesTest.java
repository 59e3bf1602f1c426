package jp.insurer.governance.policy.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk own-identifier index answers every lookup exactly as the in-heap one. */
class OwnIdentifierPagesTest {

    @TempDir
    Path temp;

    private static final String KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
    private static final String KANJI = "山田佐藤鈴木高橋田中伊藤渡辺中村小林加藤吉田松本井上木村林清水森池";

    record Add(String customer, String type, String source, Object value) {}

    /**
     * Customers visited dataset by dataset in shuffled order, the same name under two columns in either
     * order (so "first kind wins" is exercised across spilled runs), and a few customers with hundreds of
     * addresses, whose blocks span pages.
     */
    static List<Add> synthetic(int customers, long seed) {
        Random random = new Random(seed);
        List<Add> adds = new ArrayList<>();
        for (int pass = 0; pass < 3; pass++) {
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < customers; c++) order.add(c);
            java.util.Collections.shuffle(order, random);
            for (int c : order) {
                String id = String.format("C%09d", c);
                Random own = new Random(c * 31L + seed);
                String name = word(own, KANJI, 2) + " " + word(own, KANJI, 2);
                String kana = word(own, KANA, 3) + " " + word(own, KANA, 3);
                if (pass == 0) {
                    adds.add(new Add(id, "CUSTOMER_ID", "customers.customer_id", id));
                    if (random.nextBoolean()) {
                        adds.add(new Add(id, "PERSON_NAME", "customers.氏名", name));
                        adds.add(new Add(id, "PERSON_NAME", "policies.holder_name", name));
                    } else {
                        adds.add(new Add(id, "PERSON_NAME", "policies.holder_name", name));
                        adds.add(new Add(id, "PERSON_NAME", "customers.氏名", name));
                    }
                    adds.add(new Add(id, "PERSON_NAME", "customers.フリガナ", kana));
                } else if (pass == 1) {
                    adds.add(new Add(
                            id,
                            "PHONE_NUMBER",
                            "customers.phone",
                            String.format("0%d-%04d-%04d", 3 + c % 7, c % 9973, c)));
                    adds.add(new Add(
                            id,
                            "DATE_OF_BIRTH",
                            "customers.birth_date",
                            LocalDate.of(1940 + own.nextInt(60), 1 + own.nextInt(12), 1 + own.nextInt(28))));
                } else {
                    adds.add(new Add(id, "EMAIL_ADDRESS", "customers.email", "u" + c + "@example.jp"));
                    int addresses = c % 997 == 0 ? 1500 : 1;
                    for (int a = 0; a < addresses; a++)
                        adds.add(new Add(
                                id,
                                "ADDRESS",
                                "claims.address",
                                "東京都" + word(own, KANJI, 2) + "区" + (1 + own.nextInt(9)) + "丁目" + own.nextInt(99) + "-"
                                        + own.nextInt(99)));
                    adds.add(new Add(id, "PERSON_NAME", "payments.card_holder", name)); // a third source, later
                }
            }
        }
        return adds;
    }

    private static String word(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return b.toString();
    }

    private static OwnIdentifierIndex build(OwnIdentifierIndex.Builder builder, List<Add> adds) {
        for (Add a : adds) builder.add(a.customer(), a.type(), a.source(), a.value());
        return builder.build();
    }

    @Test
    void onDiskLooksUpExactlyAsInHeap() throws Exception {
        int customers = 8000;
        List<Add> adds = synthetic(customers, 7);
        OwnIdentifierIndex heap = build(OwnIdentifierIndex.builder(), adds);
        Path folder = Files.createDirectory(temp.resolve("own"));
        try (OwnIdentifierIndex disk = build(OwnIdentifierIndex.builder(folder, 30_000), adds)) {
            assertThat(heap.forms()).isGreaterThan(200_000);
            assertThat(disk.customers()).isEqualTo(heap.customers()).isEqualTo(customers);
            assertThat(disk.forms()).isEqualTo(heap.forms());
            assertThat(disk.kinds()).isEqualTo(heap.kinds());
            assertThat(disk.fileBytes()).isGreaterThan(100L * OwnIdentifierPages.PAGE_BYTES);
            if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path f : files.toList())
                        assertThat(Files.getPosixFilePermissions(f))
                                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
                }
            }
            int spanning = 0;
            for (int c = 0; c < customers; c++) {
                String id = String.format("C%09d", c);
                long[] h = heap.customer(id).identifiers();
                assertThat(disk.customer(id).identifiers()).as(id).isEqualTo(h);
                if (h.length > OwnIdentifierPages.PAGE_LONGS) spanning++;
            }
            assertThat(spanning).as("customers longer than a page").isGreaterThan(3);
            assertThat(disk.customer("C999999999")).isNull();
            assertThat(disk.customer(" c000000017 ").identifiers())
                    .isEqualTo(heap.customer("C000000017").identifiers());
            for (Add a : adds.subList(0, 20_000)) {
                String text = "ご連絡：" + a.value() + " 以上";
                assertThat(disk.find(a.customer(), text)).isEqualTo(heap.find(a.customer(), text));
                assertThat(disk.find(a.customer(), text)).isNotEmpty();
            }
        }
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).as("close deletes the files and the folder").isEmpty();
        }
    }

    @Test
    void aCorruptedPageIsAnErrorNamingTheFileNeverAMiss() throws Exception {
        List<Add> adds = synthetic(2000, 11);
        Path folder = Files.createDirectory(temp.resolve("own"));
        try (OwnIdentifierIndex disk = build(OwnIdentifierIndex.builder(folder, 10_000), adds)) {
            Path file = folder.resolve("own-identifiers.pages");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocate(1);
                long at = 4096; // in the first page
                ch.read(b, at);
                b.put(0, (byte) (b.get(0) ^ 0x10));
                b.rewind();
                ch.write(b, at);
            }
            // the customers whose blocks are in the first page fail; every other is found, none is missed
            String failing = null;
            for (int c = 0; c < 2000; c++) {
                String id = String.format("C%09d", c);
                try {
                    assertThat(disk.customer(id)).as(id).isNotNull();
                } catch (IllegalStateException e) {
                    failing = id;
                }
            }
            assertThat(failing).isNotNull();
            String id = failing;
            assertThatThrownBy(() -> disk.customer(id))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("CRC-32C")
                    .hasMessageNotContaining(id);
        }
    }

    @Test
    void fewFormsNeverSpillAndAnEmptyIndexFindsNothing() throws Exception {
        Path folder = Files.createDirectory(temp.resolve("own"));
        try (OwnIdentifierIndex empty = OwnIdentifierIndex.builder(folder).build()) {
            assertThat(empty.customers()).isZero();
            assertThat(empty.customer("C000000001")).isNull();
        }
        Path second = Files.createDirectory(temp.resolve("own2"));
        List<Add> adds = synthetic(50, 3);
        OwnIdentifierIndex heap = build(OwnIdentifierIndex.builder(), adds);
        try (OwnIdentifierIndex disk = build(OwnIdentifierIndex.builder(second), adds)) {
            try (Stream<Path> files = Files.list(second)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("own-identifiers.pages");
            }
            for (int c = 0; c < 50; c++) {
                String id = String.format("C%09d", c);
                assertThat(disk.customer(id).identifiers())
                        .isEqualTo(heap.customer(id).identifiers());
            }
        }
    }
}
