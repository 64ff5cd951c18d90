package nabla.driver.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nabla.driver.data.BadInput;
import nabla.driver.data.AtomicFile;
import nabla.driver.data.HadoopFiles;
import nabla.driver.data.ModelFile;
import org.apache.hadoop.conf.Configuration;

/**
 * What a sweep writes: with --save-dir every model in network2.py's JSON (model-ID.json) and sweep.json
 * (shared settings; per model its settings, curves, rank, test accuracy; the best model's file), each
 * written atomically to any Hadoop path; with --metrics a JSON line per model per epoch; with --checkpoint
 * the whole sweep after every epoch, which --resume goes on from.
 */
public final class SweepFiles implements Closeable {
    private static final String CHECKPOINT = "sweep-checkpoint.bin";

    /** Where: a directory for the models and sweep.json, a metrics file, a checkpoint directory (each may be null). */
    public record Paths(String saveDir, Path metrics, String checkpoint, boolean resume) {
        public static final Paths NONE = new Paths(null, null, null, false);

        public Paths {
            if (resume && checkpoint == null) {
                throw new BadInput("--resume needs --checkpoint DIR");
            }
        }
    }

    /** A checkpoint: every model's state after epoch {@code next} − 1, and the settings it was taken with. */
    private record State(int next, List<Map<String, String>> settings, List<Model.Saved> models)
            implements Serializable {
    }

    private final Paths paths;
    private final Configuration hadoop;
    private final Map<Integer, String> labels;
    private final Lines metrics;

    SweepFiles(Paths paths, Configuration hadoop, Map<Integer, String> labels) {
        this.paths = paths;
        this.hadoop = hadoop;
        this.labels = labels;
        try {
            this.metrics = paths.metrics() == null ? null : new Lines(Files.newBufferedWriter(paths.metrics()));
        } catch (IOException e) {
            throw new BadInput("cannot write --metrics " + paths.metrics() + ": " + e.getMessage(), e);
        }
    }

    /** With --resume and a checkpoint, the models restored to the epoch after the checkpoint's. */
    void resume(List<Model> members, PrintStream out) {
        String file = checkpointFile();
        if (!paths.resume() || !HadoopFiles.exists(new org.apache.hadoop.fs.Path(file), hadoop)) {
            if (paths.resume()) {
                out.printf("nabla: no checkpoint in %s; starting from the beginning%n", paths.checkpoint());
            }
            return;
        }
        State state;
        try (InputStream in = HadoopFiles.open(file, hadoop); ObjectInputStream objects = new ObjectInputStream(in)) {
            state = (State) objects.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new BadInput("cannot read the sweep checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (!state.settings().equals(settings(members))) {
            throw new BadInput("the checkpoint in " + paths.checkpoint() + " is of another sweep (other settings)");
        }
        for (int i = 0; i < members.size(); i++) {
            members.get(i).restore(state.models().get(i), state.next());
        }
        out.printf("nabla: resumed the sweep from %s at epoch %d%n", paths.checkpoint(), state.next());
    }

    /** After an epoch: a metrics line per model that trained in it; the checkpoint. */
    void epochDone(int epoch, List<Model> trained, List<Model> all) {
        if (metrics != null) {
            for (Model m : trained) {
                ObjectNode line = Metrics.JSON.createObjectNode().put("type", "sweep-epoch").put("model", m.id)
                        .put("label", labels.get(m.id)).put("epoch", epoch);
                if (m.accuracies.size() > epoch) {
                    line.put("validation_accuracy", m.accuracies.get(epoch)).put("cost", m.costs.get(epoch));
                }
                line.put("ended", m.ended);
                metrics.write(line.toString());
            }
        }
        if (paths.checkpoint() != null) {
            State state = new State(epoch + 1, settings(all), all.stream().map(Model::save).toList());
            AtomicFile.write(checkpointFile(), hadoop, out -> {
                ObjectOutputStream objects = new ObjectOutputStream(out);
                objects.writeObject(state);
                objects.flush();
            });
        }
    }

    /** With --save-dir: every model's file, then sweep.json naming the best. */
    void save(List<Sweep.Outcome> ranked) {
        if (paths.saveDir() == null) {
            return;
        }
        ArrayNode models = Metrics.JSON.createArrayNode();
        for (Sweep.Outcome o : ranked) {
            ModelFile.write(modelFile(o.id()), hadoop, o.theta(), o.settings().network().cost());
            ObjectNode model = models.addObject().put("id", o.id()).put("rank", o.rank()).put("label", o.label())
                    .put("file", "model-" + o.id() + ".json").put("best_validation_accuracy", o.best())
                    .put("best_epoch", o.bestEpoch()).put("ended", o.ended());
            model.set("settings", Metrics.JSON.valueToTree(Grid.own(o.settings())));
            model.set("validation_accuracy", Metrics.JSON.valueToTree(o.accuracies()));
            model.set("cost", Metrics.JSON.valueToTree(o.costs()));
            if (o.test() != null) {
                model.put("test_accuracy", o.test().accuracy());
            }
        }
        ObjectNode root = Metrics.JSON.createObjectNode().put("best", "model-" + ranked.get(0).id() + ".json");
        root.set("shared", Metrics.JSON.valueToTree(Grid.shared(ranked.get(0).settings())));
        root.set("models", models);
        AtomicFile.write(paths.saveDir() + "/sweep.json", hadoop,
                out -> Metrics.JSON.writerWithDefaultPrettyPrinter().writeValue(out, root));
    }

    private String modelFile(int id) {
        return paths.saveDir() + "/model-" + id + ".json";
    }

    private String checkpointFile() {
        return paths.checkpoint() + "/" + CHECKPOINT;
    }

    private static List<Map<String, String>> settings(List<Model> members) {
        return members.stream().map(m -> {
            Map<String, String> all = new java.util.TreeMap<>(Grid.own(m.settings));
            all.putAll(Grid.shared(m.settings));
            all.remove("epochs");                                       // a resumed sweep may go on longer
            return (Map<String, String>) all;
        }).toList();
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
