package nabla.driver;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import nabla.driver.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** plot turns a metrics file into a PNG of the size asked for. */
class PlotCommandTest {

    @Test
    void drawsAValidPngOfTheExpectedSize(@TempDir Path dir) throws IOException {
        Path metrics = dir.resolve("metrics.jsonl");
        Files.writeString(metrics, String.join("\n",
                "{\"type\":\"epoch\",\"epoch\":0,\"step\":600,\"examples\":60000,\"batch_cost\":0.9,\"test_accuracy\":0.71,"
                        + "\"test_cost\":0.5,\"seconds\":3.0,\"examples_per_second\":20000,\"compute_seconds\":1.0,"
                        + "\"overhead_seconds\":2.0,\"eval_seconds\":0.2}",
                "{\"type\":\"step\",\"epoch\":1,\"step\":601,\"m\":100,\"cost\":0.4,\"compute_seconds\":0.001,\"t\":3.4}",
                "{\"type\":\"epoch\",\"epoch\":1,\"step\":1200,\"examples\":60000,\"batch_cost\":0.5,\"test_accuracy\":0.80,"
                        + "\"test_cost\":0.4,\"train_accuracy\":0.82,\"seconds\":3.0,\"examples_per_second\":20000,"
                        + "\"compute_seconds\":1.0,\"overhead_seconds\":2.0,\"eval_seconds\":0.2}", ""));
        Path png = dir.resolve("curves.png");
        assertEquals(0, Main.run("plot", "--metrics", metrics.toString(), "--out", png.toString(),
                "--width", "800", "--height", "300"));

        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "ImageIO reads it");
        assertEquals(800, image.getWidth());
        assertEquals(300, image.getHeight());
    }

    @Test
    void aFileWithoutEpochLinesIsBadInput(@TempDir Path dir) throws IOException {
        Path metrics = Files.writeString(dir.resolve("empty.jsonl"), "");
        assertEquals(Main.BAD_INPUT, Main.run("plot", "--metrics", metrics.toString(), "--out",
                dir.resolve("x.png").toString()));
    }
}
