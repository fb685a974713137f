package dev.tinytorch.examples.cli;

import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.data.IdxImages;
import dev.tinytorch.nn.data.IdxLabels;
import dev.tinytorch.nn.data.IdxReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * IDX images (and their labels) as the commands use them: one row of pixels in {@code [0, 1]} per image, row after
 * row, which is PyTorch's NCHW order for one channel, and feature names {@code pixel0, pixel1, ...} so a model
 * trained on images records what it takes like any other.
 */
final class ImageData {

    /** The name the commands give the labels' "column". */
    static final String TARGET = "label";

    private final IdxImages images;
    private final double[] labels;

    private ImageData(IdxImages images, double[] labels) {
        this.images = images;
        this.labels = labels;
    }

    /**
     * The images in {@code images} and the labels in {@code labels}.
     *
     * @throws dev.tinytorch.nn.data.IdxFormatException naming the file if either is malformed
     * @throws CommandFailure naming both files if their counts differ, or if there are no images
     */
    static ImageData read(Path images, Path labels) throws IOException {
        IdxImages pixels = IdxReader.readImages(images);
        IdxLabels read = IdxReader.readLabels(labels);
        if (read.count() != pixels.count()) {
            throw new CommandFailure(images + " holds " + pixels.count() + " images but " + labels + " holds "
                    + read.count() + " labels; each image needs exactly one label");
        }
        if (pixels.count() == 0) {
            throw new CommandFailure(images + ": no images (the header's count is 0)");
        }
        return new ImageData(pixels, read.toDoubles());
    }

    /** The images in {@code images}, without labels (for prediction). */
    static ImageData read(Path images) throws IOException {
        return new ImageData(IdxReader.readImages(images), null);
    }

    /**
     * Checks that {@code labels} comes with IDX images and only with them, telling IDX from CSV by the content of
     * {@code data} (its magic number, see {@link IdxReader#isIdx}), never by its name.
     *
     * @throws ParameterException (exit 2) if {@code data} holds IDX images but no {@code --labels} is given
     * @throws CommandFailure if {@code --labels} is given but {@code data} is a file that is not IDX
     */
    static void checkLabels(CommandSpec spec, Path data, Path labels) throws IOException {
        boolean idx = IdxReader.isIdx(data);
        if (idx && labels == null) {
            throw new ParameterException(spec.commandLine(), "--data " + data + " holds IDX images (it starts with an"
                    + " IDX magic number); give their labels with --labels FILE");
        }
        if (!idx && labels != null && !Files.isDirectory(data)) {  // a directory: the reader says so
            throw new CommandFailure(data + ": not IDX images (it does not start with an IDX magic number, 00 00 08"
                    + " 03, gzip-compressed or not), so --labels " + labels + " has nothing to label; give CSV data"
                    + " without --labels");
        }
    }

    /** Each image's shape: one channel of rows x columns. */
    ImageShape shape() {
        return new ImageShape(1, images.rows(), images.cols());
    }

    /** The names of the pixels, {@code pixel0} on. */
    List<String> featureNames() {
        int size = images.rows() * images.cols();
        List<String> names = new ArrayList<>(size);
        for (int p = 0; p < size; p++) {
            names.add("pixel" + p);
        }
        return names;
    }

    /** One row of pixels per image, each divided by {@value IdxImages#MAX_PIXEL}, as torchvision's ToTensor. */
    double[][] pixels() {
        double[][] x = new double[images.count()][images.rows() * images.cols()];
        for (int i = 0; i < x.length; i++) {
            for (int r = 0; r < images.rows(); r++) {
                for (int c = 0; c < images.cols(); c++) {
                    x[i][r * images.cols() + c] = images.pixel(i, r, c) / (double) IdxImages.MAX_PIXEL;
                }
            }
        }
        return x;
    }

    /** The labels, one per image; {@code null} if read without. */
    double[] labels() {
        return labels;
    }
}
