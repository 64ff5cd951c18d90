package nabla.driver.data;

import java.nio.file.Path;
import java.util.Arrays;
import nabla.driver.BadInput;

/**
 * Labelled images as read on the driver, in file order: example i is image i with class labels[i].
 *
 * @param source where they came from, for messages
 */
public record Labelled(String source, Idx.Images images, byte[] labels) {

    public Labelled {
        if (images.count() != labels.length) {
            throw new BadInput(source + ": " + images.count() + " images but " + labels.length + " labels");
        }
    }

    /** The training set (train-*) or the test set (t10k-*) of an MNIST-layout directory. */
    public static Labelled read(Path dir, boolean training) {
        String prefix = training ? "train" : "t10k";
        Path imageFile = Idx.find(dir, prefix + "-images-idx3-ubyte");
        Path labelFile = Idx.find(dir, prefix + "-labels-idx1-ubyte");
        return new Labelled(dir + "/" + prefix + "-*", Idx.readImages(imageFile), Idx.readLabels(labelFile));
    }

    public int count() {
        return labels.length;
    }

    /** Examples [from, to) in file order, as a set of their own. */
    public Labelled slice(int from, int to) {
        if (from < 0 || to > count() || from > to) {
            throw new IllegalArgumentException("cannot take examples [" + from + ", " + to + ") of " + count());
        }
        int n0 = images.pixelsPerImage();
        byte[] pixels = Arrays.copyOfRange(images.pixels(), from * n0, to * n0);
        return new Labelled(source + "[" + from + ", " + to + ")",
                new Idx.Images(to - from, images.rows(), images.columns(), pixels),
                Arrays.copyOfRange(labels, from, to));
    }

    /** Checks the examples fit a network with n_0 inputs and n_L output classes. */
    public void checkFits(int inputs, int classes) {
        if (images.pixelsPerImage() != inputs) {
            throw new BadInput(source + ": images have " + images.rows() + "×" + images.columns() + " = "
                    + images.pixelsPerImage() + " pixels; the input layer has " + inputs);
        }
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xff;
            if (label >= classes) {
                throw new BadInput(source + ": example " + i + " has label " + label
                        + "; the output layer has " + classes + " classes (0.." + (classes - 1) + ")");
            }
        }
    }
}
