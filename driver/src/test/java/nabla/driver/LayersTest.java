package nabla.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The driver's packages depend downwards only, as the architecture reads: cli → nabla.driver (the Java
 * API) → options → train, infer → data → worker. Read from the compiled classes: every class or type
 * descriptor a class file's constant pool names is a dependency of its package. A new arrow upwards (or
 * a cycle) fails here, naming the classes.
 */
class LayersTest {
    /** Each package's layer: a package may use its own and those of lower layers, nothing else. */
    private static final Map<String, Integer> LAYER = Map.of(
            "nabla/driver/cli", 5,
            "nabla/driver", 4,
            "nabla/driver/options", 3,
            "nabla/driver/train", 2,
            "nabla/driver/infer", 2,
            "nabla/driver/data", 1,
            "nabla/worker", 0);
    /** A class's internal name, as descriptors and Class entries spell it: nabla/driver/train/Run. */
    private static final Pattern CLASS = Pattern.compile("nabla/(?:[a-z0-9_]+/)*[A-Z][A-Za-z0-9_$]*");
    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void packagesDependDownwardsOnly() throws IOException {
        Map<String, Set<String>> uses = dependencies();
        Set<String> packages = new TreeSet<>();
        uses.keySet().forEach(c -> packages.add(packageOf(c)));
        assertEquals(new TreeSet<>(LAYER.keySet()).headSet("nabla/worker"), packages, "the driver's packages");
        List<String> upwards = new ArrayList<>();
        uses.forEach((user, used) -> {
            for (String c : used) {
                String from = packageOf(user);
                String to = packageOf(c);
                if (!LAYER.containsKey(to) || !to.equals(from) && LAYER.get(to) >= LAYER.get(from)) {
                    upwards.add(user + " → " + c);
                }
            }
        });
        assertEquals(List.of(), upwards, "dependencies that do not point down the layers");
    }

    @Test
    void readsTheClassesAClassFileNames() throws IOException {
        Set<String> named = namedIn(CLASSES.resolve("nabla/driver/Nabla.class"));
        assertTrue(named.contains("nabla/driver/options/TrainOptions"), "a static call: " + named);
        assertTrue(named.contains("nabla/driver/data/ModelFile$Model"), "a return type: " + named);
        assertTrue(named.contains("nabla/driver/train/Settings"), "a parameter type: " + named);
    }

    /** Every class in target/classes → the nabla classes its constant pool names. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('\\', '/').replace(".class", "");
                if (!name.endsWith("package-info")) {
                    uses.put(name, namedIn(file));
                }
            }
        }
        return uses;
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('/'));
    }

    /**
     * The nabla classes named in a class file's constant pool: its Class entries and the type descriptors
     * and signatures among its UTF-8 entries (JVMS 4.4).
     */
    static Set<String> namedIn(Path classFile) throws IOException {
        Set<String> named = new TreeSet<>();
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            data.readInt();                                                   // magic
            data.readInt();                                                   // minor and major version
            int count = data.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> CLASS.matcher(data.readUTF()).results().forEach(m -> named.add(m.group()));
                    case 7, 8, 16, 19, 20 -> data.readUnsignedShort();         // Class, String, MethodType, Module, Package
                    case 15 -> data.skipBytes(3);                             // MethodHandle
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.readInt();       // Integer, Float, refs, NameAndType, Dynamic
                    case 5, 6 -> {                                            // Long, Double: two entries
                        data.readLong();
                        i++;
                    }
                    default -> throw new IOException(classFile + ": constant pool tag " + tag + " at entry " + i);
                }
            }
        }
        return named;
    }
}
