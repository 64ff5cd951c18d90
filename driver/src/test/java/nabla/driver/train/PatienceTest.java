package nabla.driver.train;

import java.util.ArrayList;
import java.util.List;
import nabla.driver.train.Patience.EtaSchedule;
import nabla.driver.data.BadInput;
import nabla.worker.Sgd;
import org.junit.jupiter.api.Test;
import static nabla.driver.train.Patience.Verdict.HALVED_ETA;
import static nabla.driver.train.Patience.Verdict.IMPROVED;
import static nabla.driver.train.Patience.Verdict.NO_IMPROVEMENT;
import static nabla.driver.train.Patience.Verdict.STOP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The η schedule and early stopping, fed validation accuracies epoch by epoch. */
class PatienceTest {

    private static List<Patience.Verdict> feed(Patience patience, double... accuracies) {
        List<Patience.Verdict> verdicts = new ArrayList<>();
        for (double a : accuracies) {
            verdicts.add(patience.epochDone(a));
        }
        return verdicts;
    }

    @Test
    void earlyStoppingStopsAfterKEpochsWithoutANewBest() {
        Patience patience = new Patience(new Sgd(1), EtaSchedule.NONE, 2);
        // 0.80 ties the best, which is no improvement; 0.82 is one and resets the count
        assertEquals(List.of(IMPROVED, NO_IMPROVEMENT, IMPROVED, NO_IMPROVEMENT, STOP),
                feed(patience, 0.80, 0.80, 0.82, 0.81, 0.79));
        assertEquals(0.82, patience.best());
    }

    @Test
    void theScheduleHalvesEtaAfterKStalledEpochsAndStopsAtTheHthHalving() {
        Sgd sgd = new Sgd(0.8);
        Patience patience = new Patience(sgd, new EtaSchedule(2, 3), 0);
        assertEquals(List.of(IMPROVED, NO_IMPROVEMENT, HALVED_ETA), feed(patience, 0.5, 0.4, 0.5));
        assertEquals(0.4, sgd.eta());
        // the lower η gets k epochs of its own; a new best resets the count
        assertEquals(List.of(NO_IMPROVEMENT, IMPROVED, NO_IMPROVEMENT, HALVED_ETA), feed(patience, 0.5, 0.6, 0.6, 0.6));
        assertEquals(0.2, sgd.eta());
        assertEquals(List.of(NO_IMPROVEMENT, STOP), feed(patience, 0.6, 0.6));
        assertEquals(0.2, sgd.eta(), "the last halving ends the run instead of lowering η");
    }

    @Test
    void withBothRulesTheFirstToFireWins() {
        Sgd sgd = new Sgd(1);
        Patience patience = new Patience(sgd, new EtaSchedule(1, 5), 3);
        assertEquals(List.of(IMPROVED, HALVED_ETA, HALVED_ETA, STOP), feed(patience, 0.9, 0.8, 0.8, 0.8));
        assertEquals(0.25, sgd.eta());
    }

    @Test
    void parsesTheScheduleOption() {
        assertEquals(new EtaSchedule(10, 7), EtaSchedule.parse("10,7"));
        assertEquals(EtaSchedule.NONE, EtaSchedule.parse("none"));
        assertThrows(BadInput.class, () -> EtaSchedule.parse("10"));
        assertThrows(BadInput.class, () -> EtaSchedule.parse("10,x"));
        assertThrows(BadInput.class, () -> EtaSchedule.parse("0,3"));
    }
}
