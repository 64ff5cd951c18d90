package nabla.driver;

import nabla.driver.cli.Main;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Out-of-range chapter 3 options are refused with one line and status 2, before any data is read. */
class QualityOptionsTest {

    private static void refused(String expected, String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "train";
        System.arraycopy(options, 0, args, 1, options.length);
        Cli.Result result = Cli.run(args);
        assertEquals(Main.BAD_INPUT, result.status(), result.err());
        assertEquals(1, result.errLines().size(), result.err());
        assertEquals(true, result.err().contains(expected), result.err());
    }

    @Test
    void refusesWhatTheBookCannotMean() {
        refused("--lambda must be ≥ 0, got -1.0", "--lambda", "-1");
        refused("--momentum must be in [0, 1), got 1.0", "--momentum", "1");
        refused("--eta-schedule expects k,h", "--eta-schedule", "10");
        refused("--early-stop must be ≥ 0, got -2", "--early-stop", "-2");
        refused("--preset 'network3.py': expected network.py or network2.py", "--preset", "network3.py");
    }

    @Test
    void steeringByValidationAccuracyNeedsValidationData() {
        refused("give --validation N", "--validation", "0", "--early-stop", "3");
        refused("give --validation N", "--validation", "0", "--eta-schedule", "10,7");
    }
}
