package nabla.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees, in a JVM of its own with nabla's log configuration: a malformed line deep in a LIBSVM
 * file (met by an executor, in the second input split) gives exit status 2 and one line on standard
 * error — Spark logs no failed task and no stack trace — and no model.
 */
class SeparateJvmTest {

    @TempDir
    Path dir;

    @Test
    void anExecutorsParseErrorIsOneLineOnStandardError() throws IOException, InterruptedException {
        Path conf = Files.writeString(dir.resolve("test.properties"), "spark.ui.enabled=false\n");
        Path model = dir.resolve("model.json");
        Child.Result result = Child.run(dir, "nabla", "train",
                "--train", Path.of("src/test/resources/bad/late-error.libsvm").toAbsolutePath().toString(),
                "--format", "libsvm", "--layers", "4,3,3", "--batch", "2", "--conf", conf.toString(),
                "--save", model.toString());

        String err = result.err();
        List<String> lines = err.lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules"))     // the JVM's, for the Vector API
                .toList();
        assertEquals(2, result.status(), err);
        assertEquals(1, lines.size(), "stderr:\n" + err);
        assertTrue(lines.get(0).matches("nabla: .*late-error\\.libsvm, line 7: index 9 is out of range 1\\.\\.4.*"),
                lines.get(0));
        assertFalse(Files.exists(model));
    }
}
