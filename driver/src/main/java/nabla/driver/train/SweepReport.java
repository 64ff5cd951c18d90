package nabla.driver.train;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import nabla.worker.Blas;

/**
 * What a sweep prints on standard output: a header, after each epoch a table with a row per model that
 * trained in it (its settings, validation accuracy, best so far, mean cost, and how it ended if it did),
 * the sweep's leader marked, and at the end the ranking with the top models' test accuracy.
 */
final class SweepReport {
    private final PrintStream out;
    private final Map<Integer, String> labels;
    private final int width;

    SweepReport(PrintStream out, Map<Integer, String> labels) {
        this.out = out;
        this.labels = labels;
        this.width = Math.max(8, labels.values().stream().mapToInt(String::length).max().orElse(8));
    }

    void header(DataSets sets, int partitions, int models, String master) {
        out.printf("nabla sweep: %d models in lockstep, %d training, %d validation and %s test examples in %d"
                        + " partitions (%s, BLAS %s)%n", models, sets.training().count(), sets.validation().count(),
                sets.test() == null ? "no" : sets.test().count(), partitions, master, Blas.describe());
    }

    /** The table of epoch {@code epoch}: the models that trained in it; * marks the best so far of all. */
    void epoch(int epoch, List<Model> trained, List<Model> all) {
        Model leader = all.stream().filter(m -> m.bestEpoch >= 0)
                .max((a, b) -> a.best != b.best ? Double.compare(a.best, b.best) : Integer.compare(b.id, a.id))
                .orElse(null);
        out.printf("Epoch %d%n  %3s  %-" + width + "s  %10s  %8s  %9s%n", epoch, "id", "model", "validation",
                "best", "cost");
        for (Model m : trained) {
            boolean scored = m.accuracies.size() > epoch;          // not if it diverged in this epoch
            String accuracy = scored ? String.format("%.4f", m.accuracies.get(m.accuracies.size() - 1)) : "-";
            String cost = scored ? String.format("%.4f", m.costs.get(m.costs.size() - 1)) : "-";
            out.printf("%s %3d  %-" + width + "s  %10s  %8s  %9s%s%n", m == leader ? "*" : " ", m.id,
                    labels.get(m.id), accuracy, m.bestEpoch < 0 ? "-" : String.format("%.4f", m.best), cost,
                    m.ended == null || m.ended.equals("done") ? "" : "  " + m.ended);
        }
    }

    /** The ranking: best validation accuracy first, the epoch it came at, test accuracy for the top models. */
    void ranking(List<Sweep.Outcome> ranked) {
        out.printf("Ranking (by best validation accuracy; test accuracy of the top models, measured once)%n"
                + "  %4s  %3s  %-" + width + "s  %10s  %5s  %8s  %s%n", "rank", "id", "model", "validation", "epoch",
                "test", "ended");
        for (Sweep.Outcome o : ranked) {
            out.printf("  %4d  %3d  %-" + width + "s  %10s  %5s  %8s  %s%n", o.rank(), o.id(), o.label(),
                    o.bestEpoch() < 0 ? "-" : String.format("%.4f", o.best()),
                    o.bestEpoch() < 0 ? "-" : Integer.toString(o.bestEpoch()),
                    o.test() == null ? "" : String.format("%.4f", o.test().accuracy()), o.ended());
        }
    }
}
