package nabla.driver.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nabla.driver.SpyFileSystem;
import nabla.worker.Cost;
import nabla.worker.Parameters;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** network2.py's JSON: what we write reads back to the same bits, and the book's layout reads right. */
class ModelFileTest {
    private static final Configuration HADOOP = HadoopFiles.configuration(Map.of());

    @TempDir
    Path dir;

    @Test
    void writesAndReadsTheSameBits() {
        Parameters theta = Parameters.random(new int[] {784, 30, 10}, true, 3);
        for (Cost cost : Cost.values()) {
            Path file = dir.resolve(cost + ".json");
            ModelFile.write(file.toString(), HADOOP, theta, cost);
            ModelFile.Model read = ModelFile.read(file.toString(), HADOOP);
            assertEquals(theta, read.theta());
            assertEquals(cost, read.cost());
        }
        assertFalse(Files.exists(dir.resolve(".QUADRATIC.json.tmp")), "no temporary file left behind");
    }

    /** The layout network2.py's save writes: weights as rows (neuron j's weights), biases as n × 1 columns. */
    @Test
    void readsTheBooksLayout() throws IOException {
        Path file = dir.resolve("network2.json");
        Files.writeString(file, """
                {"sizes": [2, 3, 1],
                 "weights": [[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[7.0, 8.0, 9.0]]],
                 "biases": [[[0.1], [0.2], [0.3]], [[0.4]]],
                 "cost": "CrossEntropyCost"}""");
        ModelFile.Model model = ModelFile.read(file.toUri().toString(), HADOOP);       // file:///…
        Parameters theta = model.theta();
        assertEquals(Cost.CROSS_ENTROPY, model.cost());
        assertEquals(4.0, theta.w(1, 1, 1));     // W^1(j=1, k=1): row 1, column 1
        assertEquals(5.0, theta.w(1, 2, 0));
        assertEquals(9.0, theta.w(2, 0, 2));
        assertEquals(0.3, theta.b(1)[2]);
        assertEquals(0.4, theta.b(2)[0]);
    }

    /** Not only local files: --save and --init take any Hadoop path (here the local disk under spy://). */
    @Test
    void writesOverAndReadsAModelOnAnotherFileSystem() throws IOException {
        Configuration hadoop = new Configuration(HADOOP);
        hadoop.set("fs.spy.impl", SpyFileSystem.class.getName());
        hadoop.set("fs.AbstractFileSystem.spy.impl", SpyFileSystem.Fs.class.getName());
        Path models = dir.resolve("models");
        String file = "spy://" + models.resolve("model.json").toAbsolutePath();
        Parameters first = Parameters.random(new int[] {5, 4, 3}, true, 1);
        Parameters second = Parameters.random(new int[] {5, 4, 3}, true, 2);
        ModelFile.write(file, hadoop, first, Cost.QUADRATIC);
        ModelFile.write(file, hadoop, second, Cost.CROSS_ENTROPY);                    // replaces the first

        ModelFile.Model read = ModelFile.read(file, hadoop);
        assertEquals(second, read.theta());
        assertEquals(Cost.CROSS_ENTROPY, read.cost());
        try (var left = Files.list(models)) {
            assertEquals(List.of(models.resolve("model.json")), left.toList(), "no temporary or .crc file");
        }
    }
}
