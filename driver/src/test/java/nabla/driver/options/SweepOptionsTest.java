package nabla.driver.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nabla.driver.train.Grid;
import nabla.driver.train.Settings;
import nabla.driver.train.Sweep;
import org.junit.jupiter.api.Test;

/** The grid of {@code nabla sweep}'s options: the Cartesian product, each model what train makes of it. */
class SweepOptionsTest {
    private static final String DATA = "../data/fashion-mnist-sample";

    @Test
    void theGridIsTheProductAndEachModelIsTrainsSettings() {
        Sweep.Plan plan = SweepOptions.plan("--data", DATA, "--eta", "0.5,3.0", "--layers", "784,10,10:784,12,10",
                "--eta-schedule", "2,3:none", "--batch", "100", "--seed", "4");
        assertTrue(plan.defaultHoldout(), "no --validation: the default hold-out");
        assertEquals(8, plan.models().size());
        Settings last = plan.models().get(7);
        Settings alone = TrainOptions.settings("--data", DATA, "--batch", "100", "--seed", "4", "--validation",
                Integer.toString(Sweep.DEFAULT_VALIDATION), "--layers", "784,12,10", "--eta", "3.0",
                "--eta-schedule", "none");
        assertEquals(Grid.own(alone), Grid.own(last));
        assertEquals(Map.of("layers", "784,10,10", "eta", "0.5", "eta-schedule", "2,3"),
                Map.of("layers", Grid.own(plan.models().get(0)).get("layers"), "eta",
                        Grid.own(plan.models().get(0)).get("eta"), "eta-schedule",
                        Grid.own(plan.models().get(0)).get("eta-schedule")));
        assertEquals(List.of(100, 100), List.of(last.optimisation().batch(), plan.models().get(0).optimisation().batch()));
    }
}
