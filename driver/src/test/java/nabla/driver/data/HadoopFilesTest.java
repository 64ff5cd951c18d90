package nabla.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes that never lose a good file, and part files in the order their examples count. */
class HadoopFilesTest {
    private final Configuration conf = HadoopFiles.configuration(Map.of());

    @TempDir
    Path dir;

    @Test
    void aFailedWriteLeavesTheGoodFileAndNoTemporary() throws IOException {
        Path model = dir.resolve("model.json");
        AtomicFile.write(model.toString(), conf, out -> out.write("good".getBytes(StandardCharsets.UTF_8)));
        assertThrows(BadInput.class, () -> AtomicFile.write(model.toString(), conf, out -> {
            out.write("half a mod".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("good", Files.readString(model));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(model), left.toList());
        }
    }

    @Test
    void partFilesSortByNameWithoutHiddenOnes() throws IOException {
        for (String name : new String[] {"part-00010", "part-00002", "_SUCCESS", ".part-00002.crc", "part-00001"}) {
            Files.writeString(dir.resolve(name), "");
        }
        assertEquals(List.of("part-00001", "part-00002", "part-00010"),
                HadoopFiles.files(dir.toString(), conf).stream().map(p -> p.getName()).toList());
    }
}
