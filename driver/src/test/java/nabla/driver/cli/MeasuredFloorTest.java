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

/**
 * explain --master measures the scaling model's fixed cost (α · stages + β · bytes(θ) · levels) on that Spark and
 * uses it in place of --fixed-ms.
 */
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
        assertTrue(text.contains("The scaling model's fixed cost, measured on local[2]:"), text);
        Matcher measured = Pattern.compile("α = ([0-9.]+) ms a stage; β = ([0-9.]+) ms per MB of θ per level; this"
                + " step runs 1 stage\\(s\\) and sends θ of 190,880 bytes over 2 levels: fixed = α · stages \\+ β ·"
                + " bytes · levels = ([0-9.]+) ms").matcher(text);
        assertTrue(measured.find(), text);
        double alpha = Double.parseDouble(measured.group(1));
        double beta = Double.parseDouble(measured.group(2));
        double fixed = Double.parseDouble(measured.group(3));
        assertTrue(alpha > 0, text);
        assertEquals(alpha + beta * 0.190_880 * 2, fixed, 0.06 + 0.0005 * 0.19 * 2, text);   // printed rounding
        assertTrue(text.contains("  fixed     " + measured.group(3) + " ms"), text);   // not --fixed-ms's 12345
    }
}
