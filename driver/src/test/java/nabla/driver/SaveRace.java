package nabla.driver;

import java.util.Map;
import nabla.driver.data.HadoopFiles;
import nabla.driver.data.ModelFile;
import nabla.worker.Cost;
import nabla.worker.Parameters;

/** One side of the save race: writes its own model (seeded) to one path, as --save does, k times. */
final class SaveRace {
    static final int[] SIZES = {784, 100, 10};

    private SaveRace() {
    }

    static Parameters model(long seed) {
        return Parameters.random(SIZES, false, seed);
    }

    /** {@code args}: the path, the seed, the number of saves. */
    public static void main(String[] args) {
        Parameters theta = model(Long.parseLong(args[1]));
        for (int k = 0; k < Integer.parseInt(args[2]); k++) {
            ModelFile.write(args[0], HadoopFiles.configuration(Map.of()), theta, Cost.CROSS_ENTROPY);
        }
        System.out.println("saved " + args[2] + " times");
    }
}
