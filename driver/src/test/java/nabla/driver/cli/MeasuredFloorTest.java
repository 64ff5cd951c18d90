package nabla.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nabla.driver.LocalSpark;
import org.junit.jupiter.api.Test;

/** explain --master measures the fixed cost on that Spark and uses it in place of --fixed-ms. */
class MeasuredFloorTest {

    @Test
    void explainWithAMasterUsesTheFixedCostMeasuredThere() {
        LocalSpark.context();                                  // explain finds it and leaves it running
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = System.out;
        int status;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            status = Main.run("explain", "--master", "local[2]", "--batch", "100", "--partitions", "2",
                    "--gflops", "10", "--fixed-ms", "12345");
        } finally {
            System.setOut(out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        Matcher measured = Pattern.compile("Fixed cost measured on local\\[2\\]: .* median of 40: ([0-9.]+) ms")
                .matcher(text);
        assertTrue(measured.find(), text);
        assertTrue(Double.parseDouble(measured.group(1)) > 0, text);
        assertTrue(text.contains("  fixed     " + measured.group(1) + " ms"), text);   // not --fixed-ms's 12345
    }
}
